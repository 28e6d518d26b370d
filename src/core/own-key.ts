/**
 * Lookups keyed by text that a user or a file supplies. An object literal also answers for the
 * names it inherits from Object.prototype: `FAMILY_OF['constructor']` is a function, not "no such
 * family", and `'toString' in props` is true for every struct. Tables keyed by outside text are
 * read through these instead.
 */
export function hasOwnKey(table: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(table, key);
}

/** The table's own entry for `key`, or undefined (never an inherited member). */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return hasOwnKey(table, key) ? table[key] : undefined;
}
