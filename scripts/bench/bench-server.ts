// A child process of the benchmark: one server variant, so variants never share
// an event loop with each other or with the load generator.
import express from 'express';
import { loadConfig } from '../../app/config/load.js';
import { bufferedDestination, createLogger } from '../../app/logger.js';
import { infoEndpoints } from '../../app/routes/info.js';
import { startService } from '../../app/server.js';
import { naiveApp } from './naive-app.js';

const variant = process.argv[2] ?? 'full';
const seriesRoutes = Number(process.env.BENCH_SERIES_ROUTES ?? 0);

const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  APP_ENV: 'production',
  DEMO_ENABLED: 'false',
  SHUTDOWN_DRAIN_DELAY_MS: '0',
  // Production's store: the PostgreSQL the benchmark started.
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  ...(variant === 'full-sampled' ? { LOG_ACCESS_SAMPLE_RATE: '0.1' } : {}),
  // As the bundle deploys it: probes and /metrics on the management worker's port.
  ...(process.env.BENCH_MANAGEMENT_PORT ? { MANAGEMENT_PORT: process.env.BENCH_MANAGEMENT_PORT } : {}),
});
// Logs are serialised and written exactly as in production; only the reader is /dev/null.
const logger = createLogger(
  { level: 'info', pretty: false, base: { service: 'bench' } },
  bufferedDestination('/dev/null'),
);
const buildInfo = { version: 'bench', commit: 'bench', buildTime: null };
const service = await startService({ config, logger, buildInfo, hostname: 'bench' });
let port = service.port;

if (variant === 'bare' || variant === 'naive') {
  // The same handler on a bare Express app (what the instrumentation is measured against), or
  // under the naive pino-http + prom-client setup the issue names as the usual result.
  const info = infoEndpoints(service.deps).find((e) => e.path === '/api/info');
  const handler: express.RequestHandler = (req, res) =>
    info?.handle({ query: {}, params: {}, body: undefined }, req, res);
  let app: express.Express;
  if (variant === 'naive') app = naiveApp('/api/info', handler);
  else {
    app = express();
    app.set('etag', false); // as in the full stack: the comparison isolates the instrumentation
    app.get('/api/info', handler);
  }
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as { port: number }).port;
}

// A realistic high series count for the scrape test: routes × statuses × methods.
for (let r = 0; r < seriesRoutes; r++) {
  for (const status of [200, 201, 400, 404, 500]) {
    for (const method of ['GET', 'POST']) {
      service.deps.metrics.recordRequest(method, `/api/v1/resource-${r}/:id`, status, 0.02, 128, 512);
    }
  }
}

process.stdout.write(
  `${JSON.stringify({ ready: port, managementPort: service.managementPort, pid: process.pid })}\n`,
);
process.on('SIGTERM', () => process.exit(0));
