import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config/load.js';
import { createLogger } from '../../app/logger.js';
import { type RunningService, startService } from '../../app/server.js';
import { sample } from '../support/app-deps.js';
import { startTestPostgres, type TestPostgres } from '../support/embedded-pg.js';

const mug = { name: 'mug', description: '', priceCents: 100, currency: 'EUR' };

/**
 * The real service (startService: pool, migrations, readiness check, metrics)
 * against a real PostgreSQL that the test stops and starts under it.
 */
describe('items on PostgreSQL: outage, recovery, no lost writes', () => {
  let pg: TestPostgres;
  let service: RunningService;
  let base: string;
  const logs: { level: number; msg: string }[] = [];

  beforeAll(async () => {
    pg = await startTestPostgres();
    const config = loadConfig({
      DATABASE_URL: pg.url,
      PORT: '0',
      HOST: '127.0.0.1',
      SHUTDOWN_DRAIN_DELAY_MS: '0',
      METRICS_DEFAULT_METRICS: 'false',
      DATABASE_CONNECTION_TIMEOUT_MS: '1000',
    });
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    });
    const logger = createLogger({ level: 'warn', pretty: false, base: {} }, sink);
    service = await startService({
      config,
      logger,
      buildInfo: { version: 't', commit: 't', buildTime: '2026-11-22T00:00:00.000Z' },
      hostname: 'test',
    });
    base = `http://127.0.0.1:${service.port}`;
  });
  afterAll(async () => {
    await service?.stop();
    await pg?.destroy();
  });

  it('when started, then the schema is migrated before readiness and the database is a required check', async () => {
    const ready = await request(base).get('/health/ready').expect(200);
    expect(ready.body.checks).toContainEqual(
      expect.objectContaining({ name: 'database', required: true, status: 'ok' }),
    );
    expect(await pg.query('select version from schema_migrations')).toEqual([{ version: 1 }]);
  });

  it('when PostgreSQL stops, then items answer 503 fast, readiness names the database, and both recover on their own', async () => {
    const acknowledged: string[] = [];
    const write = async (name: string) => {
      const res = await request(base)
        .post('/api/v1/items')
        .send({ ...mug, name });
      if (res.status === 201) acknowledged.push(res.body.id);
      return res;
    };
    for (let i = 0; i < 5; i++) expect((await write(`before ${i}`)).status).toBe(201);

    await pg.stop();
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const res = await write(`during ${i}`);
      timings.push(performance.now() - started);
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body).toMatchObject({ dependency: 'database', title: 'Database unavailable' });
    }
    const started = performance.now();
    const read = await request(base).get('/api/v2/items').expect(503);
    timings.push(performance.now() - started);
    expect(read.headers['retry-after']).toBe('1');
    expect(Math.max(...timings)).toBeLessThan(2000);
    // Readiness answers from the background check (READINESS_CHECK_INTERVAL_MS, 1 s by default):
    // it turns within about one interval, without a probe ever waiting on the database.
    const stoppedAt = performance.now();
    await expect
      .poll(async () => (await request(base).get('/health/ready')).body.failing, {
        timeout: 3000,
        interval: 50,
      })
      .toEqual(['database']);
    console.info(
      `outage: readiness 503 ${(performance.now() - stoppedAt).toFixed(0)} ms after the 503 answers`,
    );
    await request(base).get('/health/live').expect(200);

    await pg.start();
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await request(base).get('/health/ready')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await write(`after ${i}`)).status).toBe(201);

    // Nothing lost: every write answered 201 is in PostgreSQL, looked up directly.
    const stored = await pg.query<{ id: string }>('select id from items where id = any($1::uuid[])', [
      acknowledged,
    ]);
    expect(stored).toHaveLength(acknowledged.length);
    expect(acknowledged).toHaveLength(10);
    // The idle connections the stop cut were reported, not thrown.
    expect(logs.some((l) => l.msg.includes('idle PostgreSQL connection failed'))).toBe(true);
    console.info(`outage: 503 answers took ${timings.map((t) => t.toFixed(0)).join(', ')} ms`);

    const metrics = (await request(base).get('/metrics')).text;
    expect(
      sample(metrics, 'db_query_duration_seconds_count', { operation: 'items.create', outcome: 'error' }),
    ).toBe(5);
    expect(
      sample(metrics, 'db_query_duration_seconds_count', { operation: 'items.create', outcome: 'ok' }),
    ).toBe(10);
    expect(sample(metrics, 'items_created_total')).toBe(10);
    expect(sample(metrics, 'db_pool_connections_total')).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'db_pool_requests_waiting')).toBe(0);
    expect(sample(metrics, 'db_pool_connections_idle')).toBeGreaterThanOrEqual(0);
  });

  it('when many writers update one item with If-Match, then exactly one per version wins and none is lost', async () => {
    const created = await request(base)
      .post('/api/v1/items')
      .send({ ...mug, name: 'contended' })
      .expect(201);
    const url = `/api/v1/items/${created.body.id}`;
    const winners: number[] = [];
    let losers = 0;
    for (let version = 1; version <= 5; version++) {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, writer) =>
          request(base)
            .put(url)
            .set('If-Match', `"${version}"`)
            .send({ ...mug, name: 'contended', priceCents: version * 100 + writer }),
        ),
      );
      const ok = results.filter((r) => r.status === 200);
      expect(ok).toHaveLength(1);
      expect(results.filter((r) => r.status === 412)).toHaveLength(9);
      expect(ok[0]?.headers.etag).toBe(`"${version + 1}"`);
      winners.push(ok[0]?.body.priceCents);
      losers += 9;
    }
    const [row] = await pg.query<{ version: number; price_cents: string }>(
      'select version, price_cents from items where id = $1',
      [created.body.id],
    );
    expect(row).toEqual({ version: 6, price_cents: String(winners.at(-1)) });
    console.info(`concurrent writers: 5 rounds x 10 writers, ${winners.length} won, ${losers} got 412`);
  });
});
