import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { RequestHandler } from 'express';
import { routeLabel } from '../http/route-label.js';
import type { ClientSpan } from '../upstream/client.js';

/** OpenTelemetry for one process: present in AppDeps only when TRACING_ENABLED. */
export interface Tracing {
  /** Starts a server span per inbound request (continuing an inbound traceparent) and makes it active. */
  readonly middleware: RequestHandler;
  /** Wraps one upstream attempt in a client span; the attempt sends that span's traceparent. */
  readonly clientSpan: ClientSpan;
  /** Exports what is buffered and unregisters the globals. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  readonly serviceName: string;
  readonly version: string;
  /** OTLP/HTTP base URL; spans go to `${endpoint}/v1/traces`. */
  readonly endpoint: string;
}

/**
 * Sets up an OTLP exporter and registers the provider. The OpenTelemetry API is
 * process-global by design (that is how instrumented libraries find it); this
 * is the one exception to "no module-level state", taken in startService only
 * when tracing is on and undone by shutdown().
 */
export function startTracing(options: TracingOptions): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.version': options.version,
    }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }),
      ),
    ],
  });
  provider.register();
  const tracer = provider.getTracer('sample-api', options.version);

  const middleware: RequestHandler = (req, res, next) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
      parent,
    );
    res.once('close', () => {
      const route = routeLabel(req);
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };

  const clientSpan: ClientSpan = (upstream, method, fn) =>
    tracer.startActiveSpan(
      `${method} ${upstream}`,
      { kind: SpanKind.CLIENT, attributes: { 'http.request.method': method, 'peer.service': upstream } },
      async (span) => {
        const carrier: { traceparent?: string } = {};
        propagation.inject(context.active(), carrier);
        try {
          return await fn(String(carrier.traceparent));
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );

  return {
    middleware,
    clientSpan,
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
