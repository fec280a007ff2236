import express from 'express';
import type { AppDeps } from './deps.js';
import { accessLog } from './http/access-log.js';
import { closeConnectionsWhileDraining } from './http/drain.js';
import { type Endpoint, mountEndpoints } from './http/endpoint.js';
import { faultInjection } from './http/fault-injection.js';
import { notFound, problemRenderer } from './http/problem.js';
import { redMetrics } from './http/red-metrics.js';
import { installRequestLogger } from './http/request-context.js';
import { requestId } from './http/request-id.js';
import { securityHeaders } from './http/security-headers.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { adminEndpoints } from './routes/admin.js';
import { demoEndpoints } from './routes/demo.js';
import { mountDocs } from './routes/docs.js';
import { healthEndpoints } from './routes/health.js';
import { infoEndpoints } from './routes/info.js';
import { metricsEndpoints } from './routes/metrics.js';

/** Every endpoint this process serves, in one list: routing, validation and docs all read it. */
export function appEndpoints(deps: AppDeps): Endpoint[] {
  return [
    ...healthEndpoints(deps),
    ...(deps.config.metrics.port === 0 ? metricsEndpoints(deps.metrics) : []),
    ...infoEndpoints(deps),
    ...(deps.config.demo.enabled ? demoEndpoints(deps) : []),
    ...adminEndpoints(deps),
  ];
}

/**
 * Builds sample-api. It never listens, reads the environment or installs
 * signal handlers: app/main.ts does, and tests call this with their own deps.
 */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const endpoints = appEndpoints(deps);

  app.use(requestId());
  installRequestLogger(app.request, deps.logger);
  app.use(
    accessLog(deps.logger, {
      logInfraRoutes: deps.config.log.infraRoutes,
      sampleRate: deps.config.log.accessSampleRate,
      slowMs: deps.config.log.slowRequestMs,
      ...(deps.random ? { random: deps.random } : {}),
    }),
  );
  app.use(closeConnectionsWhileDraining(deps.lifecycle));
  app.use(redMetrics(deps.metrics, { excludeInfraRoutes: deps.config.metrics.excludeInfraRoutes }));
  app.use(securityHeaders());
  app.use(express.json({ limit: deps.config.server.bodyLimitBytes }));

  const router = express.Router();
  mountEndpoints(router, endpoints, { beforeBusiness: faultInjection(deps.faults) });
  mountDocs(
    router,
    buildOpenApiDocument(endpoints, { title: deps.config.service.name, version: deps.buildInfo.version }),
  );
  app.use(router);

  app.use(notFound());
  app.use(problemRenderer());
  return app;
}
