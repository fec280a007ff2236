import { trace } from '@opentelemetry/api';

/**
 * The pino mixin that puts the active span's ids on every log line. main
 * installs it only when tracing is on, so the disabled path pays nothing per
 * line; it needs the API package alone, not the SDK.
 */
export function activeSpanIds(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
