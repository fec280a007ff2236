import { AnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import { Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

type ModelClass = new (data: never) => { validate(): void };

/** The schema source of every kind the bundle emits: kubernetes-models and the @kubernetes-models CRD packages. */
const MODELS: Record<string, ModelClass> = Object.fromEntries(
  [
    Namespace,
    ServiceAccount,
    ConfigMap,
    Secret,
    Service,
    Deployment,
    StatefulSet,
    Ingress,
    NetworkPolicy,
    PodDisruptionBudget,
    HorizontalPodAutoscaler,
    Rollout,
    AnalysisTemplate,
    ServiceMonitor,
    PrometheusRule,
  ].map((m) => {
    const meta = m as unknown as { apiVersion: string; kind: string };
    return [`${meta.apiVersion}/${meta.kind}`, m as unknown as ModelClass];
  }),
);

interface SchemaError {
  readonly instancePath: string;
  readonly message?: string;
}

function errorsOf(obj: unknown): SchemaError[] {
  const { apiVersion, kind } = obj as { apiVersion: string; kind: string };
  const Model = MODELS[`${apiVersion}/${kind}`];
  if (!Model) return [{ instancePath: '', message: `no schema for ${apiVersion}/${kind}` }];
  try {
    new Model(obj as never).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: SchemaError[] }).errors;
    if (!errors) throw error;
    return errors;
  }
}

/** Schema errors of one object, as `path: message` lines (types, required fields, enums). */
export function schemaErrors(obj: unknown): string[] {
  return errorsOf(obj).map((e) => `${e.instancePath || '/'}: ${e.message}`);
}

const PROBE = Symbol('unknown-field-probe');
const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Fields the schema does not know. The generated validators ignore unknown
 * properties, so each property is probed instead: its value is replaced by a
 * value no schema type accepts (a Symbol); a known field then fails validation
 * at that path, an unknown (misspelled) one passes silently and is reported.
 * Map-valued fields (labels, data…) are typed maps, so their keys count as known.
 */
export function unknownFields(obj: unknown): string[] {
  const unknown: string[] = [];
  const root = structuredClone(obj) as Record<string, unknown>;
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) visit(item, `${path}/${i}`);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const at = `${path}/${pointer(key)}`;
      if (path === '' && (key === 'apiVersion' || key === 'kind')) continue;
      const saved = record[key];
      record[key] = PROBE;
      const caught = errorsOf(root).some((e) => e.instancePath === at || e.instancePath.startsWith(`${at}/`));
      record[key] = saved;
      if (caught) visit(saved, at);
      else unknown.push(at);
    }
  };
  visit(root, '');
  return unknown;
}
