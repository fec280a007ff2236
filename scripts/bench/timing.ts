import { type Agent, get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** One GET, timed to the last byte; resolves with the status, milliseconds and body as sent. */
export function timedGet(
  url: string,
  agent: Agent | false,
  headers: Record<string, string> = {},
): Promise<{ status: number; ms: number; body: string; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - started;
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, ms, body: body.toString(), bytes: body.length });
      });
    });
    req.setTimeout(5000, () => req.destroy(new Error(`no answer from ${url} within 5 s`)));
    req.on('error', reject);
  });
}

/** Times `url` every `everyMs` until `until` settles: a prober beside the load. */
export async function sampleWhile(
  url: string,
  everyMs: number,
  until: Promise<unknown>,
  agent: Agent | false,
  headers: Record<string, string> = {},
): Promise<number[]> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const samples: number[] = [];
  while (!done) {
    const { status, ms, body } = await timedGet(url, agent, headers);
    if (status !== 200) throw new Error(`${url} answered ${status} under load: ${body.slice(0, 2000)}`);
    samples.push(ms);
    await sleep(everyMs);
  }
  return samples;
}
