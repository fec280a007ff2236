/**
 * The one configuration schema of sample-api. Every key names its environment
 * variable; `npm run config:doc` renders this file as the README's table.
 */
export const schema = {
  service: {
    name: {
      doc: 'Service name reported by /api/info and in logs.',
      format: String,
      default: 'sample-api',
      env: 'SERVICE_NAME',
    },
    role: {
      doc: 'Which face the process shows: the instrumented API, the load generator that feeds canary analysis, or the service registry (probes, /metrics, docs and /registry/** only).',
      format: ['api', 'loadgen', 'registry'],
      default: 'api',
      env: 'SERVICE_ROLE',
    },
    environment: {
      doc: 'Deployment environment shown by /api/info (development, minikube, production…).',
      format: String,
      default: 'development',
      env: 'APP_ENV',
    },
    podName: {
      doc: 'Pod name for /api/info and logs; Kubernetes sets HOSTNAME to it. Empty means the host name.',
      format: String,
      default: '',
      env: 'HOSTNAME',
    },
  },
  server: {
    host: { doc: 'Address to listen on.', format: String, default: '0.0.0.0', env: 'HOST' },
    port: {
      doc: 'HTTP port for the API, probes and (unless METRICS_PORT is set) /metrics.',
      format: 'tcp-port',
      default: 8080,
      env: 'PORT',
    },
    bodyLimitBytes: {
      doc: 'Largest JSON request body accepted; larger bodies get 413.',
      format: 'positive-int',
      default: 102400,
      env: 'BODY_LIMIT_BYTES',
    },
    keepAliveTimeoutMs: {
      doc: 'Idle keep-alive timeout; keep it above the load balancer\u2019s so it never reuses a closed socket.',
      format: 'positive-int',
      default: 65000,
      env: 'KEEP_ALIVE_TIMEOUT_MS',
    },
    requestTimeoutMs: {
      doc: 'Longest time to receive a whole request before the server answers 408.',
      format: 'positive-int',
      default: 30000,
      env: 'REQUEST_TIMEOUT_MS',
    },
  },
  metrics: {
    port: {
      doc: 'Separate port for /metrics; 0 serves it on PORT.',
      format: 'tcp-port',
      default: 0,
      env: 'METRICS_PORT',
    },
    excludeInfraRoutes: {
      doc: 'Leave probes, /metrics and docs out of the RED metrics so probes and scrapes cannot dilute a success rate.',
      format: 'strict-boolean',
      default: true,
      env: 'METRICS_EXCLUDE_INFRA_ROUTES',
    },
    defaultMetrics: {
      doc: 'Export prom-client\u2019s process and Node.js runtime metrics.',
      format: 'strict-boolean',
      default: true,
      env: 'METRICS_DEFAULT_METRICS',
    },
  },
  log: {
    level: {
      doc: 'Minimum log level.',
      format: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
      env: 'LOG_LEVEL',
    },
    pretty: {
      doc: 'Human-readable logs (development only; needs the pino-pretty dev dependency).',
      format: 'strict-boolean',
      default: false,
      env: 'LOG_PRETTY',
    },
    infraRoutes: {
      doc: 'Write access-log lines for probes, scrapes and docs too.',
      format: 'strict-boolean',
      default: false,
      env: 'LOG_INFRA_ROUTES',
    },
    accessSampleRate: {
      doc: 'Share of successful, fast requests that get an access-log line (0..1); errors and slow requests are always logged.',
      format: 'ratio',
      default: 1,
      env: 'LOG_ACCESS_SAMPLE_RATE',
    },
    slowRequestMs: {
      doc: 'Requests at least this slow are always logged, whatever LOG_ACCESS_SAMPLE_RATE says.',
      format: 'non-negative-int',
      default: 1000,
      env: 'LOG_SLOW_REQUEST_MS',
    },
  },
  shutdown: {
    drainDelayMs: {
      doc: 'After SIGTERM, how long readiness answers 503 before the listener closes, so endpoints drop the pod first.',
      format: 'non-negative-int',
      default: 5000,
      env: 'SHUTDOWN_DRAIN_DELAY_MS',
    },
    timeoutMs: {
      doc: 'Deadline for in-flight requests once the listener is closed; past it the process exits non-zero.',
      format: 'positive-int',
      default: 10000,
      env: 'SHUTDOWN_TIMEOUT_MS',
    },
  },
  admin: {
    token: {
      doc: 'Token guarding /admin/* and the readiness switches (Authorization: Bearer, or X-Admin-Token). Empty leaves them open, for local demos.',
      format: String,
      default: '',
      env: 'ADMIN_TOKEN',
      sensitive: true,
    },
  },
  serviceAuth: {
    token: {
      doc: 'Shared service-to-service token: internal endpoints (/internal/**, registry writes) require it as X-Service-Token (missing 401, wrong 403), and outbound calls to upstreams and the registry send it. Empty leaves internal endpoints open, for local demos.',
      format: String,
      default: '',
      env: 'SERVICE_TOKEN',
      sensitive: true,
    },
  },
  demo: {
    enabled: {
      doc: 'Serve the /demo/* endpoints (switch off in production).',
      format: 'strict-boolean',
      default: true,
      env: 'DEMO_ENABLED',
    },
    maxDelayMs: {
      doc: 'Upper bound of /demo/slow?ms=.',
      format: 'non-negative-int',
      default: 10000,
      env: 'DEMO_MAX_DELAY_MS',
    },
    maxCpuMs: {
      doc: 'Upper bound of /demo/cpu?ms=.',
      format: 'non-negative-int',
      default: 5000,
      env: 'DEMO_MAX_CPU_MS',
    },
    maxMemoryMb: {
      doc: 'Upper bound of /demo/memory?mb=, and of all demo memory held at once.',
      format: 'non-negative-int',
      default: 256,
      env: 'DEMO_MAX_MEMORY_MB',
    },
    maxHoldMs: {
      doc: 'Upper bound of /demo/memory?holdMs=.',
      format: 'non-negative-int',
      default: 30000,
      env: 'DEMO_MAX_HOLD_MS',
    },
  },
  faults: {
    errorRate: {
      doc: 'Share of business requests (/api/**, /demo/**) answered with FAULT_ERROR_STATUS, from 0 to 1.',
      format: 'ratio',
      default: 0,
      env: 'FAULT_ERROR_RATE',
    },
    errorStatus: {
      doc: 'Status of injected errors (400-599).',
      format: 'http-error-status',
      default: 500,
      env: 'FAULT_ERROR_STATUS',
    },
    latencyMs: {
      doc: 'Fixed latency added to business requests.',
      format: 'non-negative-int',
      default: 0,
      env: 'FAULT_LATENCY_MS',
    },
    latencyJitterMs: {
      doc: 'Random extra latency, uniform from 0 to this, added on top of FAULT_LATENCY_MS.',
      format: 'non-negative-int',
      default: 0,
      env: 'FAULT_LATENCY_JITTER_MS',
    },
    maxLatencyMs: {
      doc: 'Largest latency (fixed plus jitter) that PUT /admin/faults accepts.',
      format: 'non-negative-int',
      default: 30000,
      env: 'FAULT_MAX_LATENCY_MS',
    },
  },
  database: {
    url: {
      doc: 'PostgreSQL connection string for the items store. Empty runs the embedded PGlite (PostgreSQL in-process), so `npm start` needs no server.',
      format: String,
      default: '',
      env: 'DATABASE_URL',
      sensitive: true,
    },
    poolMax: {
      doc: 'Most PostgreSQL connections the pool opens; requests past it wait (up to the connection timeout).',
      format: 'positive-int',
      default: 10,
      env: 'DATABASE_POOL_MAX',
    },
    connectionTimeoutMs: {
      doc: 'Longest wait to connect or to get a pooled connection; past it the request answers 503 instead of hanging.',
      format: 'positive-int',
      default: 1000,
      env: 'DATABASE_CONNECTION_TIMEOUT_MS',
    },
    statementTimeoutMs: {
      doc: 'PostgreSQL statement_timeout for every pooled connection: the server cancels a statement running longer.',
      format: 'positive-int',
      default: 2000,
      env: 'DATABASE_STATEMENT_TIMEOUT_MS',
    },
    idleTimeoutMs: {
      doc: 'An idle pooled connection is closed after this long.',
      format: 'positive-int',
      default: 10000,
      env: 'DATABASE_IDLE_TIMEOUT_MS',
    },
    migrateOnStart: {
      doc: 'Apply pending schema migrations at start-up (before the service reports started); false leaves it to `npm run migrate`.',
      format: 'strict-boolean',
      default: true,
      env: 'DATABASE_MIGRATE_ON_START',
    },
    embeddedDataDir: {
      doc: 'Without DATABASE_URL: directory where PGlite keeps its data. Empty keeps it in memory (lost on exit; each start runs initdb, a few seconds).',
      format: String,
      default: '',
      env: 'PGLITE_DATA_DIR',
    },
  },
  items: {
    defaultPageSize: {
      doc: 'Items per page when a list request gives no limit.',
      format: 'positive-int',
      default: 20,
      env: 'ITEMS_DEFAULT_PAGE_SIZE',
    },
    maxPageSize: {
      doc: 'Largest `limit` a list request may ask for; more is a 400.',
      format: 'positive-int',
      default: 100,
      env: 'ITEMS_MAX_PAGE_SIZE',
    },
    maxNameLength: {
      doc: 'Longest item name, in characters.',
      format: 'positive-int',
      default: 100,
      env: 'ITEMS_MAX_NAME_LENGTH',
    },
    maxDescriptionLength: {
      doc: 'Longest item description, in characters.',
      format: 'positive-int',
      default: 2000,
      env: 'ITEMS_MAX_DESCRIPTION_LENGTH',
    },
  },
  loadgen: {
    targetUrl: {
      doc: 'In the loadgen role: base URL to send traffic to (the stable Service, or the ingress with canary weights).',
      format: String,
      default: 'http://127.0.0.1:8080',
      env: 'LOADGEN_TARGET_URL',
    },
    paths: {
      doc: 'In the loadgen role: comma-separated paths requested in turn.',
      format: String,
      default: '/api/info,/api/version',
      env: 'LOADGEN_PATHS',
    },
    ratePerSecond: {
      doc: 'In the loadgen role: requests per second.',
      format: 'positive-int',
      default: 10,
      env: 'LOADGEN_RATE_PER_SECOND',
    },
    timeoutMs: {
      doc: 'In the loadgen role: per-request timeout.',
      format: 'positive-int',
      default: 5000,
      env: 'LOADGEN_TIMEOUT_MS',
    },
  },
  registry: {
    url: {
      doc: 'In the api role: base URL of the service registry to register with at start-up and leave at shutdown. Empty: no registration.',
      format: 'optional-http-url',
      default: '',
      env: 'REGISTRY_URL',
    },
    instanceName: {
      doc: 'Name this instance registers under (a DNS label). Empty: the pod/host name, prefixed with SERVICE_NAME unless it already starts with it.',
      format: String,
      default: '',
      env: 'REGISTRY_INSTANCE_NAME',
    },
    selfUrl: {
      doc: 'Base URL this instance advertises to the registry. Empty: http://<POD_IP or host name>:<PORT>.',
      format: 'optional-http-url',
      default: '',
      env: 'REGISTRY_SELF_URL',
    },
    podIp: {
      doc: 'Pod IP (the chart sets it from the downward API); the default host of the advertised URL.',
      format: String,
      default: '',
      env: 'POD_IP',
    },
    tags: {
      doc: 'Comma-separated tags advertised with this instance, besides SERVICE_NAME.',
      format: String,
      default: '',
      env: 'REGISTRY_TAGS',
    },
    requestTimeoutMs: {
      doc: 'Timeout of one call to the registry (register, deregister) and of the registry\u2019s OpenAPI fetches.',
      format: 'positive-int',
      default: 2000,
      env: 'REGISTRY_REQUEST_TIMEOUT_MS',
    },
    retryBaseMs: {
      doc: 'First retry delay of self-registration while the registry is down; doubles per attempt, with jitter.',
      format: 'positive-int',
      default: 500,
      env: 'REGISTRY_RETRY_BASE_MS',
    },
    retryMaxMs: {
      doc: 'Largest retry delay of self-registration.',
      format: 'positive-int',
      default: 30000,
      env: 'REGISTRY_RETRY_MAX_MS',
    },
    refreshIntervalMs: {
      doc: 'Re-register this often, so a restarted registry (its list is in memory) learns of the instance again; 0 never.',
      format: 'non-negative-int',
      default: 60000,
      env: 'REGISTRY_REFRESH_INTERVAL_MS',
    },
    checkIntervalMs: {
      doc: 'In the registry role: how often every registered healthUrl is checked.',
      format: 'positive-int',
      default: 10000,
      env: 'REGISTRY_CHECK_INTERVAL_MS',
    },
    checkJitterMs: {
      doc: 'In the registry role: each check starts after a random delay of up to this much, so checks do not arrive in bursts.',
      format: 'non-negative-int',
      default: 1000,
      env: 'REGISTRY_CHECK_JITTER_MS',
    },
    checkTimeoutMs: {
      doc: 'In the registry role: a health check with no answer within this time counts as unhealthy.',
      format: 'positive-int',
      default: 2000,
      env: 'REGISTRY_CHECK_TIMEOUT_MS',
    },
    checkConcurrency: {
      doc: 'In the registry role: most health checks in flight at once.',
      format: 'positive-int',
      default: 4,
      env: 'REGISTRY_CHECK_CONCURRENCY',
    },
    maxServices: {
      doc: 'In the registry role: most services registered at once; further registrations get 409.',
      format: 'positive-int',
      default: 100,
      env: 'REGISTRY_MAX_SERVICES',
    },
  },
} as const;
