import type { Logger } from 'pino';

declare global {
  namespace Express {
    interface Request {
      /** The correlation ID (X-Request-ID), set first thing by app/http/request-id.ts. */
      id: string;
      /** A child logger that stamps the request ID on every line; created on first use. */
      readonly log: Logger;
    }
  }
}

declare module 'node:http' {
  interface ServerResponse {
    /** An unexpected error behind a 5xx, for the access line (set by the problem renderer). */
    err?: Error;
  }
}

const childLogger = Symbol('childLogger');

/**
 * Gives every request of this app a lazy `req.log`. A getter on the app's own
 * request prototype costs nothing for the many requests that never log beyond
 * their access line; a child logger per request (as pino-http makes) would.
 */
export function installRequestLogger(requestPrototype: object, logger: Logger): void {
  Object.defineProperty(requestPrototype, 'log', {
    configurable: true,
    get(this: { id: string; [childLogger]?: Logger }) {
      this[childLogger] ??= logger.child({ requestId: this.id });
      return this[childLogger];
    },
  });
}
