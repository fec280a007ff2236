import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Lifecycle } from '../../app/domain/lifecycle.js';

/** A dependency check that counts its calls and fails while `down` is set. */
function countingCheck() {
  const state = { calls: 0, down: false };
  return {
    state,
    check: {
      name: 'database',
      required: true,
      check: async () => {
        state.calls++;
        await sleep(5);
        if (state.down) throw new Error('connection refused');
      },
    },
  };
}

const lifecycles: Lifecycle[] = [];
function started(): Lifecycle {
  const lifecycle = new Lifecycle();
  lifecycle.markStarted();
  lifecycles.push(lifecycle);
  return lifecycle;
}
/** A started lifecycle with one counting check. */
function startedWithCheck() {
  const lifecycle = started();
  const { state, check } = countingCheck();
  lifecycle.addCheck(check);
  return { lifecycle, state };
}
afterEach(() => {
  for (const l of lifecycles.splice(0)) l.stopWatching();
});

describe('readiness checks', () => {
  it('when checks run in the background, then probes answer from the latest result without checking', async () => {
    const { lifecycle, state } = startedWithCheck();
    await lifecycle.watchChecks(60_000);
    expect((await lifecycle.readiness()).ready).toBe(true);
    const before = state.calls;
    for (let i = 0; i < 50; i++) expect((await lifecycle.readiness()).ready).toBe(true);
    expect(state.calls).toBe(before);
  });

  it('when the dependency fails, then readiness turns 503 within an interval and recovers the same way', async () => {
    const { lifecycle, state } = startedWithCheck();
    await lifecycle.watchChecks(20);
    expect((await lifecycle.readiness()).ready).toBe(true);
    state.down = true;
    await expect
      .poll(async () => (await lifecycle.readiness()).failing, { timeout: 1000 })
      .toEqual(['database']);
    const report = await lifecycle.readiness();
    expect(report.checks[0]).toMatchObject({ status: 'failing', detail: 'connection refused' });
    state.down = false;
    await expect.poll(async () => (await lifecycle.readiness()).ready, { timeout: 1000 }).toBe(true);
  });

  it('when probes arrive together without background checks, then they share one check', async () => {
    const { lifecycle, state } = startedWithCheck();
    const reports = await Promise.all(Array.from({ length: 20 }, () => lifecycle.readiness()));
    expect(reports.every((r) => r.ready)).toBe(true);
    expect(state.calls).toBe(1);
    await lifecycle.readiness();
    expect(state.calls).toBe(2);
  });

  it('when watching stops (shutdown), then nothing runs in the background any more', async () => {
    const { lifecycle, state } = startedWithCheck();
    await lifecycle.watchChecks(10);
    await sleep(60);
    lifecycle.stopWatching();
    await sleep(20);
    const after = state.calls;
    expect(after).toBeGreaterThan(1);
    await sleep(60);
    expect(state.calls).toBe(after);
  });

  it('when watching begins while a check is under way, then it resolves only with the results of a run begun after it', async () => {
    const lifecycle = new Lifecycle();
    lifecycles.push(lifecycle);
    // Answers as the store does: what it was when asked, after a round trip.
    const state = { calls: 0, open: false };
    lifecycle.addCheck({
      name: 'database',
      required: true,
      check: async () => {
        state.calls++;
        const open = state.open;
        await sleep(5);
        if (!open) throw new Error('the items store is still opening');
      },
    });
    const before = lifecycle.readiness(); // the management worker's first refresh, at attach
    state.open = true;
    await lifecycle.watchChecks(60_000);
    lifecycle.markStarted();
    expect((await before).failing).toEqual(['lifecycle:starting', 'database']);
    expect(lifecycle.latestReadiness()).toMatchObject({ ready: true, failing: [] });
    expect(state.calls).toBe(2);
  });

  it('when watching with no interval, then the checks run once now and then per probe', async () => {
    const { lifecycle, state } = startedWithCheck();
    await lifecycle.watchChecks(0);
    expect(state.calls).toBe(1);
    expect(lifecycle.latestReadiness().ready).toBe(true);
    await sleep(30);
    expect(state.calls).toBe(1);
    await lifecycle.readiness();
    expect(state.calls).toBe(2);
  });
});
