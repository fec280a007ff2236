import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { durationBuckets } from '../../app/metrics.js';
import { escapeLabelValue, RequestSeries } from '../../app/request-series.js';

const help = {
  requests: 'Requests.',
  duration: 'Duration with a \\ backslash\nand a line feed.',
  requestSize: 'Request size.',
  responseSize: 'Response size.',
};
const sizeBounds = [64, 256, 1024];

type Observation = [method: string, route: string, status: number, seconds: number, req: number, res: number];

/** The same families built with prom-client: the reference the hand-written text must match. */
async function promClientText(observations: readonly Observation[]): Promise<string> {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: 'http_requests_total',
    help: help.requests,
    labelNames: ['method', 'route', 'status_code'],
    registers,
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: help.duration,
    labelNames: ['method', 'route', 'status_code'],
    buckets: [...durationBuckets],
    registers,
  });
  const sizes = ['http_request_size_bytes', 'http_response_size_bytes'].map(
    (name, i) =>
      new Histogram({
        name,
        help: i === 0 ? help.requestSize : help.responseSize,
        labelNames: ['method', 'route'],
        buckets: sizeBounds,
        registers,
      }),
  );
  for (const [method, route, status, seconds, req, res] of observations) {
    requests.labels(method, route, String(status)).inc();
    duration.labels(method, route, String(status)).observe(seconds);
    sizes[0]!.labels(method, route).observe(req);
    sizes[1]!.labels(method, route).observe(res);
  }
  return registry.metrics();
}

const lines = (text: string) => text.split('\n').filter(Boolean).sort();

describe('RED series written without prom-client', () => {
  it('when the same requests are recorded, then the text has exactly the lines prom-client writes', async () => {
    const observations: Observation[] = [
      ['GET', '/api/info', 200, 0.0031, 0, 412],
      ['GET', '/api/info', 200, 0.005, 0, 412], // on a bound: counted in le="0.005"
      ['GET', '/api/info', 503, 7.5, 0, 300], // above the last bound: only in +Inf
      ['POST', '/api/v1/items', 201, 0.12, 64, 2048],
      ['GET', '/api/v1/items/:id', 404, 0.0007, 0, 180],
      ['GET', 'a "quoted" \\ route\nwith a line feed', 200, 0.1, 0, 10],
      ['POST', '/api/v1/items', 201, 0.1 + 0.2, 70, 2048], // a sum that is not a short decimal
    ];
    const series = new RequestSeries(help, durationBuckets, sizeBounds);
    for (const o of observations) series.record(...o);
    expect(lines(series.render())).toEqual(lines(await promClientText(observations)));
  });

  it('when nothing was recorded, then each family is still announced, as prom-client does', async () => {
    const text = new RequestSeries(help, durationBuckets, sizeBounds).render();
    expect(lines(text)).toEqual(lines(await promClientText([])));
    expect(text.endsWith('\n')).toBe(true);
  });

  it('when a family is written, then its HELP and TYPE come first and its samples follow it', () => {
    const series = new RequestSeries(help, durationBuckets, sizeBounds);
    series.record('GET', '/a', 200, 0.01, 0, 1);
    series.record('GET', '/b', 500, 0.01, 0, 1);
    const text = series.render();
    const families = text.split(/(?=# HELP )/);
    expect(families.map((f) => f.split(' ')[2])).toEqual([
      'http_requests_total',
      'http_request_duration_seconds',
      'http_request_size_bytes',
      'http_response_size_bytes',
    ]);
    for (const family of families) {
      const name = family.split(' ')[2]!;
      for (const line of family.split('\n').filter((l) => l && !l.startsWith('#')))
        expect(line.startsWith(name)).toBe(true);
    }
  });

  it('when a label value holds the characters the format reserves, then they are escaped', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeLabelValue('/api/v1/items/:id')).toBe('/api/v1/items/:id');
  });
});
