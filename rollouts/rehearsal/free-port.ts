import { once } from 'node:events';
import { createServer } from 'node:net';

/** A loopback port that was free a moment ago (bind to 0, read it, close). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}
