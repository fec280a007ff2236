import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { freshPgliteDir } from './pglite-template.js';

/** The repository root, where `build/` is. */
export const repoRoot = resolve(import.meta.dirname, '../..');

/** One JSON line the process wrote to stdout, parsed. */
export type ProcessLogLine = Record<string, unknown> & { level: string; msg: string; time: string };

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** `Date.now()` when the exit was seen. */
  readonly at: number;
}

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Every stdout line parsed as JSON, in order; grows while the process runs. */
  readonly logs: ProcessLogLine[];
  /** Stdout lines that were not JSON. */
  readonly otherStdout: string[];
  stderr(): string;
  /** Settles once the process has exited and its output has been read. */
  readonly exited: Promise<Exit>;
  /** Resolves with the first log line `match` accepts, already written or still to come. */
  waitForLog(match: (line: ProcessLogLine) => boolean, timeoutMs?: number): Promise<ProcessLogLine>;
}

export interface StartOptions {
  /** Added to a small base environment (PATH, HOME); nothing else of the test's environment leaks in. */
  readonly env?: Record<string, string>;
  /** Directory holding `build/app/main.js`; the repository root by default. */
  readonly cwd?: string;
}

export interface StartServiceOptions extends StartOptions {
  /**
   * `copy` (default): an api process without DATABASE_URL or PGLITE_DATA_DIR gets a
   * fresh copy of a pre-initialised PGlite directory, which starts in about a second.
   * `as-configured`: the environment decides (in-memory PGlite, as the image runs).
   */
  readonly database?: 'copy' | 'as-configured';
  /** How long to wait for the started line; default 60 s (a hang, not a slow start, should fail). */
  readonly startTimeoutMs?: number;
}

const running = new Set<RunningProcess>();
const dataDirs = new Set<string>();

/** Spawns `node build/app/main.js` with the Node binary running the tests (Node 24). */
export function spawnService(options: StartOptions = {}): RunningProcess {
  const child = spawn(process.execPath, ['build/app/main.js'], {
    cwd: options.cwd ?? repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: ProcessLogLine[] = [];
  const otherStdout: string[] = [];
  const waiters = new Set<() => void>();
  let hasExited = false;
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const stdoutDone = new Promise<void>((done) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        logs.push(JSON.parse(line) as ProcessLogLine);
      } catch {
        otherStdout.push(line);
      }
      for (const wake of waiters) wake();
    });
    lines.on('close', done);
  });
  const exited = (async (): Promise<Exit> => {
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    const at = Date.now();
    await stdoutDone;
    hasExited = true;
    for (const wake of waiters) wake();
    return { code, signal, at };
  })();

  const handle: RunningProcess = {
    child,
    logs,
    otherStdout,
    stderr: () => stderr,
    exited,
    waitForLog(match, timeoutMs = 10_000) {
      return new Promise((resolvePromise, reject) => {
        const check = (): boolean => {
          const line = logs.find(match);
          if (line) {
            finish();
            resolvePromise(line);
            return true;
          }
          if (hasExited) {
            finish();
            reject(new Error(`process exited before the expected log line; stderr: ${stderr}`));
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no matching log line within ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
        const wake = (): void => {
          check();
        };
        const finish = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        if (!check()) waiters.add(wake);
      });
    },
  };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}

export interface StartedService extends RunningProcess {
  /** Base URL of the main port, on loopback. */
  readonly url: string;
  readonly port: number;
  readonly managementPort: number | undefined;
}

/**
 * Starts the built service on loopback and waits for its "sample-api started"
 * line. PORT defaults to 0: the started line reports the port the kernel chose,
 * so there is no window in which another process can take a pre-picked port.
 */
export async function startService(options: StartServiceOptions = {}): Promise<StartedService> {
  const env: Record<string, string> = { HOST: '127.0.0.1', PORT: '0', ...options.env };
  const usesEmbeddedDb = (env.SERVICE_ROLE ?? 'api') === 'api' && !env.DATABASE_URL && !env.PGLITE_DATA_DIR;
  if ((options.database ?? 'copy') === 'copy' && usesEmbeddedDb) {
    env.PGLITE_DATA_DIR = await freshPgliteDir();
    dataDirs.add(env.PGLITE_DATA_DIR);
  }
  const proc = spawnService({ ...options, env });
  const started = await proc.waitForLog(
    (line) => line.msg === 'sample-api started',
    options.startTimeoutMs ?? 60_000,
  );
  const port = started.port as number;
  return Object.assign(proc, {
    url: `http://127.0.0.1:${port}`,
    port,
    managementPort: started.managementPort as number | undefined,
  });
}

/** Kills every process spawned here that is still running and removes their data directories; for `afterEach`. */
export async function killAll(): Promise<void> {
  const left = [...running];
  for (const proc of left) proc.child.kill('SIGKILL');
  await Promise.all(left.map((proc) => proc.exited));
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  dataDirs.clear();
}
