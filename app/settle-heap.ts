// Taken when called, not imported: an ES import of node:v8 loads and wraps it at every start (~2–4 ms here, the
// worker included), for a function that runs once after start-up.
const v8 = () => process.getBuiltinModule('node:v8');

type Collect = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/** The young generation's committed size: what start-up grows and an idle service never gives back. */
export function youngGenerationBytes(): number {
  return (
    v8()
      .getHeapSpaceStatistics()
      .find((space) => space.space_name === 'new_space')?.space_size ?? 0
  );
}

/**
 * Hands back to the system what start-up allocated and no longer needs; returns
 * whether it could. Loading the app allocates tens of MiB in short order, so V8
 * grows the young generation to its maximum (16 MiB committed here) and keeps
 * it: it shrinks it only in a memory-reducing collection, which an idle
 * service never triggers. One last-resort collection, as V8 runs under memory
 * pressure, shrinks it back to 1 MiB, compacts the old generation and
 * releases V8's pooled pages: ~4 MiB resident on the main thread and ~3 MiB on
 * the management worker, for a pause of ~30 ms and ~20 ms, once, just after the
 * service reports started (README, "Performance"). A regular collection is
 * ~5 ms but gives none of it back. Traffic grows the young generation again as
 * V8 sees fit.
 *
 * V8 hands out its `gc` function only with `--expose-gc`. The flag is on just
 * long enough to create one context, so no other code sees a `gc` global and
 * V8's flag hash, which Node's compile cache checks on every file it loads, is
 * as before. Two threads settling at once could see the flag off: then this one
 * skips (returns false) rather than fail a start.
 */
export function settleHeap(): boolean {
  const { setFlagsFromString } = v8();
  setFlagsFromString('--expose-gc');
  let collect: Collect | undefined;
  try {
    collect = process
      .getBuiltinModule('node:vm')
      .runInNewContext('typeof gc === "function" ? gc : undefined') as Collect | undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  collect?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return collect !== undefined;
}
