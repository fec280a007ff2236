import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { get, type Outcome } from '../support/http-client.js';
import { pollUntil } from '../support/net.js';
import { killAll, type ProcessLogLine, type StartedService, startService } from '../support/process.js';

const drainDelayMs = 500;
const connections = 6;
/** Business, slow and probe paths in turn; the slow ones keep requests in flight at every moment. */
const paths = [
  '/api/info',
  '/demo/slow?ms=300',
  '/api/version',
  '/health/live',
  '/api/info',
  '/demo/slow?ms=150',
];
/** Upper bounds for the load, whatever happens: loopback only, bounded in count and time. */
const maxRequests = 3000;
const maxLoadMs = 10_000;

let agent: http.Agent | undefined;
afterEach(async () => {
  agent?.destroy();
  agent = undefined;
  await killAll();
});

const at = (logs: readonly ProcessLogLine[], msg: string): number => {
  const line = logs.find((l) => l.msg === msg);
  if (!line) throw new Error(`no "${msg}" log line; got ${logs.map((l) => l.msg).join(' | ')}`);
  return Date.parse(line.time);
};

/**
 * Closing a listener resets the connections the kernel completed but the app had
 * not yet read a request from (the accept queue, or a socket accepted in the same
 * instant): those requests were never accepted, so they are not lost, but they see
 * ECONNRESET instead of ECONNREFUSED. Only a brand-new connection, sent at most
 * this long before the listener closed, may fail that way; the drain delay exists
 * so that in a cluster no new connection arrives by then.
 */
const closeRaceMs = 50;

/** Why a request got no response: a refusal after close, the close race above, or a lost request. */
function failureKind(o: Outcome, closingAt: number): 'refused' | 'reset at close' | 'lost' {
  if (o.status !== undefined) return 'lost';
  if (o.error === 'ECONNREFUSED' && o.endedAt >= closingAt) return 'refused';
  if (o.error === 'ECONNRESET' && !o.reusedSocket && o.sentAt >= closingAt - closeRaceMs)
    return 'reset at close';
  return 'lost';
}

/** `connections` clients, each sending one request after another until the listener refuses it. */
function keepAliveLoad(service: StartedService, keepAlive: http.Agent) {
  const outcomes: Outcome[] = [];
  const startedAt = Date.now();
  let stop = false;
  const worker = async (offset: number): Promise<void> => {
    for (let i = offset; !stop; i++) {
      if (outcomes.length >= maxRequests || Date.now() - startedAt > maxLoadMs) return;
      const outcome = await get(service.url, paths[i % paths.length]!, keepAlive);
      outcomes.push(outcome);
      if (outcome.error === 'ECONNREFUSED') return;
    }
  };
  const done = Promise.all(Array.from({ length: connections }, (_, n) => worker(n)));
  return {
    outcomes,
    stop: () => {
      stop = true;
      return done;
    },
    done,
  };
}

/** Readiness over a fresh connection every 20 ms, until the listener refuses. */
async function pollReadiness(service: StartedService): Promise<Outcome[]> {
  const seen: Outcome[] = [];
  for (let i = 0; i < 500; i++) {
    const outcome = await get(service.url, '/health/ready', false);
    seen.push(outcome);
    if (outcome.error) return seen;
    await new Promise((done) => setTimeout(done, 20));
  }
  return seen;
}

describe('graceful shutdown of the real process', { timeout: 60_000 }, () => {
  it('when SIGTERM arrives under keep-alive load, then readiness flips first, no accepted request is lost, and it exits 0 in order', async () => {
    const service = await startService({
      // Every request gets its access line, so the test can check none was lost at exit.
      env: {
        SHUTDOWN_DRAIN_DELAY_MS: String(drainDelayMs),
        SHUTDOWN_TIMEOUT_MS: '5000',
        LOG_ACCESS_SAMPLE_RATE: '1',
      },
    });
    agent = new http.Agent({ keepAlive: true, maxSockets: connections + 1 });
    const load = keepAliveLoad(service, agent);
    await pollUntil(
      async () => (load.outcomes.filter((o) => o.status === 200).length >= 30 ? true : undefined),
      {
        what: '30 answered requests before SIGTERM',
      },
    );
    // Sent on a pooled keep-alive socket before SIGTERM, answered after the listener closed.
    const straddler = get(service.url, `/demo/slow?ms=${drainDelayMs + 700}`, agent);
    await pollUntil(async () => {
      const res = await fetch(`${service.url}/metrics`);
      const inFlight = /^http_requests_in_flight (\d+)/m.exec(await res.text());
      return Number(inFlight?.[1]) >= 1 ? true : undefined;
    });

    const sigtermAt = Date.now();
    service.child.kill('SIGTERM');
    const readiness = pollReadiness(service);
    const exit = await service.exited;
    const [readinessSeen, straddled] = await Promise.all([readiness, straddler, load.stop()]).then(
      ([r, s]) => [r, s] as const,
    );

    // (c) exit 0 after the ordered phases
    expect(exit.code).toBe(0);
    const phases = [
      'shutdown requested',
      'shutdown: readiness is 503, draining',
      'shutdown: listener closing, finishing in-flight requests',
      'shutdown: done',
    ];
    expect(service.logs.map((l) => l.msg).filter((m) => phases.includes(m))).toEqual(phases);
    expect(service.logs.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
    expect(service.logs.find((l) => l.msg === 'shutdown: done')?.outcome).toBe('clean');
    const drainingAt = at(service.logs, 'shutdown: readiness is 503, draining');
    const closingAt = at(service.logs, 'shutdown: listener closing, finishing in-flight requests');
    expect(closingAt - drainingAt).toBeGreaterThanOrEqual(drainDelayMs);

    // (a) readiness answers 503 over new connections before the listener closes, and never 200 again
    const first503 = readinessSeen.find((o) => o.status === 503);
    expect(first503, JSON.stringify(readinessSeen)).toBeDefined();
    expect(first503!.endedAt).toBeLessThan(closingAt);
    const after = readinessSeen.slice(readinessSeen.indexOf(first503!));
    expect(after.filter((o) => o.status !== undefined && o.status !== 503)).toEqual([]);
    expect(after.filter((o) => o.status === 503).length).toBeGreaterThan(1);
    expect(readinessSeen.slice(0, -1).filter((o) => o.error)).toEqual([]);
    expect(['refused', 'reset at close']).toContain(failureKind(readinessSeen.at(-1)!, closingAt));

    // (b) nothing accepted is lost: answers are whole 2xx; failures are refusals after the listener closed
    const outcomes = [...load.outcomes, straddled];
    const answered = outcomes.filter((o) => o.status !== undefined);
    const failed = outcomes.filter((o) => o.status === undefined);
    expect(answered.filter((o) => !o.complete || o.status! < 200 || o.status! > 299)).toEqual([]);
    const relative = (o: Outcome) => ({ ...o, sentAt: o.sentAt - closingAt, endedAt: o.endedAt - closingAt });
    expect(failed.filter((o) => failureKind(o, closingAt) === 'lost').map(relative)).toEqual([]);
    const refused = failed.filter((o) => failureKind(o, closingAt) === 'refused');
    const resetAtClose = failed.filter((o) => failureKind(o, closingAt) === 'reset at close');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    // The draining responses told the pool to re-dial; the straddler was answered after the listener closed.
    expect(answered.filter((o) => o.sentAt > first503!.endedAt && o.connection !== 'close')).toEqual([]);
    expect(straddled).toMatchObject({ status: 200, complete: true });
    expect(straddled.endedAt).toBeGreaterThan(closingAt);
    // Logs are flushed before exit: every answered business request has its access line.
    const business = answered.filter((o) => !o.path.startsWith('/health/'));
    expect(service.logs.filter((l) => /^GET \/(api|demo)\//.test(l.msg)).length).toBe(business.length);
    const inFlightAtClose = answered.filter((o) => o.sentAt < closingAt && o.endedAt > closingAt);
    expect(inFlightAtClose.length).toBeGreaterThanOrEqual(1);

    console.log(
      `shutdown figures: ${outcomes.length} requests sent over ${connections + 1} keep-alive connections, ` +
        `${answered.length} completed 2xx (${answered.filter((o) => o.sentAt >= sigtermAt).length} sent after SIGTERM, ` +
        `${inFlightAtClose.length} in flight when the listener closed), ${refused.length} refused after the listener closed, ` +
        `${resetAtClose.length} new connections reset as the listener closed, ` +
        `0 lost; readiness 503 ${first503!.endedAt - sigtermAt} ms after SIGTERM ` +
        `(${closingAt - first503!.endedAt} ms before the listener closed); listener closed ${closingAt - sigtermAt} ms ` +
        `after SIGTERM; exit 0 ${exit.at - sigtermAt} ms after SIGTERM`,
    );
  });

  it('when a second SIGTERM arrives during the drain, then it exits non-zero without waiting', async () => {
    const service = await startService({ env: { SHUTDOWN_DRAIN_DELAY_MS: '10000' } });
    service.child.kill('SIGTERM');
    await service.waitForLog((l) => l.msg === 'shutdown: readiness is 503, draining');

    const secondAt = Date.now();
    service.child.kill('SIGTERM');
    const exit = await service.exited;

    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.at - secondAt).toBeLessThan(5000);
    expect(service.logs.map((l) => l.msg)).toContain('second signal during shutdown: exiting now');
    expect(service.logs.map((l) => l.msg)).not.toContain(
      'shutdown: listener closing, finishing in-flight requests',
    );
  });

  it('when a request outlives SHUTDOWN_TIMEOUT_MS, then the process exits non-zero at the deadline', async () => {
    const timeoutMs = 500;
    const service = await startService({
      env: { SHUTDOWN_DRAIN_DELAY_MS: '100', SHUTDOWN_TIMEOUT_MS: String(timeoutMs) },
    });
    const slow = get(service.url, '/demo/slow?ms=8000', false, 15_000);
    await pollUntil(async () => {
      const res = await fetch(`${service.url}/metrics`);
      const inFlight = /^http_requests_in_flight (\d+)/m.exec(await res.text());
      return Number(inFlight?.[1]) >= 1 ? true : undefined;
    });

    const sigtermAt = Date.now();
    service.child.kill('SIGTERM');
    const exit = await service.exited;

    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.at - sigtermAt).toBeGreaterThanOrEqual(100 + timeoutMs);
    expect(exit.at - sigtermAt).toBeLessThan(5000);
    expect(service.logs.map((l) => l.msg)).toContain(
      'shutdown: deadline passed with requests in flight; closing their connections',
    );
    expect(service.logs.find((l) => l.msg === 'shutdown: done')?.outcome).toBe('deadline');
    expect((await slow).status).toBeUndefined();
  });
});
