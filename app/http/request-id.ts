import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

export const requestIdHeader = 'x-request-id';
/** Long enough for UUIDs, trace IDs and most gateways' IDs; short enough to keep logs sane. */
const wellFormed = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Reuses a well-formed inbound X-Request-ID (so a call keeps one ID across
 * services) or makes one; echoes it so clients can quote it.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const inbound = req.headers[requestIdHeader];
    const id = typeof inbound === 'string' && wellFormed.test(inbound) ? inbound : randomUUID();
    req.id = id;
    res.setHeader('X-Request-ID', id);
    next();
  };
}
