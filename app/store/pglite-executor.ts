import { PGlite } from '@electric-sql/pglite';
import type { QueryObserver, SqlExecutor, SqlResult, SqlTransaction } from './sql.js';

/**
 * PostgreSQL compiled to WASM, in this process: the same SQL and migrations as
 * the server, no server to run. One connection; PGlite queues statements.
 */
export class PgliteExecutor implements SqlExecutor {
  readonly engine = 'pglite';

  private constructor(
    private readonly db: PGlite,
    private readonly observe: QueryObserver,
  ) {}

  /** `dataDir` empty keeps the database in memory. */
  static async open(dataDir: string, observe: QueryObserver = () => {}): Promise<PgliteExecutor> {
    const db = await PGlite.create(dataDir ? { dataDir } : {});
    return new PgliteExecutor(db, observe);
  }

  async query<R>(operation: string, text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
    const started = performance.now();
    try {
      const result = await this.db.query<R>(text, params as unknown[]);
      this.observe(operation, 'ok', (performance.now() - started) / 1000);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    } catch (error) {
      this.observe(operation, 'error', (performance.now() - started) / 1000);
      throw error;
    }
  }

  async transaction<T>(operation: string, fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await this.db.transaction((tx) =>
        fn({
          query: async <R>(text: string, params: readonly unknown[] = []) => {
            const r = await tx.query<R>(text, params as unknown[]);
            return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
          },
          exec: async (script) => {
            await tx.exec(script);
          },
        }),
      );
      this.observe(operation, 'ok', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      this.observe(operation, 'error', (performance.now() - started) / 1000);
      throw error;
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
