import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freeLoopbackPort } from '../../rollouts/rehearsal/free-port.js';

export interface BenchServer {
  readonly port: number;
  /** Where the probes and /metrics answer: the management port when the variant has one. */
  readonly managementPort: number | undefined;
  readonly child: ChildProcess;
  stop(): void;
}

/**
 * Starts one server variant in its own process and waits for its ready line.
 * The service's own variants run as the bundle deploys them, with a management port.
 */
export async function startVariant(variant: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const ownStack = variant !== 'bare' && variant !== 'naive';
  const management = ownStack ? { BENCH_MANAGEMENT_PORT: String(await freeLoopbackPort()) } : {};
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/bench-server.ts', variant], {
    env: { ...process.env, ...management, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ ready: number; managementPort?: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server ${variant} exited with ${code}`)));
    lines.once('line', (line) => resolve(JSON.parse(line)));
  });
  return {
    port: ready.ready,
    managementPort: ready.managementPort,
    child,
    stop: () => child.kill('SIGKILL'),
  };
}
