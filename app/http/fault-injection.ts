import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestHandler } from 'express';
import type { FaultState } from '../domain/faults.js';
import { InjectedFaultError } from '../errors.js';

/**
 * Makes this process behave like a bad version. Mounted on business paths only
 * (`/api`, `/demo`): probes, /metrics, docs and the fault controls themselves
 * stay healthy, or a faulty canary could not be observed or switched back.
 */
export function faultInjection(faults: FaultState): RequestHandler {
  return async (_req, _res, next) => {
    if (!faults.active) {
      next();
      return;
    }
    const decision = faults.decide();
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.errorStatus !== undefined) throw new InjectedFaultError(decision.errorStatus);
    next();
  };
}
