import { z } from 'zod';
import { type Endpoint, endpoint } from '../http/endpoint.js';
import type { HttpMetrics } from '../metrics.js';

/** The Prometheus scrape endpoint, on the app's port or its own (see app/metrics-app.ts). */
export function metricsEndpoints(metrics: HttpMetrics): Endpoint[] {
  return [
    endpoint({
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics in text exposition format.',
      tags: ['observability'],
      responses: { 200: { description: 'Exposition', content: { 'text/plain': { schema: z.string() } } } },
      async handle(_input, _req, res) {
        const body = await metrics.registry.metrics();
        res.type(metrics.registry.contentType).send(body);
      },
    }),
  ];
}
