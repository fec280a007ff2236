import type { RequestHandler } from 'express';
import { tokenGuard } from './token-guard.js';

/**
 * Guards the runtime controls. With no token configured they are open (local
 * demos); otherwise the token comes as `Authorization: Bearer` or
 * `X-Admin-Token`, compared in constant time.
 */
export function adminGuard(token: string): RequestHandler {
  return tokenGuard({
    token,
    header: 'x-admin-token',
    acceptBearer: true,
    name: 'admin token',
    guarded: 'this control',
  });
}
