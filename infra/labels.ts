/** Which workload a pod belongs to. */
export type Component = 'api' | 'loadgen' | 'registry';

/** Labels that select the pods of one component (stable on every revision). */
export function selectorLabels(name: string, component: Component): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': component };
}

/** Labels on every object of the chart. */
export function commonLabels(name: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': 'canary-lab',
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
}
