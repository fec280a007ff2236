// The setup most services start from: pino-http and prom-client wired as their READMEs
// show them, with nothing tuned. The benchmark runs it beside the bare and full variants so
// the table says what the service's own design buys, on the same machine in the same run.
import { createRequire } from 'node:module';
import express, { type RequestHandler } from 'express';
import pino, { type DestinationStream, type Logger } from 'pino';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

// Loaded without its types: they retype http.IncomingMessage's `id` for every file in the
// program, which would break the service's own `req.id: string`.
const { pinoHttp } = createRequire(import.meta.url)('pino-http') as {
  pinoHttp(options: { logger: Logger }): RequestHandler;
};

export function naiveApp(
  path: string,
  handler: RequestHandler,
  destination: DestinationStream = pino.destination('/dev/null'),
): express.Express {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Requests served.',
    labelNames,
    registers: [register],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Request duration.',
    labelNames,
    registers: [register],
  });

  const app = express();
  app.set('etag', false); // as in the other variants
  // Serialised and written as pino-http does by default; in the benchmark the reader is /dev/null.
  app.use(pinoHttp({ logger: pino({}, destination) }));
  app.use((req, res, next) => {
    const end = duration.startTimer();
    res.on('finish', () => {
      const labels = {
        method: req.method,
        route: req.route?.path ?? 'unmatched',
        status_code: res.statusCode,
      };
      requests.inc(labels);
      end(labels);
    });
    next();
  });
  app.get(path, handler);
  app.get('/metrics', async (_req, res) => {
    res.type(register.contentType).send(await register.metrics());
  });
  return app;
}
