import { z } from 'zod';
import type { Config } from '../config/load.js';

/** Item ids are UUIDs; anything else is a 400 naming `id`. */
export const ItemParams = z.object({
  id: z.uuid({ error: 'must be a UUID' }).meta({ description: 'Item id.' }),
});

export const currency = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code in upper case, like EUR' })
  .meta({ description: 'ISO 4217 currency code.', example: 'EUR' });

/** Name and description rules, bounded by configuration so OpenAPI shows the limits in force. */
export function textFields(items: Config['items']) {
  return {
    name: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(items.maxNameLength, { error: `must be at most ${items.maxNameLength} characters` })
      .meta({ description: 'Unique (case-insensitive) item name.', example: 'Blue mug' }),
    description: z
      .string({ error: 'must be a string' })
      .max(items.maxDescriptionLength, { error: `must be at most ${items.maxDescriptionLength} characters` })
      .default('')
      .meta({ description: 'Free text.' }),
  };
}

export const etagHeader = {
  ETag: {
    description: 'The stored version; send it back in If-Match to update or delete.',
    schema: { type: 'string' as const },
  },
};

export const ifMatchDescription =
  'Requires `If-Match` with the ETag of the last read (`"3"`), or `*` for whatever version is current. ' +
  'No If-Match → 428; a stale one → 412 with `currentEtag`.';

export function json(schema: z.ZodType, description: string, withEtag = false) {
  return {
    description,
    content: { 'application/json': { schema } },
    ...(withEtag ? { headers: etagHeader } : {}),
  };
}
