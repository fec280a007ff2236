import type { RequestHandler } from 'express';
import { tokenGuard } from './token-guard.js';

/** The header a service presents its shared token in, inbound and outbound. */
export const serviceTokenHeader = 'x-service-token';

/**
 * Guards internal (service-to-service) endpoints with `X-Service-Token`
 * (config `serviceAuth.token`, env SERVICE_TOKEN): missing → 401, wrong → 403,
 * compared in constant time. Like the admin token, an empty token leaves the
 * endpoints open so a laptop demo needs no secret.
 * Only the header is accepted, not `Authorization`, so a user's bearer token
 * forwarded by mistake can never pass as a service's.
 */
export function serviceGuard(token: string): RequestHandler {
  return tokenGuard({
    token,
    header: serviceTokenHeader,
    acceptBearer: false,
    name: 'service token',
    guarded: 'this internal endpoint',
  });
}
