import { describe, expect, it } from 'vitest';
import { isoTimeFragments } from '../../app/log-time.js';

describe('log timestamps', () => {
  it('when the clock moves within and across seconds, then every fragment is the ISO time pino writes', () => {
    const start = Date.UTC(2026, 10, 22, 23, 59, 58, 990);
    const instants = [
      start,
      start + 1,
      start + 9, // 23:59:58.999
      start + 10, // the next second
      start + 1010, // the next day
      start + 1010, // the same millisecond twice
      Date.UTC(2027, 0, 1, 0, 0, 0, 0),
      ...Array.from({ length: 200 }, (_, i) => start + i * 37),
    ];
    let i = 0;
    const fragment = isoTimeFragments(() => instants[i]!);
    for (; i < instants.length; i++)
      expect(fragment()).toBe(`,"time":"${new Date(instants[i]!).toISOString()}"`);
  });

  it('when two loggers keep time, then neither sees the cached second of the other', () => {
    const a = isoTimeFragments(() => Date.UTC(2026, 0, 1, 0, 0, 1, 5));
    const b = isoTimeFragments(() => Date.UTC(2026, 0, 1, 0, 0, 2, 5));
    expect(a()).toBe(',"time":"2026-01-01T00:00:01.005Z"');
    expect(b()).toBe(',"time":"2026-01-01T00:00:02.005Z"');
  });
});
