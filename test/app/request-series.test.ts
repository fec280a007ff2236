import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { durationBuckets } from '../../app/metrics.js';
import { escapeLabelValue, RequestSeries, routeSlot, slotLength } from '../../app/request-series.js';
import { SeriesText } from '../../app/series-text.js';

const help = {
  requests: 'Requests.',
  duration: 'Duration with a \\ backslash\nand a line feed.',
  requestSize: 'Request size.',
  responseSize: 'Response size.',
};
const sizeBounds = [64, 256, 1024];
const layout = { help, durationBounds: durationBuckets, sizeBounds };

/** A writer and a reader over the same memory, as the main thread and the management worker hold them. */
function seriesPair(maxBytes?: { values: number; directory: number }) {
  const series = new RequestSeries(layout, maxBytes);
  const text = new SeriesText(series.memory, layout);
  return { series, render: () => text.render().toString() };
}

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
    const { series, render } = seriesPair();
    for (const o of observations) series.record(...o);
    expect(lines(render())).toEqual(lines(await promClientText(observations)));
  });

  it('when nothing was recorded, then each family is still announced, as prom-client does', async () => {
    const text = seriesPair().render();
    expect(lines(text)).toEqual(lines(await promClientText([])));
    expect(text.endsWith('\n')).toBe(true);
  });

  it('when a family is written, then its HELP and TYPE come first and its samples follow it', () => {
    const { series, render } = seriesPair();
    series.record('GET', '/a', 200, 0.01, 0, 1);
    series.record('GET', '/b', 500, 0.01, 0, 1);
    const text = render();
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

  it('when more series arrive than the first buffers hold, then they grow and the text still matches prom-client', async () => {
    const observations: Observation[] = [];
    for (let r = 0; r < 700; r++)
      for (const status of [200, 500]) observations.push(['GET', `/api/r${r}`, status, r / 1000, r, 2 * r]);
    const { series, render } = seriesPair();
    const before = series.memory.values.byteLength;
    for (const o of observations) series.record(...o);
    expect(series.memory.values.byteLength).toBeGreaterThan(before);
    expect(lines(render())).toEqual(lines(await promClientText(observations)));
  });

  it('when one series changes among many, then only the parts that hold it are new Buffers, and the text still matches prom-client', async () => {
    const observations: Observation[] = [];
    for (let r = 0; r < 100; r++) observations.push(['GET', `/api/r${r}`, 200, r / 1000, r, 2 * r]);
    const series = new RequestSeries(layout);
    const text = new SeriesText(series.memory, layout);
    for (const o of observations) series.record(...o);
    const before = text.parts();
    expect(text.parts().every((part, i) => part === before[i])).toBe(true);

    // A route in the middle: neither the first nor the last block of its families.
    const again: Observation = ['GET', '/api/r40', 200, 0.3, 7, 9];
    series.record(...again);
    const after = text.parts();

    expect(after).toHaveLength(before.length);
    const renewed = after.filter((part, i) => part !== before[i]);
    // Its block in each of the four families.
    expect(renewed).toHaveLength(4);
    expect(renewed.every((part) => part.toString().includes('route="/api/r40"'))).toBe(true);
    expect(lines(Buffer.concat(after).toString())).toEqual(
      lines(await promClientText([...observations, again])),
    );
  });

  it('when the reader was made before the writes, as the management worker is, then it sees later series and values', () => {
    const { series, render } = seriesPair();
    series.record('GET', '/a', 200, 0.01, 0, 1);
    expect(render()).toContain('http_requests_total{method="GET",route="/a",status_code="200"} 1\n');
    series.record('GET', '/a', 200, 0.01, 0, 1);
    series.record('PUT', '/b', 204, 0.01, 0, 1);
    const text = render();
    expect(text).toContain('http_requests_total{method="GET",route="/a",status_code="200"} 2\n');
    expect(text).toContain('http_requests_total{method="PUT",route="/b",status_code="204"} 1\n');
  });

  it('when the writer is inside a slot (odd sequence), then the reader gives the last whole copy, not a torn one', () => {
    const { series, render } = seriesPair();
    series.record('GET', '/a', 200, 0.01, 0, 1);
    expect(render()).toContain('status_code="200"} 1\n');
    const sequences = new Int32Array(series.memory.values);
    series.record('GET', '/a', 200, 0.01, 0, 1);
    // The status slot follows the route's: as if the writer had stopped half-way through a record.
    const statusSequence = slotLength(layout, routeSlot) * 2;
    Atomics.add(sequences, statusSequence, 1);
    const torn = render();
    expect(torn).toContain('http_requests_total{method="GET",route="/a",status_code="200"} 1\n');
    expect(torn).toContain(
      'http_request_duration_seconds_count{method="GET",route="/a",status_code="200"} 1\n',
    );
    Atomics.add(sequences, statusSequence, 1);
    expect(render()).toContain('http_requests_total{method="GET",route="/a",status_code="200"} 2\n');
  });

  it('when the buffers reach their maximum, then new label sets are dropped and counted, and known ones keep counting', () => {
    // Buffers that may not grow: room for a few hundred routes.
    const { series, render } = seriesPair({ values: 64 * 1024, directory: 16 * 1024 });
    let routes = 0;
    while (series.dropped === 0) series.record('GET', `/r${routes++}`, 200, 0.01, 0, 1);
    expect(routes).toBeGreaterThan(100);
    expect(() => series.record('GET', '/one-more', 200, 0.01, 0, 1)).not.toThrow();
    series.record('GET', '/r0', 200, 0.01, 0, 1);
    const text = render();
    expect(text).toContain('http_requests_total{method="GET",route="/r0",status_code="200"} 2\n');
    expect(text).not.toContain('/one-more');
    expect(series.dropped).toBe(2);
  });

  it('when a label value holds the characters the format reserves, then they are escaped', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeLabelValue('/api/v1/items/:id')).toBe('/api/v1/items/:id');
  });
});
