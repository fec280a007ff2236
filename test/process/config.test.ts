import { afterEach, describe, expect, it } from 'vitest';
import { freePort, isListening } from '../support/net.js';
import { killAll, spawnService } from '../support/process.js';

afterEach(killAll);

describe('the real process with a bad configuration', () => {
  it.each([
    { key: 'server.port', variable: 'PORT', value: '12abc', shown: '"12abc"' },
    { key: 'faults.errorRate', variable: 'FAULT_ERROR_RATE', value: '2', shown: '2' },
  ])(
    'when $variable=$value, then it exits non-zero with one stderr line naming key, variable and value, and never listens',
    async ({ key, variable, value, shown }) => {
      const port = await freePort();
      const proc = spawnService({ env: { HOST: '127.0.0.1', PORT: String(port), [variable]: value } });

      const exit = await proc.exited;

      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      const lines = proc.stderr().split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(key);
      expect(lines[0]).toContain(`(${variable})`);
      expect(lines[0]).toContain(`value was ${shown}`);
      expect(proc.logs.filter((line) => line.msg === 'sample-api started')).toEqual([]);
      // PORT itself is the bad value in one case; the free port then shows nothing listens either.
      expect(await isListening(port)).toBe(false);
    },
  );

  it('when two keys are bad, then the one line names both', async () => {
    const proc = spawnService({ env: { PORT: '70000', LOG_LEVEL: 'loud' } });

    const exit = await proc.exited;

    expect(exit.code).not.toBe(0);
    const lines = proc.stderr().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/server\.port \(PORT\).*70000/);
    expect(lines[0]).toMatch(/log\.level \(LOG_LEVEL\).*loud/);
  });
});
