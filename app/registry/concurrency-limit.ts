/** Runs a task once fewer than the limit are running; returns its result. */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A counting semaphore (what p-limit does, in a dozen lines): at most `max`
 * tasks run at once, the rest wait in arrival order.
 */
export function concurrencyLimit(max: number): Limit {
  if (!Number.isInteger(max) || max < 1)
    throw new Error(`concurrency must be a positive integer, got ${max}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiter, so a newcomer
  // arriving in between cannot take it too and exceed the limit.
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async (task) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
