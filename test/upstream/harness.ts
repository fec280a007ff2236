import { afterEach } from 'vitest';
import { createApp } from '../../app/app.js';
import { type TestDeps, testDeps } from '../support/app-deps.js';
import { type Handler, type LocalServer, startLocalServer } from '../support/local-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

/** Test-sized resilience settings: no backoff wait (random is 0), short deadlines. */
export const fastEnv: Record<string, string> = {
  UPSTREAM_TIMEOUT_MS: '2000',
  UPSTREAM_ATTEMPT_TIMEOUT_MS: '1000',
  UPSTREAM_RETRIES: '2',
  UPSTREAM_BREAKER_THRESHOLD: '5',
  UPSTREAM_BREAKER_COOLDOWN_MS: '10000',
};

/** A real local server playing the upstream, scripted with one handler per request in turn (the last repeats). */
export async function upstreamServer(...script: Handler[]): Promise<LocalServer> {
  let n = 0;
  const server = await startLocalServer((req, res) => {
    const handler = script[Math.min(n++, script.length - 1)];
    handler?.(req, res);
  });
  cleanups.push(() => server.close());
  return server;
}

/** The app with its outbound client pointed at `url` as upstream `backend`; closed after the test. */
export function proxyApp(url: string, env: Record<string, string> = {}, random?: () => number) {
  const deps: TestDeps = testDeps({
    env: { ...fastEnv, UPSTREAMS: `backend=${url}`, ...env },
    upstreams: true,
    ...(random ? { random } : {}),
  });
  cleanups.push(() => deps.upstreams?.client.close() ?? Promise.resolve());
  return { deps, app: createApp(deps) };
}

export function onCleanup(close: () => Promise<void>): void {
  cleanups.push(close);
}
