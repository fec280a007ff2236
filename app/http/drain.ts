import type { RequestHandler } from 'express';
import type { Lifecycle } from '../domain/lifecycle.js';

/**
 * While draining, every response asks the client to close its connection, so
 * keep-alive pools re-dial — and, once the listener is closed, go to another pod.
 */
export function closeConnectionsWhileDraining(lifecycle: Lifecycle): RequestHandler {
  return (_req, res, next) => {
    if (lifecycle.phase === 'draining') res.setHeader('Connection', 'close');
    next();
  };
}
