import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Negotiator from 'negotiator';
import { SeriesText } from '../series-text.js';
import { PartsGzip } from './gzip-parts.js';
import type { ManagementState } from './management-state.js';

// Not `import … from 'node:http'`: see app/server.ts (~50 ms of start-up, here in the worker's).
const { createServer } = process.getBuiltinModule('node:http');

const common = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers = {}): void {
  res.writeHead(status, {
    ...common,
    ...headers,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));

function problem(res: ServerResponse, status: number, title: string, detail: string, headers = {}): void {
  send(
    res,
    status,
    'application/problem+json; charset=utf-8',
    JSON.stringify({ type: 'about:blank', title, status, detail }),
    headers,
  );
}

/**
 * The management listener: the three probes and /metrics, answered from what
 * the main thread last sent (ManagementState) and from the RED series' shared
 * memory. Plain node:http and no Express: it runs in its own worker thread,
 * which should stay small and start fast. The answers have the same shapes as
 * the API port's (test/app/management.test.ts compares them).
 */
export function createManagementServer(state: ManagementState): Server {
  let series: SeriesText | undefined;
  const gzip = new PartsGzip();
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/health/live': (_req, res) => {
      const stalled = state.stalledForMs();
      if (stalled === undefined) json(res, 200, { status: 'ok' });
      else
        json(res, 503, { status: 'unavailable', detail: `event loop silent for ${Math.round(stalled)} ms` });
    },
    '/health/ready': (_req, res) => {
      const report = state.readiness();
      json(res, report.ready ? 200 : 503, { status: report.ready ? 'ok' : 'unavailable', ...report });
    },
    '/health/startup': (_req, res) => {
      if (state.started) json(res, 200, { status: 'ok' });
      else json(res, 503, { status: 'starting' });
    },
    // gzip in this thread, synchronously: the thread has nothing else to do meanwhile but a probe,
    // and only the parts that changed since the last scrape are compressed again (./gzip-parts.ts).
    '/metrics': (req, res) => {
      const { exposition } = state;
      if (!exposition)
        return problem(res, 503, 'Service Unavailable', 'The service is starting: it has no metrics yet.');
      series ??= new SeriesText(exposition.series.memory, exposition.series.layout);
      const parts = [state.registryText, ...series.parts()];
      const headers = { Vary: 'Accept-Encoding' };
      if (new Negotiator(req).encoding(['gzip', 'identity']) === 'gzip')
        send(res, 200, exposition.contentType, gzip.gzip(parts), { ...headers, 'Content-Encoding': 'gzip' });
      else send(res, 200, exposition.contentType, Buffer.concat(parts), headers);
    },
  };
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const route = routes[path];
    if (!route) return problem(res, 404, 'Not Found', `${path} is not served on the management port.`);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return problem(res, 405, 'Method Not Allowed', `${path} answers GET and HEAD only.`, {
        Allow: 'GET, HEAD',
      });
    try {
      route(req, res);
    } catch {
      if (!res.headersSent) problem(res, 500, 'Internal Server Error', 'The management listener failed.');
    }
  });
}
