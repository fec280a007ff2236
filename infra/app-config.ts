import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { AdminSecretProps } from './sample-api-props.js';

/** Props of {@link AppConfig}. */
export interface AppConfigProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Env name → value; keys are validated against app/config/schema.ts before this. */
  readonly config: Readonly<Record<string, string>>;
  readonly adminSecret: AdminSecretProps;
}

/** The key of ADMIN_TOKEN in the admin Secret. */
export const ADMIN_TOKEN_KEY = 'ADMIN_TOKEN';

/**
 * The ConfigMap of plain settings and the Secret reference for ADMIN_TOKEN
 * (created here for minikube, or an existing Secret in production).
 */
export class AppConfig extends Construct {
  readonly configMapName: string;
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: AppConfigProps) {
    super(scope, id);
    this.configMapName = `${props.name}-config`;
    new kplus.ConfigMap(this, 'ConfigMap', {
      metadata: { name: this.configMapName, namespace: props.namespace, labels: { ...props.labels } },
      data: { ...props.config },
    });
    const token = props.adminSecret.createWithToken;
    this.secretName = props.adminSecret.existingSecretName ?? `${props.name}-admin`;
    if (token !== undefined) {
      new kplus.Secret(this, 'AdminSecret', {
        metadata: { name: this.secretName, namespace: props.namespace, labels: { ...props.labels } },
        stringData: { [ADMIN_TOKEN_KEY]: token },
      });
    }
  }
}
