import type { FaultProfile } from '../../app/domain/faults.js';

/** The canary versions a rehearsal can ship. */
export const SCENARIOS = ['healthy', 'errors', 'slow'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** What each scenario changes in the canary, and what Argo should decide about it. */
export interface ScenarioProfile {
  readonly description: string;
  readonly faults: FaultProfile;
}

const none: FaultProfile = { errorRate: 0, errorStatus: 500, latencyMs: 0, latencyJitterMs: 0 };

/**
 * errors: 20% of business requests fail, well under the 95% success threshold;
 * slow: every request takes 0.8–0.9 s, above the 0.5 s p95 threshold.
 */
export const SCENARIO_PROFILES: Readonly<Record<Scenario, ScenarioProfile>> = {
  healthy: { description: 'the canary behaves like stable', faults: none },
  errors: { description: 'the canary answers 20% of requests with 500', faults: { ...none, errorRate: 0.2 } },
  slow: {
    description: 'the canary adds 800–900 ms to every request',
    faults: { ...none, latencyMs: 800, latencyJitterMs: 100 },
  },
};

/** The stable version: no faults. */
export const STABLE_FAULTS: FaultProfile = none;
