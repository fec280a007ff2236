import pg from 'pg';
import type { Logger } from 'pino';
import { DatabaseUnavailableError } from '../errors.js';
import type { QueryObserver, SqlExecutor, SqlResult, SqlTransaction } from './sql.js';

export interface PgExecutorOptions {
  readonly connectionString: string;
  readonly poolMax: number;
  readonly connectionTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly logger: Logger;
  readonly observe?: QueryObserver;
}

/** Pool numbers the pool gauges read at scrape time. */
export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

/**
 * SQLSTATE classes that mean "the database cannot serve now" rather than "this
 * statement is wrong": connection exceptions (08), operator intervention such
 * as shutdown or a statement timeout (57), insufficient resources (53).
 */
const unavailableClasses = ['08', '57', '53'];

/** Whether a pg error means the database is unreachable, restarting or too slow. */
export function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
    return unavailableClasses.includes(code.slice(0, 2));
  // No SQLSTATE: a socket error (ECONNREFUSED, ECONNRESET), a connect timeout or a dropped connection.
  return error instanceof Error;
}

function translate(error: unknown): unknown {
  if (!isUnavailable(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new DatabaseUnavailableError(`PostgreSQL did not answer: ${reason}`);
}

/** PostgreSQL through a pg Pool: bounded connections, bounded waits, server-side statement timeout. */
export class PgExecutor implements SqlExecutor {
  readonly engine = 'postgresql';
  readonly #pool: pg.Pool;
  readonly #observe: QueryObserver;

  constructor(options: PgExecutorOptions) {
    this.#observe = options.observe ?? (() => {});
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolMax,
      connectionTimeoutMillis: options.connectionTimeoutMs,
      idleTimeoutMillis: options.idleTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
      // Client-side backstop for a server that stops answering without closing the socket.
      query_timeout: options.statementTimeoutMs + options.connectionTimeoutMs,
      keepAlive: true,
    });
    // An idle client whose server went away emits 'error' on the pool; without a
    // listener that is an uncaught exception. The pool drops the client itself.
    this.#pool.on('error', (error) => {
      options.logger.warn({ err: error }, 'idle PostgreSQL connection failed; the pool drops it');
    });
  }

  get stats(): PoolStats {
    return { total: this.#pool.totalCount, idle: this.#pool.idleCount, waiting: this.#pool.waitingCount };
  }

  async query<R>(operation: string, text: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
    const started = performance.now();
    try {
      const result = await this.#pool.query(text, params as unknown[]);
      this.#observe(operation, 'ok', (performance.now() - started) / 1000);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      this.#observe(operation, 'error', (performance.now() - started) / 1000);
      throw translate(error);
    }
  }

  async transaction<T>(operation: string, fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const started = performance.now();
    let client: pg.PoolClient | undefined;
    let broken: Error | undefined;
    // A checked-out client is no longer covered by the pool's idle handler: if its
    // connection dies mid-transaction it emits 'error' too, and unheard that would crash.
    const onError = (error: Error) => {
      broken = error;
    };
    try {
      client = await this.#pool.connect();
      client.on('error', onError);
      const c = client;
      await c.query('begin');
      const result = await fn({
        query: async <R>(text: string, params: readonly unknown[] = []) => {
          const r = await c.query(text, params as unknown[]);
          return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
        },
        exec: async (script) => {
          await c.query(script);
        },
      });
      await c.query('commit');
      this.#observe(operation, 'ok', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      this.#observe(operation, 'error', (performance.now() - started) / 1000);
      await client?.query('rollback').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw translate(error);
    } finally {
      // A connection that failed or could not even roll back is destroyed, not reused.
      client?.off('error', onError);
      client?.release(broken);
    }
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}
