import express from 'express';
import type { AppDeps } from './deps.js';
import { closeConnectionsWhileDraining } from './http/drain-connection.js';
import { type Endpoint, mountEndpoints } from './http/endpoint.js';
import { faultInjection } from './http/fault-injection.js';
import { observeRequests } from './http/observe.js';
import { notFound, problemRenderer } from './http/problem.js';
import { installRequestLogger } from './http/request-context.js';
import { apiSecurityHeaders } from './http/security-headers.js';
import { adminEndpoints } from './routes/admin.js';
import { demoEndpoints } from './routes/demo.js';
import { mountDocs } from './routes/docs.js';
import { healthEndpoints } from './routes/health.js';
import { infoEndpoints } from './routes/info.js';
import { itemsV1Endpoints } from './routes/items-v1.js';
import { itemsV2Endpoints } from './routes/items-v2.js';
import { metricsEndpoints } from './routes/metrics.js';
import { registryRoleEndpoints } from './routes/registry-role.js';
import { upstreamEndpoints } from './routes/upstream.js';

/** Every endpoint this process serves, in one list: routing, validation and docs all read it. */
export function appEndpoints(deps: AppDeps): Endpoint[] {
  if (deps.config.service.role === 'registry') return registryRoleEndpoints(deps);
  return [
    ...healthEndpoints(deps),
    ...(deps.config.management.port === 0 ? metricsEndpoints(deps.metrics) : []),
    ...infoEndpoints(deps),
    ...(deps.items
      ? [
          ...itemsV1Endpoints(deps.config.items, deps.items),
          ...itemsV2Endpoints(deps.config.items, deps.items),
        ]
      : []),
    ...(deps.config.demo.enabled ? demoEndpoints(deps) : []),
    ...(deps.upstreams
      ? upstreamEndpoints({
          upstreams: deps.upstreams.client,
          breakers: deps.upstreams.breakers,
          serviceToken: deps.config.serviceAuth.token,
        })
      : []),
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

  installRequestLogger(app.request, deps.logger);
  closeConnectionsWhileDraining(app.response, deps.lifecycle);
  // Only when tracing is on: no span work on the request path otherwise.
  if (deps.tracing) app.use(deps.tracing.middleware);
  app.use(
    observeRequests({
      logger: deps.logger,
      metrics: deps.metrics,
      excludeInfraRoutes: deps.config.metrics.excludeInfraRoutes,
      logInfraRoutes: deps.config.log.infraRoutes,
      sampleRate: deps.config.log.accessSampleRate,
      slowMs: deps.config.log.slowRequestMs,
      ...(deps.random ? { random: deps.random } : {}),
    }),
  );
  app.use(apiSecurityHeaders());

  // Routes sit on the app itself: a nested router would add a dispatch layer to every request.
  mountEndpoints(app, endpoints, {
    beforeBusiness: faultInjection(deps.faults),
    jsonParser: express.json({ limit: deps.config.server.bodyLimitBytes }),
  });
  mountDocs(app, async () =>
    (await import('./openapi/document.js')).buildOpenApiDocument(endpoints, {
      title: deps.config.service.name,
      version: deps.buildInfo.version,
    }),
  );

  app.use(notFound());
  app.use(problemRenderer());
  return app;
}
