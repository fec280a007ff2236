import request from 'supertest';
import { testApp } from '../support/app-deps.js';

/** Series names with at least one sample in a Prometheus text exposition. */
export function sampledSeries(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    names.add(/^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)![0]);
  }
  return names;
}

/** Metric families and their types, from the `# TYPE` lines. */
export function declaredFamilies(text: string): Map<string, string> {
  const families = new Map<string, string>();
  for (const match of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(match[1]!, match[2]!);
  return families;
}

/** Makes V8 collect garbage at least once, so `nodejs_gc_duration_seconds` has samples. */
export async function churnHeap(): Promise<void> {
  let keep: unknown[] = [];
  for (let i = 0; i < 200_000; i++) {
    keep.push({ i, s: `x${i}` });
    if (keep.length > 10_000) keep = [];
  }
  // prom-client's GC observer is called asynchronously after the collection.
  await new Promise((done) => setTimeout(done, 50));
}

/**
 * The real app's /metrics after traffic that creates every RED series: 2xx
 * business requests, a 5xx, a 4xx, an unmatched path and a request with a body,
 * with prom-client's default metrics on (as in production).
 */
export async function scrapeRealApp(): Promise<string> {
  const { app } = testApp({ env: { METRICS_DEFAULT_METRICS: 'true' }, defaultMetrics: true });
  const client = request(app);
  await client.get('/api/info').expect(200);
  await client.get('/api/version').expect(200);
  await client.get('/demo/status/503').expect(503);
  await client.get('/demo/error?status=404').expect(404);
  await client.get('/no/such/path').expect(404);
  await client.put('/admin/faults').send({ errorRate: 0 });
  await churnHeap();
  const response = await client.get('/metrics').expect(200);
  return response.text;
}
