import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { adminGuard } from '../http/admin-guard.js';
import { type Endpoint, endpoint } from '../http/endpoint.js';

const Status = z.object({ status: z.enum(['ok', 'starting', 'unavailable']) }).meta({ id: 'ProbeStatus' });

const Readiness = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    phase: z.enum(['starting', 'serving', 'draining']),
    manuallyDisabled: z.boolean(),
    failing: z
      .array(z.string())
      .meta({ description: 'Why the pod is unready: lifecycle, manual switch or check names.' }),
    checks: z.array(
      z.object({
        name: z.string(),
        status: z.enum(['ok', 'failing']),
        required: z.boolean(),
        detail: z.string().optional(),
        durationMs: z.number(),
      }),
    ),
  })
  .meta({ id: 'Readiness' });

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Three probes, three meanings (STYLE rule 10), plus the podinfo-style drain switches. */
export function healthEndpoints(deps: AppDeps): Endpoint[] {
  const { lifecycle } = deps;
  const guard = adminGuard(deps.config.admin.token);
  return [
    endpoint({
      method: 'get',
      path: '/health/live',
      summary: 'Liveness: the process answers. Never checks dependencies.',
      tags: ['probes'],
      responses: { 200: json(Status, 'Alive') },
      handle: (_input, _req, res) => res.json({ status: 'ok' }),
    }),
    endpoint({
      method: 'get',
      path: '/health/ready',
      summary: 'Readiness: serving, not draining, not disabled, and every required dependency up.',
      tags: ['probes'],
      responses: { 200: json(Readiness, 'Ready'), 503: json(Readiness, 'Not ready; `failing` says why') },
      async handle(_input, _req, res) {
        const report = await lifecycle.readiness();
        res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ok' : 'unavailable', ...report });
      },
    }),
    endpoint({
      method: 'get',
      path: '/health/startup',
      summary: 'Startup: initialisation has finished.',
      tags: ['probes'],
      responses: { 200: json(Status, 'Started'), 503: json(Status, 'Still starting') },
      handle: (_input, _req, res) =>
        lifecycle.started ? res.json({ status: 'ok' }) : res.status(503).json({ status: 'starting' }),
    }),
    ...(['disable', 'enable'] as const).map((action) =>
      endpoint({
        method: 'post',
        path: `/health/ready/${action}`,
        summary: `${action === 'disable' ? 'Take the pod out of' : 'Put the pod back into'} rotation by hand (drain demos).`,
        tags: ['controls'],
        guard,
        responses: { 200: json(z.object({ manuallyDisabled: z.boolean() }), 'Switched') },
        handle(_input, req, res) {
          lifecycle.setManuallyDisabled(action === 'disable');
          req.log.info({ manuallyDisabled: lifecycle.manuallyDisabled }, `readiness ${action}d by hand`);
          res.json({ manuallyDisabled: lifecycle.manuallyDisabled });
        },
      }),
    ),
  ];
}
