import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on loopback playing another service; every test closes its own. */
export interface LocalServer {
  readonly url: string;
  readonly port: number;
  /** Requests received, in arrival order, with `Date.now()` at arrival. */
  readonly requests: { method: string; url: string; at: number; headers: IncomingMessage['headers'] }[];
  /** Requests being answered now, and the most there ever were at once. */
  readonly inFlight: { now: number; max: number };
  /** Closes the listener and every socket, answered or hanging. */
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export async function startLocalServer(handler: Handler, port = 0): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const inFlight = { now: 0, max: 0 };
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', at: Date.now(), headers: req.headers });
    inFlight.now++;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    let counted = true;
    const done = (): void => {
      if (counted) inFlight.now--;
      counted = false;
    };
    res.on('finish', done);
    res.on('close', done);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    inFlight,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Answers every request with this status and a small JSON body. */
export const answer =
  (status: number, body: unknown = { status }): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

/** Never answers (until the server is closed). */
export const hang: Handler = () => {};

// Captured before any test fakes timers: a scripted slow answer is real time on the other side.
const realSetTimeout = globalThis.setTimeout;

/** Answers after `ms` of real time. */
export const slow =
  (ms: number, status = 200): Handler =>
  (_req, res) => {
    realSetTimeout(() => res.writeHead(status).end('ok'), ms);
  };
