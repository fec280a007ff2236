/**
 * Arguments every canary AnalysisTemplate takes, and how the Rollout supplies
 * them. The canary hash comes from `podTemplateHashValue: Latest`, so queries
 * measure the canary ReplicaSet only.
 */
export const ANALYSIS_ARGS = {
  service: 'service-name',
  namespace: 'namespace',
  canaryHash: 'canary-hash',
} as const;

/** `{{args.<name>}}`: the placeholder Argo substitutes when it creates an AnalysisRun. */
export function argPlaceholder(name: string): string {
  return `{{args.${name}}}`;
}

/** An AnalysisTemplate argument declaration (no value: the Rollout must supply it). */
export interface ArgDeclaration {
  readonly name: string;
}

/** An argument as a Rollout analysis step passes it. */
export interface RolloutArg {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly podTemplateHashValue: 'Latest' | 'Stable' };
}

/** The arguments a Rollout passes to the canary templates. */
export function rolloutArgs(metricsService: string, namespace: string): RolloutArg[] {
  return [
    { name: ANALYSIS_ARGS.service, value: metricsService },
    { name: ANALYSIS_ARGS.namespace, value: namespace },
    { name: ANALYSIS_ARGS.canaryHash, valueFrom: { podTemplateHashValue: 'Latest' } },
  ];
}
