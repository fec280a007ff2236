import { loadConfig } from '../config/load.js';
import { createLogger } from '../logger.js';
import { runMigrations } from './migrations.js';
import { openExecutor } from './open-store.js';

// `npm run migrate`: applies pending migrations to DATABASE_URL (or PGLITE_DATA_DIR) and exits.
const config = loadConfig(process.env);
const logger = createLogger({
  level: config.log.level,
  pretty: false,
  base: { service: config.service.name },
});
const executor = await openExecutor(config.database, logger);
try {
  const applied = await runMigrations(executor);
  logger.info(
    { engine: executor.engine, applied },
    applied.length ? 'migrations applied' : 'schema already current',
  );
} catch (error) {
  logger.error({ err: error }, 'migration failed');
  process.exitCode = 1;
} finally {
  await executor.close();
}
