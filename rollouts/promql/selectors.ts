/**
 * Label matchers shared by every expression. Values are either literal label
 * values or Argo Rollouts argument placeholders such as `{{args.namespace}}`;
 * both are written as PromQL string literals.
 */

/**
 * Series labels added by the ServiceMonitor (`podTargetLabels`): Prometheus
 * turns the pod label `rollouts-pod-template-hash` into
 * `rollouts_pod_template_hash`, and the pod label `role` (set by the Rollout's
 * `canaryMetadata`/`stableMetadata` to `canary` or `stable`) into `role`.
 * `namespace` and `service` come from the scrape target itself.
 */
export const SERIES_LABELS = {
  podTemplateHash: 'rollouts_pod_template_hash',
  role: 'role',
  namespace: 'namespace',
  service: 'service',
} as const;

/** Pod labels the ServiceMonitor copies onto series (see {@link SERIES_LABELS}). */
export const POD_TARGET_LABELS = ['rollouts-pod-template-hash', 'role'] as const;

/** Pod label carrying the canary/stable role. */
export const ROLE_POD_LABEL = 'role';

/**
 * Business routes: the Express route templates under `/api/` and `/demo/`.
 * Probes, `/metrics`, docs and `unmatched` never count toward a success rate.
 */
export const BUSINESS_ROUTE_REGEX = '/(api|demo)/.*';

/** Which pods and requests an expression measures. */
export interface SeriesScope {
  /** Namespace of the scraped pods. */
  readonly namespace: string;
  /** The Service Prometheus scrapes the pods through (the `service` target label). */
  readonly service: string;
  /** Restrict to one ReplicaSet, e.g. the canary's hash. Omitted: all pods. */
  readonly podTemplateHash?: string;
  /** Restrict to pods of one role. Omitted: all roles. */
  readonly role?: 'canary' | 'stable';
  /** Count business routes only. @default true */
  readonly businessRoutesOnly?: boolean;
}

/** A PromQL string literal; escapes backslashes and double quotes. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** One matcher per scope field, plus `extra` matchers, as `{a="b",…}`. */
export function matchers(scope: SeriesScope, extra: readonly string[] = []): string {
  const parts = [
    `${SERIES_LABELS.namespace}=${quote(scope.namespace)}`,
    `${SERIES_LABELS.service}=${quote(scope.service)}`,
  ];
  if (scope.podTemplateHash !== undefined)
    parts.push(`${SERIES_LABELS.podTemplateHash}=${quote(scope.podTemplateHash)}`);
  if (scope.role !== undefined) parts.push(`${SERIES_LABELS.role}=${quote(scope.role)}`);
  if (scope.businessRoutesOnly ?? true) parts.push(`route=~${quote(BUSINESS_ROUTE_REGEX)}`);
  return `{${[...parts, ...extra].join(',')}}`;
}
