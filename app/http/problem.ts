import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, BadRequestError, NotFoundError, UnsupportedMediaTypeError } from '../errors.js';

export const problemContentType = 'application/problem+json';

interface HttpishError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
  message?: unknown;
  limit?: unknown;
}

/** Maps the errors Express and body-parser raise onto the family; anything else is a 500. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as HttpishError;
  switch (e.type) {
    case 'entity.parse.failed':
      return new BadRequestError('the body is not valid JSON');
    case 'entity.too.large':
      return new AppError(
        413,
        'payload-too-large',
        'Payload too large',
        `the body is larger than ${e.limit} bytes`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError(String(e.message));
  }
  const status = Number(e.status ?? e.statusCode);
  // The router raises URIError (status 400) for badly percent-encoded paths.
  if ((e.expose === true || error instanceof URIError) && status >= 400 && status < 500) {
    return new AppError(status, 'bad-request', 'Bad request', String(e.message));
  }
  return new AppError(
    500,
    'internal',
    'Internal server error',
    'the server failed to answer; the request ID finds it in the logs',
  );
}

/**
 * The only place error bodies are written: RFC 9457 problem+json with the
 * request ID, so a user's report leads straight to the log line.
 */
export function problemRenderer(): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const problem = toAppError(error);
    // pino-http puts res.err on the access line: one line per request, with the stack.
    if (problem.status >= 500 && !(error instanceof AppError)) res.err = error as Error;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .status(problem.status)
      .set(problem.headers)
      .type(problemContentType)
      .send(
        JSON.stringify({
          type: `urn:problem-type:canary-lab:${problem.slug}`,
          title: problem.title,
          status: problem.status,
          detail: problem.message,
          instance: req.originalUrl,
          requestId: req.id,
          ...problem.extras,
        }),
      );
  };
}

/** Requests no route matched. */
export function notFound(): RequestHandler {
  return (req) => {
    throw new NotFoundError(`no route for ${req.method} ${req.path}`);
  };
}
