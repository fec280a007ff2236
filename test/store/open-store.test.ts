import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config/load.js';
import { DatabaseUnavailableError } from '../../app/errors.js';
import { createLogger } from '../../app/logger.js';
import { runMigrations } from '../../app/store/migrations.js';
import { openExecutor, openItemsStore } from '../../app/store/open-store.js';
import { freePort } from '../support/net.js';

const silent = createLogger({ level: 'silent', pretty: false, base: {} });
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('opening the items store from configuration', () => {
  // PGlite runs initdb on an empty directory: seconds, many more on a busy machine.
  it('when DATABASE_URL is empty, then PGlite serves; migrations wait for their switch and then apply once', {
    timeout: 90_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'items-pglite-'));
    dirs.push(dir);
    const env = { PGLITE_DATA_DIR: dir };
    const off = await openItemsStore(
      loadConfig({ ...env, DATABASE_MIGRATE_ON_START: 'false' }).database,
      silent,
    );
    expect(off).toMatchObject({ engine: 'pglite', migrated: [] });
    await off.store.close();

    const registry = new Registry();
    const on = await openItemsStore(loadConfig(env).database, silent, registry);
    expect(on.migrated).toEqual([1]);
    await on.store.ping();
    const text = await registry.metrics();
    expect(text).toMatch(/db_query_duration_seconds_count\{operation="migrate",outcome="ok"\} 1/);
    // Pool gauges belong to the pg adapter only.
    expect(text).not.toMatch(/db_pool_connections_total/);
    await on.store.close();

    // A broken migration on PGlite rolls back whole: nothing of it is recorded.
    const db = await openExecutor(loadConfig(env).database, silent);
    const broken = { version: 2, name: 'broken', sql: 'create table half (n integer); select nope;' };
    await expect(
      runMigrations(db, [{ version: 1, name: 'create items', sql: '' }, broken]),
    ).rejects.toThrow();
    const { rows } = await db.query<{ version: number }>('test', 'select version from schema_migrations');
    expect(rows).toEqual([{ version: 1 }]);
    await expect(db.query('test', 'select * from half')).rejects.toThrow(/half/);
    await db.close();
  });

  it('when PostgreSQL is unreachable at start-up, then opening fails with the reason instead of reporting started', async () => {
    const port = await freePort();
    const config = loadConfig({ DATABASE_URL: `postgresql://u:p@127.0.0.1:${port}/db` }).database;
    await expect(openItemsStore(config, silent, new Registry())).rejects.toBeInstanceOf(
      DatabaseUnavailableError,
    );
  });
});
