import type { RequestHandler } from 'express';
import onHeaders from 'on-headers';
import type { Lifecycle } from '../domain/lifecycle.js';

/**
 * While draining, every response asks the client to close its connection, so
 * keep-alive pools re-dial — and, once the listener is closed, go to another
 * pod. The decision is taken when headers are written, so requests that began
 * before the drain (and finish after it) close their connection too; otherwise
 * their idle sockets would hold shutdown open until the keep-alive timeout.
 */
export function closeConnectionsWhileDraining(lifecycle: Lifecycle): RequestHandler {
  return (_req, res, next) => {
    onHeaders(res, () => {
      if (lifecycle.phase === 'draining') res.setHeader('Connection', 'close');
    });
    next();
  };
}
