import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { z } from 'zod';
import { type Endpoint, endpoint } from '../http/endpoint.js';
import type { HttpMetrics } from '../metrics.js';

const gzipAsync = promisify(gzip);

/**
 * The Prometheus scrape endpoint on the API port, when MANAGEMENT_PORT does not take it
 * (app/management/ serves it there with the same encoding rules).
 * Gzipped when the scraper accepts it, as Prometheus always does and as client_golang
 * answers: at ~10k series the text is ~1 MB, and moving it over loopback cost more than
 * rendering it (README, "Performance"); level 1 compresses it ~25x in ~4 ms off the event
 * loop (zlib runs on the libuv pool), where the default level takes three times longer
 * for 15% fewer bytes.
 */
export function metricsEndpoints(metrics: HttpMetrics): Endpoint[] {
  return [
    endpoint({
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics in text exposition format (gzip when accepted).',
      tags: ['observability'],
      responses: { 200: { description: 'Exposition', content: { 'text/plain': { schema: z.string() } } } },
      async handle(_input, req, res) {
        const body = await metrics.exposition();
        res.type(metrics.contentType).vary('Accept-Encoding');
        if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
          res.set('Content-Encoding', 'gzip').send(await gzipAsync(body, { level: 1 }));
          return;
        }
        res.send(body);
      },
    }),
  ];
}
