import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config/load.js';
import { createDbMetrics } from './db-metrics.js';
import type { ItemsStore } from './items-store.js';
import { runMigrations } from './migrations.js';
import { PgExecutor } from './pg-executor.js';
import type { SqlExecutor } from './sql.js';
import { SqlItemsStore } from './sql-items-store.js';

export interface OpenedStore {
  readonly store: ItemsStore;
  readonly engine: SqlExecutor['engine'];
  readonly migrated: readonly number[];
}

/** The executor the configuration asks for: PostgreSQL when DATABASE_URL is set, else PGlite. */
export async function openExecutor(
  config: Config['database'],
  logger: Logger,
  registry?: Registry,
): Promise<SqlExecutor> {
  if (config.url) {
    let executor: PgExecutor | undefined;
    const observe = registry ? createDbMetrics(registry, () => (executor as PgExecutor).stats) : undefined;
    executor = new PgExecutor({
      connectionString: config.url,
      poolMax: config.poolMax,
      connectionTimeoutMs: config.connectionTimeoutMs,
      statementTimeoutMs: config.statementTimeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      logger,
      ...(observe ? { observe } : {}),
    });
    return executor;
  }
  // Loaded only when used: production (DATABASE_URL) never pays for the WASM module.
  const { PgliteExecutor } = await import('./pglite-executor.js');
  return PgliteExecutor.open(config.embeddedDataDir, registry ? createDbMetrics(registry) : undefined);
}

/**
 * Opens the items store and, if configured, migrates it. A failed migration
 * closes what was opened and rejects: the service must not report started.
 */
export async function openItemsStore(
  config: Config['database'],
  logger: Logger,
  registry?: Registry,
): Promise<OpenedStore> {
  const executor = await openExecutor(config, logger, registry);
  try {
    const migrated = config.migrateOnStart ? await runMigrations(executor) : [];
    logger.info({ engine: executor.engine, migrated }, 'items store ready');
    return { store: new SqlItemsStore(executor), engine: executor.engine, migrated };
  } catch (error) {
    await executor.close();
    throw error;
  }
}
