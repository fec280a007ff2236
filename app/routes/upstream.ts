import { z } from 'zod';
import { UnknownUpstreamError } from '../errors.js';
import { type Endpoint, endpoint } from '../http/endpoint.js';
import { serviceGuard } from '../http/service-guard.js';
import type { BreakerRegistry } from '../upstream/breakers.js';
import type { Upstreams } from '../upstream/client.js';
import { proxiedAnswerError } from '../upstream/failures.js';

const Params = z.object({
  name: z.string().meta({ description: 'A configured upstream (UPSTREAMS).' }),
  // Express 5 gives a `*path` wildcard as its segments; they are joined back, each re-encoded.
  path: z
    .preprocess((v) => (Array.isArray(v) ? v.map(encodeURIComponent).join('/') : v), z.string())
    .meta({ description: 'Path on the upstream, one or more segments.' }),
});

const UpstreamList = z
  .object({
    upstreams: z.array(
      z.object({
        name: z.string(),
        breaker: z.enum(['closed', 'half-open', 'open']),
        retryAfterSeconds: z.number().optional(),
      }),
    ),
  })
  .meta({ id: 'UpstreamList' });

const breakerNames = ['closed', 'open', 'half-open', 'open'] as const;

export interface UpstreamEndpointDeps {
  readonly upstreams: Upstreams;
  readonly breakers: BreakerRegistry;
  readonly serviceToken: string;
}

/**
 * The proxy that exercises the outbound client, and the internal view of the
 * breakers. The route template `/api/v1/upstream/:name/*path` is the `route`
 * label: the upstream path never reaches the metrics.
 */
export function upstreamEndpoints(deps: UpstreamEndpointDeps): Endpoint[] {
  const { upstreams, breakers } = deps;
  return [
    endpoint({
      method: 'get',
      path: '/api/v1/upstream/:name/*path',
      summary: 'GET a path from a configured upstream, with timeout, retries and a circuit breaker.',
      description:
        'Relays 2xx answers as they came. Upstream 404 → 404; unknown upstream → 404; other failures → 503, timeouts → 504, an open breaker → 503 with Retry-After; every error names the upstream.',
      tags: ['upstreams'],
      params: Params,
      responses: { 200: { description: 'The upstream’s answer, relayed' } },
      async handle({ params }, req, res) {
        if (!upstreams.has(params.name)) throw new UnknownUpstreamError(params.name);
        const query = req.originalUrl.indexOf('?');
        const path = `/${params.path}${query >= 0 ? req.originalUrl.slice(query) : ''}`;
        const aborted = new AbortController();
        // The caller hung up: stop retrying on its behalf.
        res.once('close', () => aborted.abort());
        const answer = await upstreams.call(params.name, {
          path,
          requestId: req.id,
          traceparent: req.headers.traceparent,
          signal: aborted.signal,
          log: req.log,
        });
        const error = proxiedAnswerError(params.name, path, answer);
        if (error) throw error;
        res
          .status(answer.status)
          .set('X-Upstream-Attempts', String(answer.attempts))
          .type(answer.contentType ?? 'application/octet-stream')
          .send(answer.body);
      },
    }),
    endpoint({
      method: 'get',
      path: '/internal/upstreams',
      summary: 'Configured upstreams and their circuit breakers (X-Service-Token).',
      tags: ['upstreams'],
      guard: serviceGuard(deps.serviceToken),
      responses: {
        200: { description: 'Upstreams', content: { 'application/json': { schema: UpstreamList } } },
      },
      handle: (_input, _req, res) =>
        res.json({
          upstreams: upstreams.names.map((name) => {
            const breaker = breakers.get(name);
            const state = breakerNames[breaker?.policy.state ?? 0];
            return {
              name,
              breaker: state,
              ...(state === 'open' && breaker ? { retryAfterSeconds: breaker.retryAfterSeconds() } : {}),
            };
          }),
        }),
    }),
  ];
}
