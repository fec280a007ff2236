import { randomBytes } from 'node:crypto';

/** version 00, 32-hex trace id, 16-hex parent (span) id, 2-hex flags; all-zero ids are invalid. */
const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface TraceParent {
  readonly traceId: string;
  readonly spanId: string;
  readonly flags: string;
}

/** Parses a W3C `traceparent`; undefined when absent or malformed (then a new trace starts). */
export function parseTraceparent(header: string | string[] | undefined): TraceParent | undefined {
  if (typeof header !== 'string') return undefined;
  const match = traceparentPattern.exec(header.trim().toLowerCase());
  if (!match) return undefined;
  const [, traceId = '', spanId = '', flags = ''] = match;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, flags };
}

export function formatTraceparent(tp: TraceParent): string {
  return `00-${tp.traceId}-${tp.spanId}-${tp.flags}`;
}

/** The trace a call belongs to: the inbound one when it is valid, else a new sampled trace. */
export function callTrace(inbound: string | string[] | undefined): TraceParent {
  return parseTraceparent(inbound) ?? { traceId: randomBytes(16).toString('hex'), spanId: '', flags: '01' };
}

/**
 * The traceparent for one outgoing attempt when OpenTelemetry is off: the
 * call's trace (same trace id and flags) with a new span id for this hop. With
 * tracing on, the client span's context is sent instead.
 */
export function childTraceparent(trace: TraceParent): string {
  return formatTraceparent({ ...trace, spanId: randomBytes(8).toString('hex') });
}
