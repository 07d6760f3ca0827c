/** Raw configuration values (before the schema): plain objects, written safely whatever the key. */

export type Raw = Record<string, unknown>;

/** A plain object (a YAML mapping, or one made here): not a list, a class instance or binary data. */
export function isPlainObject(value: unknown): value is Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own, enumerable, even for `__proto__` (which then reaches the schema as an unknown key). */
export function setOwn(into: Raw, key: string, value: unknown): void {
  Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Sets the value at a dotted path (`nodeLoss.mode`), making the objects on the way. */
export function setPath(into: Raw, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let at = into;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (isPlainObject(next)) at = next;
    else {
      const created: Raw = {};
      setOwn(at, part, created);
      at = created;
    }
  }
  setOwn(at, parts.at(-1) as string, value);
}
