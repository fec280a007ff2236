import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

function presentedToken(
  authorization: string | undefined,
  header: string | string[] | undefined,
): string | undefined {
  if (authorization?.toLowerCase().startsWith('bearer ')) return authorization.slice(7).trim();
  return typeof header === 'string' ? header : undefined;
}

/**
 * Guards the runtime controls. With no token configured they are open (local
 * demos); otherwise the token comes as `Authorization: Bearer` or
 * `X-Admin-Token` and is compared in constant time (hashing first makes the
 * lengths equal, so the comparison leaks neither content nor length).
 */
export function adminGuard(token: string): RequestHandler {
  const expected = token ? digest(token) : undefined;
  return (req, _res, next) => {
    if (!expected) {
      next();
      return;
    }
    const presented = presentedToken(req.headers.authorization, req.headers['x-admin-token']);
    if (presented === undefined) throw new UnauthorizedError('this control needs the admin token');
    if (!timingSafeEqual(digest(presented), expected)) throw new ForbiddenError('the admin token is wrong');
    next();
  };
}
