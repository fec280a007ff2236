import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface BenchServer {
  readonly port: number;
  readonly child: ChildProcess;
  stop(): void;
}

/** Starts one server variant in its own process and waits for its ready line. */
export async function startVariant(variant: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/bench-server.ts', variant], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server ${variant} exited with ${code}`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { ready: number }).ready));
  });
  return { port, child, stop: () => child.kill('SIGKILL') };
}
