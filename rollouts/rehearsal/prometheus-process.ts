import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freeLoopbackPort } from './free-port.js';
import { stopChild } from './stop-child.js';

/** Raised when no `prometheus` binary can be found; the message says how to get one. */
export class PrometheusNotFoundError extends Error {
  override readonly name = 'PrometheusNotFoundError';
}

/** Raised when the binary starts but never answers `/-/ready`, or exits early. */
export class PrometheusStartError extends Error {
  override readonly name = 'PrometheusStartError';
}

const INSTALL_HINT =
  'install one with `sudo apt-get install prometheus` (Debian/Ubuntu), or download a release from ' +
  'https://prometheus.io/download/ and set PROMETHEUS_BIN=/path/to/prometheus';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `prometheus` binary to run: `PROMETHEUS_BIN` when set (it must be
 * executable), else the first `prometheus` on `PATH`.
 */
export function findPrometheus(env: Record<string, string | undefined>): string {
  const override = env.PROMETHEUS_BIN;
  if (override) {
    if (isExecutable(override)) return override;
    throw new PrometheusNotFoundError(
      `PROMETHEUS_BIN=${override} is not an executable file: ${INSTALL_HINT}`,
    );
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'prometheus');
    if (isExecutable(candidate)) return candidate;
  }
  throw new PrometheusNotFoundError(`no \`prometheus\` binary on PATH: ${INSTALL_HINT}`);
}

/** One scrape target with the labels its series carry (e.g. role, pod-template hash). */
export interface ScrapeTarget {
  /** `host:port`, loopback only. */
  readonly address: string;
  /** Target labels, copied onto every series scraped from it. */
  readonly labels: Readonly<Record<string, string>>;
  /** @default '/metrics' */
  readonly metricsPath?: string;
}

/** Options of {@link startPrometheus}. */
export interface PrometheusOptions {
  readonly targets: readonly ScrapeTarget[];
  /** Prometheus duration. @default '1s' */
  readonly scrapeInterval?: string;
  /** Rule evaluation interval. @default '1s' */
  readonly evaluationInterval?: string;
  /** Absolute paths of rule files to load. @default [] */
  readonly ruleFiles?: readonly string[];
  /** Where to look for the binary (`PROMETHEUS_BIN`, `PATH`). @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** How long to wait for `/-/ready`. @default 30000 */
  readonly readyTimeoutMs?: number;
}

/** A running Prometheus; `stop()` kills it and removes its temp directory. */
export interface RunningPrometheus {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The directory holding the generated config and the TSDB. */
  readonly dir: string;
  stop(): Promise<void>;
}

/** The generated configuration (JSON is valid YAML). */
export function prometheusConfig(options: PrometheusOptions): object {
  const interval = options.scrapeInterval ?? '1s';
  return {
    global: { scrape_interval: interval, evaluation_interval: options.evaluationInterval ?? '1s' },
    rule_files: [...(options.ruleFiles ?? [])],
    scrape_configs: [
      {
        job_name: 'rehearsal',
        scrape_interval: interval,
        scrape_timeout: interval,
        static_configs: options.targets.map((t) => ({
          targets: [t.address],
          labels: { ...t.labels, ...(t.metricsPath ? { __metrics_path__: t.metricsPath } : {}) },
        })),
      },
    ],
  };
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

async function waitReady(child: ChildProcess, url: string, timeoutMs: number, stderr: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new PrometheusStartError(
        `prometheus exited (${child.exitCode ?? child.signalCode}): ${stderr()}`,
      );
    }
    if (await isReady(url)) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new PrometheusStartError(`prometheus not ready at ${url} within ${timeoutMs} ms: ${stderr()}`);
}

/**
 * Starts a private Prometheus on a free loopback port with a temp TSDB,
 * scraping `targets` with their own labels; resolves once `/-/ready` answers.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const binary = findPrometheus(options.env ?? process.env);
  const dir = mkdtempSync(join(tmpdir(), 'canary-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, JSON.stringify(prometheusConfig(options), null, 2));
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  // Never leave a Prometheus behind, even when the caller forgets stop() or exits abruptly.
  const onExit = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= stopChild(child).finally(() => {
      process.off('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    });
    return stopped;
  };
  try {
    await waitReady(child, url, options.readyTimeoutMs ?? 30_000, () => stderr.trim());
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dir, stop };
}
