/** The little SQL surface both adapters offer: same statements, same placeholders ($1…). */
export interface SqlExecutor {
  /** Which engine runs the SQL, for logs and /api/info-style reports. */
  readonly engine: 'postgresql' | 'pglite';
  /** `operation` names the statement in db_query_duration_seconds. */
  query<R>(operation: string, text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Runs `fn` in one transaction on one connection. */
  transaction<T>(operation: string, fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface SqlTransaction {
  query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

/** Observes each statement's duration; db-metrics.ts supplies the histogram. */
export type QueryObserver = (operation: string, outcome: 'ok' | 'error', seconds: number) => void;
