import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError, type KubeHttp } from '../kube/http.ts';

const MAX_JSON = 900 * 1024;

/**
 * Stores the results in a ConfigMap of the target's namespace so that they outlive the Job's pod:
 * junit.xml, summary.md, the verdict, and report.json when it fits (a ConfigMap holds at most 1 MiB).
 */
export async function storeResults(
  http: KubeHttp,
  namespace: string,
  name: string,
  dir: string,
  verdict: string,
  /** The JSON report to keep (targets.json for a run of several targets). @default 'report.json' */
  jsonFile = 'report.json',
): Promise<void> {
  const data: Record<string, string> = { verdict };
  for (const f of ['junit.xml', 'summary.md']) data[f] = await readFile(join(dir, f), 'utf8');
  const json = await readFile(join(dir, jsonFile), 'utf8');
  if (
    Buffer.byteLength(json) +
      Buffer.byteLength(data['junit.xml'] ?? '') +
      Buffer.byteLength(data['summary.md'] ?? '') <
    MAX_JSON
  )
    data[jsonFile] = json;
  else
    data[`${jsonFile}.omitted`] =
      `${jsonFile} is ${Buffer.byteLength(json)} bytes, over what a ConfigMap holds; it is in the report directory`;
  const body = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'sts-chaos', 'sts-chaos.io/results': 'true' },
    },
    data,
  };
  const path = `/api/v1/namespaces/${namespace}/configmaps`;
  try {
    await http.request('update', `${path}/${name}`, { body });
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
    await http.request('create', path, { body });
  }
}
