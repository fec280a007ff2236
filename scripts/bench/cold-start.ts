import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { freeLoopbackPort as freePort } from '../../rollouts/rehearsal/free-port.js';
import { timedGet } from './timing.js';

export interface ColdStart {
  readonly readyMs: number;
  readonly idleRssMiB: number;
  /** The file-backed part of it (Linux `RssFile`: mostly the node binary's own pages); NaN elsewhere. */
  readonly idleRssFileMiB: number;
}

function rssFileMiB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^RssFile:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

/**
 * Spawns the built service as Kubernetes would (`node build/app/main.js`), times
 * spawn → first 200 from /health/startup, then reads its resident memory after
 * `idleMs` of idling (a second by default) from its own `process_resident_memory_bytes`. With
 * `management`, it runs as the bundle deploys it (MANAGEMENT_PORT) and is
 * asked there, as the kubelet and Prometheus ask it.
 */
export async function measureColdStart(
  env: Record<string, string> = {},
  { management = false, idleMs = 1000 } = {},
): Promise<ColdStart> {
  const port = await freePort();
  const managementPort = management ? await freePort() : undefined;
  const started = performance.now();
  const child = spawn(process.execPath, ['build/app/main.js'], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      ...(managementPort ? { MANAGEMENT_PORT: String(managementPort) } : {}),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    const url = `http://127.0.0.1:${managementPort ?? port}`;
    let readyMs = Number.NaN;
    while (performance.now() - started < 60_000 && child.exitCode === null) {
      const answer = await timedGet(`${url}/health/startup`, false).catch(() => undefined);
      if (answer?.status === 200) {
        readyMs = performance.now() - started;
        break;
      }
      await sleep(2);
    }
    if (Number.isNaN(readyMs)) throw new Error(`the service did not start (exit code ${child.exitCode})`);
    await sleep(idleMs);
    const metrics = (await timedGet(`${url}/metrics`, false)).body;
    const rss = Number(/^process_resident_memory_bytes (\S+)$/m.exec(metrics)?.[1]);
    return { readyMs, idleRssMiB: rss / 1048576, idleRssFileMiB: rssFileMiB(child.pid) };
  } finally {
    child.kill('SIGKILL');
  }
}
