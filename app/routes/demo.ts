import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { burnCpu } from '../domain/demo-work.js';
import { DemoError, TooManyRequestsError } from '../errors.js';
import { type Endpoint, endpoint } from '../http/endpoint.js';
import { intParam } from '../http/params.js';

const Done = z.object({
  waitedMs: z.number().optional(),
  burnedMs: z.number().optional(),
  heldMb: z.number().optional(),
});
const ok = { 200: { description: 'Done', content: { 'application/json': { schema: Done } } } };

/**
 * Endpoints that misbehave on request, for demos and load tests. Every bound is
 * a config key, so a stray call cannot hang or exhaust the pod.
 */
export function demoEndpoints(deps: AppDeps): Endpoint[] {
  const { demo } = deps.config;
  return [
    endpoint({
      method: 'get',
      path: '/demo/slow',
      summary: 'Answers after a delay.',
      tags: ['demo'],
      query: z.object({
        ms: intParam(0, demo.maxDelayMs, 'Delay in milliseconds.').default(Math.min(1000, demo.maxDelayMs)),
      }),
      responses: ok,
      async handle({ query }, _req, res) {
        await sleep(query.ms);
        res.json({ waitedMs: query.ms });
      },
    }),
    endpoint({
      method: 'get',
      path: '/demo/error',
      summary: 'Answers with an error status (problem+json).',
      tags: ['demo'],
      query: z.object({ status: intParam(400, 599, 'Error status to answer with.').default(500) }),
      responses: { 500: { description: 'The requested error' } },
      handle({ query }) {
        throw new DemoError(query.status);
      },
    }),
    endpoint({
      method: 'get',
      path: '/demo/cpu',
      summary: 'Burns CPU in slices, so probes still answer meanwhile.',
      tags: ['demo'],
      query: z.object({
        ms: intParam(0, demo.maxCpuMs, 'CPU time to burn in milliseconds.').default(
          Math.min(100, demo.maxCpuMs),
        ),
      }),
      responses: ok,
      async handle({ query }, _req, res) {
        await burnCpu(query.ms);
        res.json({ burnedMs: query.ms });
      },
    }),
    endpoint({
      method: 'get',
      path: '/demo/memory',
      summary: 'Allocates memory, holds it, then releases it.',
      tags: ['demo'],
      query: z.object({
        mb: intParam(0, demo.maxMemoryMb, 'MiB to allocate.').default(Math.min(16, demo.maxMemoryMb)),
        holdMs: intParam(0, demo.maxHoldMs, 'How long to hold it, in milliseconds.').default(
          Math.min(1000, demo.maxHoldMs),
        ),
      }),
      responses: { ...ok, 429: { description: 'Other calls already hold the memory budget' } },
      async handle({ query }, _req, res) {
        if (!(await deps.memoryBudget.hold(query.mb, query.holdMs))) {
          throw new TooManyRequestsError(
            `holding ${query.mb} MiB more would pass the ${deps.memoryBudget.limitMb} MiB demo budget`,
            Math.max(1, Math.ceil(demo.maxHoldMs / 1000)),
          );
        }
        res.json({ heldMb: query.mb, waitedMs: query.holdMs });
      },
    }),
    endpoint({
      method: 'get',
      path: '/demo/status/:code',
      summary: 'Answers with the given status.',
      tags: ['demo'],
      params: z.object({ code: intParam(200, 599, 'Status to answer with.') }),
      responses: { 200: { description: 'The requested status' } },
      handle({ params }, _req, res) {
        if (params.code >= 400) throw new DemoError(params.code);
        if (params.code === 204 || params.code === 304) {
          res.status(params.code).end();
          return;
        }
        res.status(params.code).json({ status: params.code });
      },
    }),
  ];
}
