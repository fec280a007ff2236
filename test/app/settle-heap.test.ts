import { cachedDataVersionTag } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { settleHeap, youngGenerationBytes } from '../../app/settle-heap.js';

const MiB = 1024 * 1024;

/** Allocates the way loading modules does: much of it survives a few scavenges, so V8 grows the young generation. */
function growYoungGeneration(): void {
  for (let round = 0; round < 20 && youngGenerationBytes() < 8 * MiB; round++) {
    const kept: object[] = [];
    for (let i = 0; i < 200_000; i++) kept.push({ i, s: `x${i}` });
    expect(kept.length).toBe(200_000);
  }
}

describe('settleHeap', () => {
  it('when start-up has grown the young generation, then it shrinks it back to 1 MiB', () => {
    growYoungGeneration();
    const before = youngGenerationBytes();
    expect(before).toBeGreaterThanOrEqual(8 * MiB);

    expect(settleHeap()).toBe(true);

    expect(youngGenerationBytes()).toBeLessThanOrEqual(MiB);
  });

  it('when it has run, then no context sees a gc global and V8’s flag hash (the compile cache’s key) is as before', () => {
    const tag = cachedDataVersionTag();
    settleHeap();
    expect(cachedDataVersionTag()).toBe(tag);
    expect(runInNewContext('typeof gc')).toBe('undefined');
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
  });
});
