import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../../app/errors.js';
import { createLogger } from '../../app/logger.js';
import { isUnavailable, PgExecutor } from '../../app/store/pg-executor.js';
import { SqlItemsStore } from '../../app/store/sql-items-store.js';
import { startTestPostgres, type TestPostgres } from '../support/embedded-pg.js';
import { freePort } from '../support/net.js';

const silent = createLogger({ level: 'silent', pretty: false, base: {} });
const executor = (url: string, statementTimeoutMs = 2000) =>
  new PgExecutor({
    connectionString: url,
    poolMax: 2,
    connectionTimeoutMs: 500,
    statementTimeoutMs,
    idleTimeoutMs: 1000,
    logger: silent,
  });

describe('pg executor failure modes', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startTestPostgres();
  });
  afterAll(() => pg?.destroy());

  it('when a statement runs past statement_timeout, then it is cancelled as DatabaseUnavailableError', async () => {
    const db = executor(pg.url, 200);
    const started = performance.now();
    await expect(db.query('slow', 'select pg_sleep(3)')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(performance.now() - started).toBeLessThan(2000);
    await db.close();
  });

  it('when the SQL itself is wrong, then the error is not dressed up as an outage', async () => {
    const db = executor(pg.url);
    await expect(db.query('bad', 'selec 1')).rejects.toMatchObject({ code: '42601' });
    await db.close();
  });

  it('when a transaction fails part-way, then nothing of it is stored', async () => {
    const db = executor(pg.url);
    await db.query('setup', 'create table if not exists tx_probe (n integer)');
    await expect(
      db.transaction('probe', async (tx) => {
        await tx.query('insert into tx_probe values (1)');
        await tx.exec('select 1; select 2');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await pg.query('select * from tx_probe')).toEqual([]);
    await db.close();
  });

  it('when the server accepts connections but never answers, then the connect timeout bounds the wait', async () => {
    const sockets: Socket[] = [];
    const blackhole: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((done) => blackhole.listen(0, '127.0.0.1', done));
    const { port } = blackhole.address() as { port: number };
    const db = executor(`postgresql://u:p@127.0.0.1:${port}/db`);
    const started = performance.now();
    await expect(db.query('ping', 'select 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    const waited = performance.now() - started;
    expect(waited).toBeLessThan(2000);
    console.info(
      `black-holed database: answered unavailable after ${waited.toFixed(0)} ms (connect timeout 500 ms)`,
    );
    await db.close();
    for (const s of sockets) s.destroy();
    await new Promise((done) => blackhole.close(done));
  });

  it('when the connection dies inside a transaction, then the error surfaces and the pool drops that connection', async () => {
    const db = executor(pg.url);
    await expect(
      db.transaction('probe', (tx) => tx.query('select pg_terminate_backend(pg_backend_pid())')),
    ).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(db.stats.total).toBe(0);
    await expect(db.query('after', 'select 1 as one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    await db.close();
  });

  it('when the store cannot reach PostgreSQL, then writes reject as unavailable rather than as conflicts', async () => {
    const store = new SqlItemsStore(executor(`postgresql://u:p@127.0.0.1:${await freePort()}/db`));
    const input = { name: 'n', description: '', priceCents: 1, currency: 'EUR' };
    await expect(store.create(randomUUID(), input)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(store.update(randomUUID(), 1, input)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await store.close();
  });

  it('when classifying errors, then only connection, shutdown and resource SQLSTATEs mean unavailable', () => {
    expect(isUnavailable({ code: '08006' })).toBe(true);
    expect(isUnavailable({ code: '57P01' })).toBe(true);
    expect(isUnavailable({ code: '53300' })).toBe(true);
    expect(isUnavailable({ code: '23505' })).toBe(false);
    expect(isUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isUnavailable('not an error')).toBe(false);
  });
});
