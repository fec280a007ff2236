import { z } from 'zod';
import { BuildInfoSchema } from '../build-info.js';
import type { AppDeps } from '../deps.js';
import { type Endpoint, endpoint } from '../http/endpoint.js';

const Info = z
  .object({
    service: z.string(),
    version: z.string(),
    commit: z.string(),
    environment: z.string(),
    hostname: z.string().meta({ description: 'Pod name in Kubernetes.' }),
    nodeVersion: z.string(),
    uptimeSeconds: z.number(),
    features: z.object({
      demoEndpoints: z.boolean(),
      faultsActive: z.boolean(),
      adminTokenRequired: z.boolean(),
      managementPort: z.boolean(),
    }),
  })
  .meta({ id: 'Info' });

/** Which build runs where: the first thing to check when a canary misbehaves. */
export function infoEndpoints(deps: AppDeps): Endpoint[] {
  const { config, buildInfo } = deps;
  return [
    endpoint({
      method: 'get',
      path: '/api/version',
      summary: 'Version, git commit and build time of the running build.',
      tags: ['api'],
      responses: {
        200: { description: 'Build', content: { 'application/json': { schema: BuildInfoSchema } } },
      },
      handle: (_input, _req, res) => res.json(buildInfo),
    }),
    endpoint({
      method: 'get',
      path: '/api/info',
      summary: 'Service, version, environment, pod, runtime, uptime and enabled features.',
      tags: ['api'],
      responses: { 200: { description: 'Info', content: { 'application/json': { schema: Info } } } },
      handle: (_input, _req, res) =>
        res.json({
          service: config.service.name,
          version: buildInfo.version,
          commit: buildInfo.commit,
          environment: config.service.environment,
          hostname: deps.hostname,
          nodeVersion: process.version,
          uptimeSeconds: Math.round((Date.now() - deps.lifecycle.startedAt) / 100) / 10,
          features: {
            demoEndpoints: config.demo.enabled,
            faultsActive: deps.faults.active,
            adminTokenRequired: config.admin.token !== '',
            managementPort: config.management.port !== 0,
          },
        }),
    }),
  ];
}
