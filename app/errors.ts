/**
 * The error family every layer throws. One middleware (http/problem.ts) renders
 * them as RFC 9457 problem+json; nothing else writes error bodies.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly extras: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }
}

/** One rejected input: where it was and what is wrong with it. */
export interface InvalidParam {
  readonly name: string;
  readonly in: 'query' | 'path' | 'body' | 'header';
  readonly reason: string;
}

export class ValidationError extends AppError {
  constructor(readonly invalidParams: readonly InvalidParam[]) {
    const first = invalidParams[0];
    const detail = first
      ? `${first.in === 'body' ? 'body field' : `${first.in} parameter`} '${first.name}': ${first.reason}`
      : 'the request is invalid';
    super(400, 'validation', 'Invalid request', detail, { invalidParams });
  }
}

export class BadRequestError extends AppError {
  constructor(detail: string) {
    super(400, 'bad-request', 'Bad request', detail);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail: string) {
    super(
      401,
      'unauthorized',
      'Unauthorized',
      detail,
      {},
      { 'WWW-Authenticate': 'Bearer realm="sample-api"' },
    );
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

export class NotFoundError extends AppError {
  constructor(detail: string) {
    super(404, 'not-found', 'Not found', detail);
  }
}

export class MethodNotAllowedError extends AppError {
  constructor(method: string, allowed: readonly string[]) {
    super(
      405,
      'method-not-allowed',
      'Method not allowed',
      `${method} is not allowed here; use ${allowed.join(', ')}`,
      {},
      {
        Allow: allowed.join(', '),
      },
    );
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(detail: string) {
    super(415, 'unsupported-media-type', 'Unsupported media type', detail);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(
      429,
      'too-many-requests',
      'Too many requests',
      detail,
      {},
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(detail: string, extras: Record<string, unknown> = {}) {
    super(503, 'unavailable', 'Service unavailable', detail, extras);
  }
}

/** A failure injected by the fault profile, so dashboards and logs can tell it from a real one. */
export class InjectedFaultError extends AppError {
  constructor(status: number) {
    super(status, 'injected-fault', 'Injected fault', `fault profile answered ${status} on purpose`);
  }
}

/** Any status the caller asked for (the demo endpoints). */
export class DemoError extends AppError {
  constructor(status: number) {
    super(status, 'demo-error', 'Demo error', `answered ${status} because the request asked for it`);
  }
}

/** The registry is holding as many services as it may (REGISTRY_MAX_SERVICES). */
export class RegistryFullError extends AppError {
  constructor(max: number) {
    super(409, 'registry-full', 'Registry full', `the registry already holds its maximum of ${max} services`);
  }
}

/** A registered service failed to answer the registry on a caller's behalf (its OpenAPI document). */
export class RegisteredServiceError extends AppError {
  constructor(service: string, kind: 'bad-gateway' | 'timeout', detail: string) {
    super(
      kind === 'timeout' ? 504 : 502,
      kind === 'timeout' ? 'registered-service-timeout' : 'registered-service-failed',
      kind === 'timeout' ? 'Registered service timed out' : 'Registered service failed',
      `service '${service}': ${detail}`,
      { service },
    );
  }
}

/** A write that would break a uniqueness rule (an item name already taken). */
export class ConflictError extends AppError {
  constructor(detail: string) {
    super(409, 'conflict', 'Conflict', detail);
  }
}

/** `If-Match` named a version that is no longer current: someone else wrote first. */
export class PreconditionFailedError extends AppError {
  constructor(detail: string, currentEtag: string) {
    super(412, 'precondition-failed', 'Precondition failed', detail, { currentEtag });
  }
}

/** A write to a versioned resource without `If-Match`: refused so no update is lost. */
export class PreconditionRequiredError extends AppError {
  constructor(detail: string) {
    super(428, 'precondition-required', 'Precondition required', detail);
  }
}

/** The database is unreachable or too slow; the caller may retry shortly. */
export class DatabaseUnavailableError extends AppError {
  constructor(detail: string) {
    super(
      503,
      'database-unavailable',
      'Database unavailable',
      detail,
      { dependency: 'database' },
      { 'Retry-After': '1' },
    );
  }
}

/** A call names an upstream that UPSTREAMS does not configure. */
export class UnknownUpstreamError extends AppError {
  constructor(upstream: string) {
    super(404, 'unknown-upstream', 'Unknown upstream', `no upstream named '${upstream}' is configured`, {
      upstream,
    });
  }
}

/** The upstream answered 404: the thing asked for does not exist there. */
export class UpstreamNotFoundError extends AppError {
  constructor(upstream: string, path: string) {
    super(404, 'upstream-not-found', 'Not found upstream', `upstream '${upstream}' has nothing at ${path}`, {
      upstream,
    });
  }
}

/** The upstream failed (connection error, 5xx, unexpected answer) after any retries. */
export class UpstreamUnavailableError extends AppError {
  constructor(upstream: string, detail: string, extras: Record<string, unknown> = {}) {
    super(503, 'upstream-unavailable', 'Upstream unavailable', `upstream '${upstream}': ${detail}`, {
      upstream,
      ...extras,
    });
  }
}

/** The upstream did not answer within the call's deadline. */
export class UpstreamTimeoutError extends AppError {
  constructor(upstream: string, timeoutMs: number) {
    super(
      504,
      'upstream-timeout',
      'Upstream timeout',
      `upstream '${upstream}' did not answer within ${timeoutMs} ms`,
      {
        upstream,
      },
    );
  }
}

/** The upstream's circuit breaker is open: failing fast without calling it. */
export class CircuitOpenError extends AppError {
  constructor(upstream: string, retryAfterSeconds: number) {
    super(
      503,
      'circuit-open',
      'Upstream circuit open',
      `upstream '${upstream}' is failing; calls are suspended for ${retryAfterSeconds} s`,
      { upstream, retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}
