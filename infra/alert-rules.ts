import {
  type IPrometheusRule,
  PrometheusRule,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { AlertRuleGroup } from '../rollouts/promql/alerts.js';

/** Props of {@link AlertRules}. */
export interface AlertRulesProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels of the object, including the ones Prometheus selects rules by (`release`). */
  readonly labels: Readonly<Record<string, string>>;
  /** The rule groups, from the PromQL catalogue's `alertRuleGroups`. */
  readonly groups: readonly AlertRuleGroup[];
}

/**
 * sample-api's alerts as a PrometheusRule for the Prometheus Operator. The same
 * groups are written as a plain rules file (`grafana/alerts/`) for a
 * Prometheus without the operator.
 */
export class AlertRules extends Construct {
  readonly name: string;
  readonly groups: readonly AlertRuleGroup[];

  constructor(scope: Construct, id: string, props: AlertRulesProps) {
    super(scope, id);
    const names = props.groups.flatMap((g) => g.rules.map((r) => r.alert));
    if (names.length === 0) throw new Error(`PrometheusRule ${props.name} needs at least one alert`);
    const twice = names.filter((n, i) => names.indexOf(n) !== i);
    if (twice.length > 0) throw new Error(`alert names must be unique, ${twice.join(', ')} repeats`);
    this.name = props.name;
    this.groups = props.groups;
    const rule: IPrometheusRule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec: {
        groups: props.groups.map((g) => ({
          name: g.name,
          rules: g.rules.map((r) => ({
            alert: r.alert,
            expr: r.expr,
            for: r.for,
            labels: { ...r.labels },
            annotations: { ...r.annotations },
          })),
        })),
      },
    };
    // Fails synth early on a wrong type or a missing field (e.g. an invalid `for` duration).
    new PrometheusRule(rule).validate();
    new ApiObject(this, 'Resource', rule);
  }
}
