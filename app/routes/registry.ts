import type { RequestHandler } from 'express';
import { z } from 'zod';
import { type Endpoint, endpoint } from '../http/endpoint.js';
import { deregisterService, findService, registerService } from '../registry/directory.js';
import { fetchOpenApiDocument } from '../registry/openapi-fetch.js';
import type { RegistryDeps } from '../registry/registry-deps.js';
import type { RegisteredService } from '../registry/store.js';

/** A DNS label: what a Kubernetes Service or pod could be called. */
export const serviceNamePattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const tagPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$/;
export const maxTags = 20;

const ServiceName = z
  .string()
  .regex(serviceNamePattern, { error: 'must be a DNS label: a-z, 0-9 and -, at most 63 characters' })
  .meta({ description: 'Service name (a DNS label).', example: 'sample-api' });

const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .max(2048, { error: 'must be at most 2048 characters' });

const Tag = z.string().regex(tagPattern, {
  error: 'must be 1-63 characters of letters, digits, . _ : - starting with a letter or digit',
});

const RegistrationInput = z
  .object({
    url: HttpUrl.meta({ description: 'Base URL callers use.', example: 'http://10.0.0.7:8080' }),
    healthUrl: HttpUrl.meta({
      description: 'Polled by the registry; 2xx is healthy.',
      example: 'http://10.0.0.7:8080/health/ready',
    }),
    tags: z
      .array(Tag)
      .max(maxTags, { error: `must hold at most ${maxTags} tags` })
      .default([])
      .meta({ description: 'What the service offers; GET /registry/services?tag= filters on them.' }),
    openapiUrl: HttpUrl.optional().meta({ description: 'Where its OpenAPI document is.' }),
  })
  .strict()
  .meta({ id: 'Registration' });

const Health = z.object({
  status: z.enum(['unknown', 'healthy', 'unhealthy']),
  checkedAt: z.string().optional(),
  detail: z.string().optional(),
  consecutiveFailures: z.number().int(),
});

const Service = z
  .object({
    name: z.string(),
    url: z.string(),
    healthUrl: z.string(),
    tags: z.array(z.string()),
    openapiUrl: z.string().optional(),
    registeredAt: z.string(),
    health: Health,
  })
  .meta({ id: 'RegisteredService' });

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** The public view of a service: the store's bookkeeping (generation) stays inside. */
function view(service: RegisteredService): z.infer<typeof Service> {
  const { generation: _generation, tags, ...rest } = service;
  return { ...rest, tags: [...tags] };
}

/**
 * The registry role's API (the seeds' PicoAPI master): services PUT their
 * registration, anyone reads the directory, and only services (the service
 * token) change it.
 */
export function registryEndpoints(
  registry: RegistryDeps,
  options: { guard: RequestHandler; openapiTimeoutMs: number },
): Endpoint[] {
  const { guard } = options;
  const params = z.object({ name: ServiceName });
  return [
    endpoint({
      method: 'put',
      path: '/registry/services/:name',
      summary: 'Register a service, or refresh its registration (service token required).',
      tags: ['registry'],
      guard,
      params,
      body: RegistrationInput,
      responses: { 200: json(Service, 'Registration replaced'), 201: json(Service, 'Registered') },
      handle({ params, body }, req, res) {
        const { created, service } = registerService(registry, params.name, body);
        req.log.info({ service: service.name, url: service.url, created }, 'service registered');
        res.status(created ? 201 : 200).json(view(service));
      },
    }),
    endpoint({
      method: 'get',
      path: '/registry/services',
      summary: 'Registered services with their health and tags.',
      tags: ['registry'],
      query: z.object({ tag: Tag.optional().meta({ description: 'Only services carrying this tag.' }) }),
      responses: { 200: json(z.object({ services: z.array(Service) }), 'Services, by name') },
      handle: ({ query }, _req, res) => res.json({ services: registry.store.list(query.tag).map(view) }),
    }),
    endpoint({
      method: 'get',
      path: '/registry/services/:name',
      summary: 'One registered service.',
      tags: ['registry'],
      params,
      responses: { 200: json(Service, 'Service') },
      handle: ({ params }, _req, res) => res.json(view(findService(registry, params.name))),
    }),
    endpoint({
      method: 'get',
      path: '/registry/services/:name/openapi',
      summary: "A registered service's OpenAPI document, fetched from its openapiUrl.",
      tags: ['registry'],
      params,
      responses: { 200: json(z.looseObject({}), 'The OpenAPI document as the service serves it') },
      async handle({ params }, _req, res) {
        const service = findService(registry, params.name);
        res.json(await fetchOpenApiDocument(service, options.openapiTimeoutMs));
      },
    }),
    endpoint({
      method: 'delete',
      path: '/registry/services/:name',
      summary: 'Deregister a service (service token required).',
      tags: ['registry'],
      guard,
      params,
      responses: { 204: { description: 'Deregistered' } },
      handle({ params }, req, res) {
        deregisterService(registry, params.name);
        req.log.info({ service: params.name }, 'service deregistered');
        res.status(204).end();
      },
    }),
  ];
}
