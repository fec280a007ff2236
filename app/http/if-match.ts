import type { Request } from 'express';
import { ValidationError } from '../errors.js';
import type { ExpectedVersion } from '../store/items-store.js';

/**
 * Reads `If-Match` for a versioned resource: absent → undefined, `*` → any
 * version, `"N"` → version N. A weak tag (`W/"N"`) never matches under the
 * strong comparison RFC 9110 requires for If-Match, so it is refused as input.
 */
export function expectedVersion(req: Request): ExpectedVersion | undefined {
  const header = req.get('If-Match');
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return 'any';
  const match = /^"(\d{1,9})"$/.exec(value);
  if (!match)
    throw new ValidationError([
      { name: 'If-Match', in: 'header', reason: 'must be one strong ETag from a read ("3") or *' },
    ]);
  return Number(match[1]);
}
