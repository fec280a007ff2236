import type { ServerResponse } from 'node:http';
import type { Lifecycle } from '../domain/lifecycle.js';

/**
 * While the process drains, every response carries `Connection: close`,
 * decided when its headers are written: requests that began before the drain
 * close their keep-alive connection too, or their idle sockets would hold
 * shutdown open. Installed once on the app's own response prototype (Express
 * gives each app one) rather than by wrapping `writeHead` on every response:
 * Node writes implicit headers through `this.writeHead` as well.
 */
export function closeConnectionsWhileDraining(responsePrototype: object, lifecycle: Lifecycle): void {
  const writeHead = (responsePrototype as ServerResponse).writeHead;
  Object.defineProperty(responsePrototype, 'writeHead', {
    configurable: true,
    writable: true,
    value: function writeHeadClosingWhileDraining(this: ServerResponse, ...args: unknown[]) {
      if (lifecycle.phase === 'draining') this.setHeader('Connection', 'close');
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    },
  });
}
