import { Writable } from 'node:stream';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { accessLine } from '../../app/http/access-log.js';
import { createLogger, type LoggerOptions } from '../../app/logger.js';

/** A logger as production builds it, writing to lines the test can read as text. */
function capture(options: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger(
    {
      level: 'info',
      pretty: false,
      base: { service: 'sample-api', version: '1.2.3', pod: 'pod-1' },
      ...options,
    },
    sink,
  );
  return { logger, lines };
}

const request = (url: string, id = 'req-1', method = 'GET') =>
  ({ id, method, originalUrl: url, headers: {} }) as unknown as Request;
const response = (err?: Error) => ({ err }) as unknown as Response;
const withoutTime = (line: string) => {
  const { time, ...rest } = JSON.parse(line) as Record<string, unknown>;
  expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  return rest;
};

describe('the access line', () => {
  it.each([
    ['a plain path', '/api/info', '/api/info', 200],
    ['quotes, backslashes and a line feed in the URL', '/api/info?q="a\\b"%0A\n', '/api/info', 200],
    ['non-ASCII and control characters', '/api/ünï\u0001cøde\u2028', 'unmatched', 404],
    ['a route template with a quote', '/x', '/odd/"route"/:id', 503],
  ])(
    'when the URL has %s, then the line is what pino itself writes for the same fields',
    (_, url, route, status) => {
      const lean = capture();
      accessLine(lean.logger, { sampleRate: 1, slowMs: 1000 })(request(url), response(), route, status, 1.25);
      const reference = capture();
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      reference.logger[level](
        { requestId: 'req-1', method: 'GET', route, url, status, durationMs: 1.3 },
        `GET ${route} ${status}`,
      );
      expect(lean.lines).toHaveLength(1);
      // Same fields, same values, same order as pino's own line.
      expect(Object.entries(withoutTime(lean.lines[0]!))).toEqual(
        Object.entries(withoutTime(reference.lines[0]!)),
      );
    },
  );

  it('when an error was caught, then the line goes through pino with the error serialised', () => {
    const { logger, lines } = capture();
    accessLine(logger, { sampleRate: 1, slowMs: 1000 })(
      request('/api/v1/items'),
      response(new Error('boom')),
      '/api/v1/items',
      500,
      3,
    );
    const line = JSON.parse(lines[0]!) as { level: string; err: { message: string; stack: string } };
    expect(line.level).toBe('error');
    expect(line.err.message).toBe('boom');
    expect(line.err.stack).toContain('Error: boom');
  });

  it('when the logger adds fields to every line (trace ids), then access lines carry them too', () => {
    const { logger, lines } = capture({ mixin: () => ({ traceId: 'abc' }) });
    accessLine(logger, { sampleRate: 1, slowMs: 1000 })(
      request('/api/info'),
      response(),
      '/api/info',
      200,
      1,
    );
    expect(JSON.parse(lines[0]!)).toMatchObject({ traceId: 'abc', msg: 'GET /api/info 200' });
  });

  it('when the level is warn, then successes are not written and client errors are', () => {
    const { logger, lines } = capture({ level: 'warn' });
    const write = accessLine(logger, { sampleRate: 1, slowMs: 1000 });
    write(request('/api/info', 'ok'), response(), '/api/info', 200, 1);
    write(request('/api/nope', 'nope'), response(), 'unmatched', 404, 1);
    expect(lines.map((l) => (JSON.parse(l) as { requestId: string }).requestId)).toEqual(['nope']);
  });
});
