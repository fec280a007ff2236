import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';

/** Longest stretch of busy work before yielding, so probes answer while /demo/cpu burns. */
const sliceMs = 10;

/** Burns CPU for `ms`, in slices that let the event loop serve other requests between them. */
export async function burnCpu(ms: number): Promise<number> {
  const end = performance.now() + ms;
  let iterations = 0;
  while (performance.now() < end) {
    const sliceEnd = Math.min(end, performance.now() + sliceMs);
    while (performance.now() < sliceEnd) iterations += Math.sqrt(iterations + 1) > 0 ? 1 : 0;
    await yieldToLoop();
  }
  return iterations;
}

/**
 * Bounds the memory all /demo/memory calls hold at once, so concurrent calls
 * cannot add up to an out-of-memory kill.
 */
export class MemoryBudget {
  #heldMb = 0;

  constructor(readonly limitMb: number) {}

  get heldMb(): number {
    return this.#heldMb;
  }

  /** Allocates and touches `mb` MiB (so it is resident), holds it for `holdMs`, then lets it go. */
  async hold(mb: number, holdMs: number): Promise<boolean> {
    if (this.#heldMb + mb > this.limitMb) return false;
    this.#heldMb += mb;
    try {
      const block = Buffer.alloc(mb * 1024 * 1024, 1);
      await sleep(holdMs);
      return block.length === mb * 1024 * 1024;
    } finally {
      this.#heldMb -= mb;
    }
  }
}
