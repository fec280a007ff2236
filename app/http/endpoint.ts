import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { ZodType, z } from 'zod';
import {
  type InvalidParam,
  MethodNotAllowedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors.js';
import { problemResponse } from '../openapi/problem-schema.js';
import { isBusinessRoute } from './infra-paths.js';

type Method = 'get' | 'put' | 'post' | 'delete';

export interface EndpointInput<Q extends ZodType, P extends ZodType, B extends ZodType> {
  readonly query: z.output<Q>;
  readonly params: z.output<P>;
  readonly body: z.output<B>;
}

/**
 * One HTTP operation, declared once: it is mounted on the router, validates its
 * input with the same zod schemas, and is described in the OpenAPI document.
 */
export interface Endpoint<
  Q extends ZodType = ZodType,
  P extends ZodType = ZodType,
  B extends ZodType = ZodType,
> {
  readonly method: Method;
  /** Express path template (`/demo/status/:code`); also the `route` metric label. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly query?: Q;
  readonly params?: P;
  readonly body?: B;
  readonly responses: Record<number, ResponseConfig>;
  /** Authorisation or other checks that run before input validation. */
  readonly guard?: RequestHandler;
  handle(input: EndpointInput<Q, P, B>, req: Request, res: Response): unknown;
}

/** Keeps the endpoint's types while it is declared, then erases them for the list. */
export function endpoint<Q extends ZodType, P extends ZodType, B extends ZodType>(
  e: Endpoint<Q, P, B>,
): Endpoint {
  return e as unknown as Endpoint;
}

function invalid(where: InvalidParam['in'], error: z.ZodError): ValidationError {
  return new ValidationError(
    error.issues.map((issue) => ({
      name: issue.path.join('.') || '(root)',
      in: where,
      reason: issue.message,
    })),
  );
}

/** A repeated (`?a=1&a=2`) or empty (`?a=`) query parameter is malformed whatever its schema. */
function checkQueryShape(query: Record<string, unknown>): void {
  const bad: InvalidParam[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) bad.push({ name, in: 'query', reason: 'must be given once' });
    else if (value === '') bad.push({ name, in: 'query', reason: 'must not be empty' });
  }
  if (bad.length > 0) throw new ValidationError(bad);
}

function parseInput(e: Endpoint, req: Request): EndpointInput<ZodType, ZodType, ZodType> {
  const input = { query: {}, params: {}, body: undefined } as {
    query: unknown;
    params: unknown;
    body: unknown;
  };
  if (e.query) {
    checkQueryShape(req.query as Record<string, unknown>);
    const result = e.query.safeParse(req.query);
    if (!result.success) throw invalid('query', result.error);
    input.query = result.data;
  }
  if (e.params) {
    const result = e.params.safeParse(req.params);
    if (!result.success) throw invalid('path', result.error);
    input.params = result.data;
  }
  if (e.body) {
    if (!req.is('application/json')) throw new UnsupportedMediaTypeError('send the body as application/json');
    const result = e.body.safeParse(req.body);
    if (!result.success) throw invalid('body', result.error);
    input.body = result.data;
  }
  return input as EndpointInput<ZodType, ZodType, ZodType>;
}

/**
 * Mounts endpoints with their full paths on one router, so `req.route.path` is
 * the whole template when metrics and logs read it. Each path also answers 405
 * (with `Allow`) to other methods and 204 to OPTIONS.
 */
export function mountEndpoints(
  router: Router,
  endpoints: readonly Endpoint[],
  options: { readonly beforeBusiness?: RequestHandler; readonly jsonParser?: RequestHandler } = {},
): void {
  const byPath = Map.groupBy(endpoints, (e) => e.path);
  for (const [path, group] of byPath) {
    const route = router.route(path);
    const allowed = group.flatMap((e) => (e.method === 'get' ? ['GET', 'HEAD'] : [e.method.toUpperCase()]));
    allowed.push('OPTIONS');
    for (const e of group) {
      const handlers: RequestHandler[] = [];
      // JSON is parsed only where an endpoint takes a body: no parser on the hot GET path.
      if (e.body && options.jsonParser) handlers.push(options.jsonParser);
      // After route matching, so an injected fault is labelled with its route, not "unmatched".
      if (options.beforeBusiness && isBusinessRoute(e.path)) handlers.push(options.beforeBusiness);
      if (e.guard) handlers.push(e.guard);
      // Returns the handler's promise, if any, for Express 5 to route rejections; a synchronous
      // handler costs no promise.
      handlers.push((req, res) => e.handle(parseInput(e, req), req, res) as undefined);
      route[e.method](...handlers);
    }
    route.all((req, res) => {
      if (req.method === 'OPTIONS') {
        res.set('Allow', allowed.join(', ')).status(204).end();
        return;
      }
      throw new MethodNotAllowedError(req.method, allowed);
    });
  }
}

/** Describes the endpoints in the OpenAPI registry (`:param` and `*param` become `{param}`). */
export function describeEndpoints(registry: OpenAPIRegistry, endpoints: readonly Endpoint[]): void {
  for (const e of endpoints) {
    registry.registerPath({
      method: e.method,
      // `:param` and Express 5's `*wildcard` both become `{param}`.
      path: e.path.replace(/[:*](\w+)/g, '{$1}'),
      summary: e.summary,
      ...(e.description ? { description: e.description } : {}),
      tags: [...e.tags],
      request: {
        ...(e.query ? { query: e.query as never } : {}),
        ...(e.params ? { params: e.params as never } : {}),
        ...(e.body ? { body: { required: true, content: { 'application/json': { schema: e.body } } } } : {}),
      },
      // Every operation can fail the same ways: say so once, here.
      responses: { ...e.responses, '4XX': problemResponse, '5XX': problemResponse },
    });
  }
}
