/**
 * Typed dispatch over a discriminated union, without a cast at the call site or here.
 *
 * A dispatcher (the server's command runner and patron socket, the desk reducer) holds a table
 * with one handler per variant, `{ [P in Kind]: (context, value: Extract<Union, { kind: P }>, ...rest) => R }`,
 * and a value of the whole union. Indexing the table with `value.kind` gives TypeScript a union
 * of handlers it cannot call with the union value, so each dispatcher used to cast. Here the
 * table is read as a mapped type over a map M from each key to its variant, and the key as a
 * generic K taken from the value itself: `table[K]` is then `(value: M[K]) => R`, which the
 * value fits (TypeScript's "correlated union" pattern, microsoft/TypeScript#47109).
 */

/** A table with one handler per variant: `context` first, then the variant, then `rest`. */
export type DispatchTable<M, C, Rest extends unknown[], R> = { [P in keyof M]: (context: C, value: M[P], ...rest: Rest) => R };

/**
 * Calls `table[value[discriminant]](context, value, ...rest)`. The key is read from the value, so
 * a handler never receives another variant; a table missing a variant of the value's type, or
 * a handler expecting another context, does not compile. TypeScript infers the map from the
 * table but not the handlers' result: give it where the result is used
 * (`const outcome: Outcome<AckResult> = dispatch(...)`), which checks every handler against it.
 */
export function dispatch<D extends PropertyKey, M extends { [P in keyof M]: Record<D, P> }, K extends keyof M, C, Rest extends unknown[], R>(
  discriminant: D,
  table: DispatchTable<M, C, Rest, R>,
  context: C,
  value: M[K] & Record<D, K>,
  ...rest: Rest
): R {
  const key: K = value[discriminant];
  return table[key](context, value, ...rest);
}
