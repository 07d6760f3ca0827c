/** `value` as one single-quoted shell word: safe in `sh -c` whatever it holds. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
