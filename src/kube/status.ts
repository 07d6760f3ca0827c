/**
 * The Kubernetes Status object, read in one place: the body of a failed response, a watch's ERROR event,
 * and the status message of an exec. Only the fields the engine uses are read, each checked for its type.
 */

export interface StatusCause {
  readonly reason: string | undefined;
  readonly message: string | undefined;
}

export interface KubeStatus {
  /** "Success" or "Failure". */
  readonly status: string | undefined;
  /** The HTTP status code it stands for (410 for an expired watch). */
  readonly code: number | undefined;
  /** A machine-readable reason (NotFound, Conflict, ...); empty when the server gave none. */
  readonly reason: string;
  readonly message: string | undefined;
  readonly causes: readonly StatusCause[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The Status in a parsed JSON value; undefined when it is not an object. */
export function toStatus(value: unknown): KubeStatus | undefined {
  if (!isObj(value)) return undefined;
  const details = isObj(value.details) ? value.details : {};
  const causes = Array.isArray(details.causes) ? details.causes : [];
  return {
    status: text(value.status),
    code: typeof value.code === 'number' ? value.code : undefined,
    reason: text(value.reason) ?? '',
    message: text(value.message),
    causes: causes.filter(isObj).map((c) => ({ reason: text(c.reason), message: text(c.message) })),
  };
}

/** The Status in a JSON text; undefined when it is not JSON or not an object. */
export function parseStatus(body: string): KubeStatus | undefined {
  try {
    return toStatus(JSON.parse(body));
  } catch {
    return undefined;
  }
}

/** Most of a body shown when it holds no Status message (an HTML error page from a proxy, say). */
const SHOWN = 300;

/** The reason and message of a failed response: its Status's, or the start of its body. */
export function failureOf(body: string): { reason: string; message: string } {
  const s = parseStatus(body);
  return { reason: s?.reason ?? '', message: s?.message ?? body.slice(0, SHOWN) };
}
