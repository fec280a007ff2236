import { z } from 'zod';

/**
 * A whole-number request parameter within bounds. The bounds usually come from
 * configuration, so the OpenAPI document shows the limits the process enforces.
 */
export function intParam(min: number, max: number, description: string) {
  return z.coerce
    .number({ error: (issue) => (issue.code === 'invalid_type' ? 'must be a whole number' : undefined) })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` })
    .meta({ description });
}

/** A number from 0 to 1. */
export function ratioParam(description: string) {
  return z
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be at least 0' })
    .max(1, { error: 'must be at most 1' })
    .meta({ description });
}
