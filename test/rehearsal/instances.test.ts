import { describe, expect, it } from 'vitest';
import { startInstance, templateHash } from '../../rollouts/rehearsal/instances.js';
import { rehearse } from '../../rollouts/rehearsal/rehearsal.js';
import { STABLE_FAULTS } from '../../rollouts/rehearsal/scenarios.js';

describe('startInstance', () => {
  it('when the fault profile is invalid, then the real service refuses to start and the error carries its message', async () => {
    await expect(startInstance('canary', 2, { ...STABLE_FAULTS, errorRate: 2 })).rejects.toThrow(
      /canary instance exited \(2\) before it started: .*FAULT_ERROR_RATE/,
    );
  }, 60_000);

  it('when two revisions have the same faults, then their pod-template hashes still differ', () => {
    expect(templateHash(1, STABLE_FAULTS)).not.toBe(templateHash(2, STABLE_FAULTS));
    expect(templateHash(1, STABLE_FAULTS)).toMatch(/^[0-9a-f]{10}$/);
  });
});

describe('rehearse', () => {
  it.each([0, 1.5, Number.NaN])(
    'when the time scale is %s, then it refuses before starting anything',
    async (timeScale) => {
      await expect(rehearse({ scenario: 'healthy', timeScale, log: () => undefined })).rejects.toThrow(
        `time scale must be in (0, 1], got ${timeScale}`,
      );
    },
  );
});
