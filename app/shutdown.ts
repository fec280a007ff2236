import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Lifecycle } from './domain/lifecycle.js';

export interface ShutdownPlan {
  readonly lifecycle: Lifecycle;
  readonly servers: readonly Server[];
  readonly logger: Logger;
  /** How long readiness fails before the listener closes, so endpoints drop the pod first. */
  readonly drainDelayMs: number;
  /** Deadline for in-flight requests once the listener is closed. */
  readonly timeoutMs: number;
  /** Pools, clients, timers: closed after the last request, in reverse order of creation. */
  readonly closers: readonly (() => Promise<void> | void)[];
}

export type ShutdownOutcome = 'clean' | 'deadline';

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    // close() stops accepting and, since Node 19, also closes idle keep-alive sockets;
    // it calls back once the busy ones have answered and closed too.
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/**
 * The ordered shutdown (STYLE rule 9): not ready → drain delay → stop accepting
 * and close idle connections → finish in-flight work within the deadline →
 * close resources → flush logs. Returns whether the deadline was met; main
 * turns that into the exit code.
 */
export async function shutdown(plan: ShutdownPlan): Promise<ShutdownOutcome> {
  const { lifecycle, servers, logger } = plan;
  lifecycle.beginDrain();
  logger.info({ drainDelayMs: plan.drainDelayMs }, 'shutdown: readiness is 503, draining');
  await sleep(plan.drainDelayMs);

  logger.info({ timeoutMs: plan.timeoutMs }, 'shutdown: listener closing, finishing in-flight requests');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), plan.timeoutMs);
  });
  const outcome: ShutdownOutcome = await Promise.race([
    Promise.all(servers.map(closeServer)).then(() => 'clean' as const),
    deadline,
  ]);
  clearTimeout(timer);
  if (outcome === 'deadline') {
    logger.error('shutdown: deadline passed with requests in flight; closing their connections');
    for (const server of servers) server.closeAllConnections();
  }

  for (const close of [...plan.closers].reverse()) {
    try {
      await close();
    } catch (error) {
      logger.error({ err: error }, 'shutdown: a resource failed to close');
    }
  }
  logger.info({ outcome }, 'shutdown: done');
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  return outcome;
}
