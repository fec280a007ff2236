import { randomUUID } from 'node:crypto';

export const requestIdHeader = 'x-request-id';
/** Long enough for UUIDs, trace IDs and most gateways' IDs; short enough to keep logs sane. */
const wellFormed = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Reuses a well-formed inbound X-Request-ID (so a call keeps one ID across
 * services) or makes one.
 */
export function resolveRequestId(inbound: string | string[] | undefined): string {
  return typeof inbound === 'string' && wellFormed.test(inbound) ? inbound : randomUUID();
}
