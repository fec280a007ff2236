import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Endpoint } from '../http/endpoint.js';
import { describeEndpoints } from '../http/endpoint.js';

/** Builds the OpenAPI 3.1 document from the same endpoint list the router mounts. */
export function buildOpenApiDocument(
  endpoints: readonly Endpoint[],
  info: { title: string; version: string },
) {
  const registry = new OpenAPIRegistry();
  describeEndpoints(registry, endpoints);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      ...info,
      description:
        'sample-api: an instrumented service for progressive delivery with Argo Rollouts. Every error is problem+json.',
    },
    servers: [{ url: '/' }],
  });
}
