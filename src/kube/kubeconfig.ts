import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { UsageError } from '../engine/errors.ts';

export interface KubeConfigOptions {
  /** A kubeconfig file. @default $KUBECONFIG, then ~/.kube/config, then the pod's service account */
  readonly kubeconfig?: string;
  /** @default the kubeconfig's current context */
  readonly context?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

const SA_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Loads the cluster's credentials. Unlike client-node's loadFromDefault, never falls back to
 * http://localhost:8080: with nothing configured it is a usage error that says what was looked for.
 */
export function loadKubeConfig(opts: KubeConfigOptions = {}): k8s.KubeConfig {
  const env = opts.env ?? process.env;
  const kc = new k8s.KubeConfig();
  const file = opts.kubeconfig ?? env.KUBECONFIG?.split(':').find((f) => f && existsSync(f));
  const home = join(homedir(), '.kube', 'config');
  try {
    if (file) {
      if (!existsSync(file)) throw new UsageError(`kubeconfig ${file}: no such file`);
      kc.loadFromFile(file);
    } else if (env.KUBERNETES_SERVICE_HOST && existsSync(SA_TOKEN)) {
      kc.loadFromCluster();
    } else if (existsSync(home)) {
      kc.loadFromFile(home);
    } else {
      throw new UsageError(
        'no cluster credentials: give --kubeconfig, set KUBECONFIG, or run in a pod with a service account',
      );
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`kubeconfig ${file ?? home}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (opts.context) {
    if (!kc.getContexts().some((c) => c.name === opts.context)) {
      throw new UsageError(`kubeconfig has no context "${opts.context}"`);
    }
    kc.setCurrentContext(opts.context);
  }
  if (!kc.getCurrentCluster()) throw new UsageError('kubeconfig has no current cluster');
  return kc;
}
