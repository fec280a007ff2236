import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { naiveApp } from '../../scripts/bench/naive-app.js';

// The benchmark's baseline must really log and measure, or its ratio would flatter it.
describe('the benchmark baseline: naive pino-http + prom-client', () => {
  it('when a request is served, then it writes a pino-http access line and counts it in prom-client', async () => {
    const lines: string[] = [];
    const app = naiveApp('/api/info', (_req, res) => res.json({ ok: true }), {
      write: (line: string) => lines.push(line),
    });

    await request(app).get('/api/info').expect(200, { ok: true });
    const metrics = await request(app).get('/metrics').expect(200);

    const access = lines.map((line) => JSON.parse(line)).find((l) => l.req?.url === '/api/info');
    expect(access).toMatchObject({ msg: 'request completed', res: { statusCode: 200 } });
    expect(access.responseTime).toBeGreaterThanOrEqual(0);
    expect(metrics.text).toContain('http_requests_total{method="GET",route="/api/info",status_code="200"} 1');
    expect(metrics.text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/api/info",status_code="200"} 1',
    );
    expect(metrics.text).toContain('process_cpu_seconds_total');
  });
});
