import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers, by audience. JSON API responses get the short set OWASP's
 * REST guidance asks for (nosniff, no framing, a deny-all CSP, no referrer) —
 * browser-page headers on every JSON answer only cost bytes on the hot path.
 * The docs pages get helmet's full set, with the CSP Swagger UI needs. TLS ends
 * at the ingress, so neither sends HSTS or upgrade-insecure-requests (they break
 * plain-http port-forwards).
 */
export function securityHeaders(): RequestHandler {
  const api = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
  const docs = helmet({
    contentSecurityPolicy: {
      directives: {
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: false,
  });
  return (req, res, next) =>
    (req.path === '/docs' || req.path.startsWith('/docs/') ? docs : api)(req, res, next);
}
