import { setTimeout as sleep } from 'node:timers/promises';
import type { NextFunction, RequestHandler } from 'express';
import type { FaultState } from '../domain/faults.js';
import { InjectedFaultError } from '../errors.js';

async function inject(faults: FaultState, next: NextFunction): Promise<void> {
  const decision = faults.decide();
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  if (decision.errorStatus !== undefined) throw new InjectedFaultError(decision.errorStatus);
  next();
}

/**
 * Makes this process behave like a bad version. Mounted on business routes only
 * (`/api/**`, `/demo/**`): probes, /metrics, docs and the fault controls
 * themselves stay healthy, or a faulty canary could not be observed or
 * switched back. With no fault active it stays synchronous: no promise on the
 * hot path of a healthy pod.
 */
export function faultInjection(faults: FaultState): RequestHandler {
  return (_req, _res, next) => {
    if (!faults.active) {
      next();
      return;
    }
    return inject(faults, next);
  };
}
