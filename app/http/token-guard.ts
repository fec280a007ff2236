import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export interface TokenGuardOptions {
  /** The expected token; empty leaves the guarded endpoints open (local demos). */
  readonly token: string;
  /** Lower-case header that carries the token (`x-admin-token`, `x-service-token`). */
  readonly header: string;
  /** Also accept `Authorization: Bearer <token>` (checked first). */
  readonly acceptBearer: boolean;
  /** What the token is called in error details ("admin token"). */
  readonly name: string;
  /** What it guards, for the 401 detail ("this control"). */
  readonly guarded: string;
}

function presentedToken(headers: IncomingHttpHeaders, options: TokenGuardOptions): string | undefined {
  const authorization = headers.authorization;
  if (options.acceptBearer && authorization?.toLowerCase().startsWith('bearer '))
    return authorization.slice(7).trim();
  const value = headers[options.header];
  return typeof value === 'string' ? value : undefined;
}

/**
 * A shared-secret check: missing token → 401, wrong token → 403. The
 * comparison is constant-time, and hashing both sides first makes the lengths
 * equal, so it leaks neither content nor length.
 */
export function tokenGuard(options: TokenGuardOptions): RequestHandler {
  const expected = options.token ? digest(options.token) : undefined;
  return (req, _res, next) => {
    if (!expected) {
      next();
      return;
    }
    const presented = presentedToken(req.headers, options);
    if (presented === undefined) throw new UnauthorizedError(`${options.guarded} needs the ${options.name}`);
    if (!timingSafeEqual(digest(presented), expected))
      throw new ForbiddenError(`the ${options.name} is wrong`);
    next();
  };
}
