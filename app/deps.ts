import type { Logger } from 'pino';
import type { BuildInfo } from './build-info.js';
import type { Config } from './config/load.js';
import type { MemoryBudget } from './domain/demo-work.js';
import type { FaultState } from './domain/faults.js';
import type { ItemsService } from './domain/items/items-service.js';
import type { Lifecycle } from './domain/lifecycle.js';
import type { HttpMetrics } from './metrics.js';
import type { RegistryDeps } from './registry/registry-deps.js';
import type { Tracing } from './tracing/tracing.js';
import type { UpstreamDeps } from './upstream/create-upstreams.js';

/** Everything the app needs, created by main (or a test) and passed in. */
export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: HttpMetrics;
  readonly lifecycle: Lifecycle;
  readonly faults: FaultState;
  readonly buildInfo: BuildInfo;
  readonly memoryBudget: MemoryBudget;
  /** Dice for access-log sampling; Math.random unless a test decides. */
  readonly random?: () => number;
  /** Pod or host name shown by /api/info. */
  readonly hostname: string;
  /** The items use cases over the store (PostgreSQL or PGlite); present in the api role. */
  readonly items?: ItemsService;
  /** The service directory and its health checker; present in the registry role only. */
  readonly registry?: RegistryDeps;
  /** Outbound clients, breakers and their metrics for UPSTREAMS; present in the api role. */
  readonly upstreams?: UpstreamDeps;
  /** OpenTelemetry, present only when TRACING_ENABLED: absent means no tracing code on the request path. */
  readonly tracing?: Tracing;
}
