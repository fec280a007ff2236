import type { HealthChecker } from './health-checker.js';
import type { RegistryStore } from './store.js';

/** What the registry role's routes need; created in startService (or a test), never at module level. */
export interface RegistryDeps {
  readonly store: RegistryStore;
  readonly checker: HealthChecker;
}
