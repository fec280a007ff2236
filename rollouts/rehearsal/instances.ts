import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FaultProfile } from '../../app/domain/faults.js';
import { stopChild } from './stop-child.js';

/** A pod's role in the canary: the Rollout's canaryMetadata/stableMetadata label. */
export type Role = 'stable' | 'canary';

/** One running instance of the real service, standing in for a ReplicaSet. */
export interface Instance {
  readonly role: Role;
  /** The pod-template hash its series carry, as `rollouts-pod-template-hash` would. */
  readonly hash: string;
  readonly url: string;
  /** `host:port` Prometheus scrapes. */
  readonly address: string;
  readonly faults: FaultProfile;
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A pod-template hash: the revision and fault profile stand for the pod
 * template, so stable and canary always differ, as two revisions do.
 */
export function templateHash(revision: number, faults: FaultProfile): string {
  return createHash('sha256').update(JSON.stringify({ revision, faults })).digest('hex').slice(0, 10);
}

/**
 * Starts the real service (`app/main.ts`, as `npm start` runs it) as a child
 * process on a loopback port the kernel picks, with the given fault profile.
 * A process per instance, like a pod: its start-up work and its event loop
 * never stall the rehearsal's traffic and measurements.
 */
export async function startInstance(role: Role, revision: number, faults: FaultProfile): Promise<Instance> {
  const hash = templateHash(revision, faults);
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: '0',
      HOSTNAME: `sample-api-${hash}-0`,
      LOG_LEVEL: 'info',
      LOG_ACCESS_SAMPLE_RATE: '0',
      SHUTDOWN_DRAIN_DELAY_MS: '0',
      SHUTDOWN_TIMEOUT_MS: '2000',
      FAULT_ERROR_RATE: String(faults.errorRate),
      FAULT_ERROR_STATUS: String(faults.errorStatus),
      FAULT_LATENCY_MS: String(faults.latencyMs),
      FAULT_LATENCY_JITTER_MS: String(faults.latencyJitterMs),
    },
  });
  const onExit = () => child.kill('SIGKILL');
  process.on('exit', onExit);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + String(chunk)).slice(-2000);
  });
  const stop = () => stopChild(child).finally(() => process.off('exit', onExit));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${role} instance did not start within 120 s`)),
        120_000,
      );
      // The service's own start line carries the port it got.
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        if (!line.includes('"sample-api started"')) return;
        clearTimeout(timer);
        resolve(Number((JSON.parse(line) as { port: number }).port));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${role} instance exited (${code}) before it started: ${stderr.trim()}`));
      });
    });
    return { role, hash, url: `http://127.0.0.1:${port}`, address: `127.0.0.1:${port}`, faults, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
