/**
 * Kubernetes names in the configuration: DNS-1123 labels and subdomains, the target
 * (`<namespace>/<statefulset>`), namespaces and container names. The parsers throw a `FieldError`.
 */
import { listOf, text } from './fields.ts';
import { describe, FieldError, quote } from './message.ts';
import type { TargetRef, TargetSelector } from './types.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label (namespaces, container names): lowercase letters, digits and '-', at most 63. */
export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS_LABEL.test(s);
}

/** A DNS-1123 subdomain (object names): labels joined by '.', at most 253 characters. */
export function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && DNS_SUBDOMAIN.test(s);
}

const LABEL_RULE =
  "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63";
const SUBDOMAIN_RULE =
  "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253";

/** Parses `<namespace>/<statefulset>`; throws a FieldError saying what is wrong. */
export function parseTarget(value: unknown): TargetRef {
  if (value === undefined) throw new FieldError('is required, as <namespace>/<statefulset>');
  if (typeof value !== 'string')
    throw new FieldError(`expected <namespace>/<statefulset>, got ${describe(value)}`);
  const parts = value.split('/');
  const [namespace, name] = parts;
  if (parts.length !== 2 || !namespace || !name) {
    throw new FieldError(`${quote(value)} must be <namespace>/<statefulset>`);
  }
  if (!isDnsLabel(namespace)) {
    throw new FieldError(
      `${quote(value)}: namespace ${quote(namespace)} is not a valid name (${LABEL_RULE})`,
    );
  }
  if (!isDnsSubdomain(name)) {
    throw new FieldError(`${quote(value)}: name ${quote(name)} is not a valid name (${SUBDOMAIN_RULE})`);
  }
  return { namespace, name };
}

/** One or more targets (`--target` repeated or comma-separated, a YAML list); each kept once, in order. */
export function parseTargets(value: unknown): TargetRef[] {
  if (value === undefined) throw new FieldError('is required, as <namespace>/<statefulset>');
  const out: TargetRef[] = [];
  for (const t of listOf(parseTarget, { nonEmpty: 'names no StatefulSet' })(value))
    if (!out.some((o) => o.namespace === t.namespace && o.name === t.name)) out.push(t);
  return out;
}

/**
 * `<namespace>/<label selector>` (`--selector`): the namespace before the first `/` (a selector's keys may
 * hold `/` themselves: `prod/app.kubernetes.io/name=db`). The selector's syntax is the API server's to judge.
 */
export function parseSelector(value: unknown): TargetSelector {
  if (typeof value !== 'string')
    throw new FieldError(`expected <namespace>/<label selector>, got ${describe(value)}`);
  const i = value.indexOf('/');
  const namespace = i < 0 ? '' : value.slice(0, i);
  const labels = i < 0 ? '' : value.slice(i + 1).trim();
  if (!namespace || !labels)
    throw new FieldError(`${quote(value)} must be <namespace>/<label selector> (e.g. prod/tier=db)`);
  if (!isDnsLabel(namespace))
    throw new FieldError(
      `${quote(value)}: namespace ${quote(namespace)} is not a valid name (${LABEL_RULE})`,
    );
  return { namespace, labels };
}

/** A DNS-1123 label that names `what` (in messages); throws a FieldError. */
function label(what: string): (value: unknown) => string {
  return (value) => {
    const s = text(value);
    if (!isDnsLabel(s)) throw new FieldError(`${quote(s)} is not a valid ${what} (${LABEL_RULE})`);
    return s;
  };
}

/** A namespace name; throws a FieldError. */
export const parseNamespace: (value: unknown) => string = label('namespace');

/** A container name; throws a FieldError. */
export const containerName: (value: unknown) => string = label('container name');
