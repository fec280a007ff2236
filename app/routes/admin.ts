import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import type { FaultProfile } from '../domain/faults.js';
import { ValidationError } from '../errors.js';
import { adminGuard } from '../http/admin-guard.js';
import { type Endpoint, endpoint } from '../http/endpoint.js';
import { ratioParam } from '../http/params.js';

/** Runtime control of the fault profile: turn a good pod into a bad version and back. */
export function adminEndpoints(deps: AppDeps): Endpoint[] {
  const { faults, config } = deps;
  const max = config.faults.maxLatencyMs;
  const Profile = z
    .object({
      errorRate: ratioParam('Share of business requests to fail.'),
      errorStatus: z
        .number()
        .int()
        .min(400, { error: 'must be at least 400' })
        .max(599, { error: 'must be at most 599' }),
      latencyMs: z
        .number()
        .int()
        .min(0, { error: 'must be at least 0' })
        .max(max, { error: `must be at most ${max}` }),
      latencyJitterMs: z
        .number()
        .int()
        .min(0, { error: 'must be at least 0' })
        .max(max, { error: `must be at most ${max}` }),
    })
    .meta({ id: 'FaultProfile' });
  // PUT replaces the profile; fields left out mean "off", so a body says all that will happen.
  const ProfileInput = Profile.partial().strict().meta({ id: 'FaultProfileInput' });
  const json = (description: string) => ({
    description,
    content: { 'application/json': { schema: Profile } },
  });
  const guard = adminGuard(config.admin.token);

  return [
    endpoint({
      method: 'get',
      path: '/admin/faults',
      summary: 'The fault profile in force.',
      tags: ['controls'],
      guard,
      responses: { 200: json('Profile') },
      handle: (_input, _req, res) => res.json(faults.profile),
    }),
    endpoint({
      method: 'put',
      path: '/admin/faults',
      summary: 'Replace the fault profile (omitted fields are off).',
      tags: ['controls'],
      guard,
      body: ProfileInput,
      responses: { 200: json('Profile now in force') },
      handle({ body }, req, res) {
        const profile: FaultProfile = {
          errorRate: 0,
          errorStatus: 500,
          latencyMs: 0,
          latencyJitterMs: 0,
          ...body,
        };
        if (profile.latencyMs + profile.latencyJitterMs > max) {
          throw new ValidationError([
            {
              name: 'latencyJitterMs',
              in: 'body',
              reason: `latencyMs + latencyJitterMs must be at most ${max}`,
            },
          ]);
        }
        faults.set(profile);
        req.log.warn({ faults: profile }, 'fault profile changed');
        res.json(profile);
      },
    }),
  ];
}
