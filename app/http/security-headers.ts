import type { RequestHandler } from 'express';
import helmet from 'helmet';

type HeaderValue = string | number | readonly string[];

/**
 * Runs a header-only middleware once against a recording response and returns
 * the headers it sets. helmet stays the source of truth for names and values;
 * the hot path then sets a precomputed list instead of walking helmet's chain.
 */
export function recordHeaders(middleware: RequestHandler): Map<string, HeaderValue> {
  const headers = new Map<string, HeaderValue>();
  const res = {
    locals: {},
    setHeader: (name: string, value: HeaderValue) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name),
  };
  let called = false;
  middleware({} as never, res as never, () => {
    called = true;
  });
  if (!called) throw new Error('the header middleware did not call next() synchronously');
  return headers;
}

/**
 * Security headers for JSON API responses: the short set OWASP's REST guidance
 * asks for (nosniff, no framing, a deny-all CSP, no referrer). Browser-page
 * headers on every JSON answer would only cost bytes. TLS ends at the ingress,
 * so no HSTS (it would break plain-http port-forwards).
 */
export function apiSecurityHeaders(): RequestHandler {
  const headers = recordHeaders(
    helmet({
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
    }) as RequestHandler,
  );
  return (_req, res, next) => {
    res.setHeaders(headers);
    next();
  };
}

/** helmet's full set for the docs pages, with the CSP Swagger UI needs and no upgrade-insecure-requests. */
export function docsSecurityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: false,
  }) as RequestHandler;
}
