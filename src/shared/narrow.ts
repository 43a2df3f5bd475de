/**
 * Narrowing without a cast (issue 15, part 3): checks that read an unknown value (a thrown
 * error, a parsed JSON body, a select's value) and tell TypeScript what they found.
 * `@typescript-eslint/no-unsafe-type-assertion` refuses the casts these replace.
 */

/** A non-null object that is not an array: any key may be read from it (as unknown). */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `value` is one of `options` (a select's value, a string read back from a store). */
export const isOneOf = <T extends string>(options: readonly T[], value: unknown): value is T => options.some((option) => option === value);

/** A record with the same keys as `record`, each value mapped (Object.fromEntries alone loses the keys' type). */
export function mapValues<K extends string, A, B>(record: Readonly<Record<K, A>>, map: (value: A) => B): Record<K, B> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the entries are record's own, one for each key of K
  return Object.fromEntries(Object.entries<A>(record).map(([key, value]) => [key, map(value)])) as Record<K, B>;
}

/** A JSON list of strings (one this code wrote to a store); anything else in it is left out. */
export function jsonStrings(text: string): string[] {
  const list: unknown = JSON.parse(text);
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}

/** A thrown value's message: an Error's own, else the value as text. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Whether a thrown value is an error named `name` (AbortSignal.timeout's 'TimeoutError', for one). */
export const isErrorNamed = (error: unknown, name: string): boolean => error instanceof Error && error.name === name;

/** Node's code of a thrown system error ('ENOENT'), if it has one. */
export const errorCode = (error: unknown): string | undefined => (isRecord(error) && typeof error.code === 'string' ? error.code : undefined);

/** What caused a failed request, as Node's fetch reports it in `error.cause` (its code, else its message). */
export function causeOf(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  if (!isRecord(cause)) return undefined;
  if (typeof cause.code === 'string') return cause.code;
  return typeof cause.message === 'string' ? cause.message : undefined;
}

/** Node's code of what caused a failed request ('ECONNREFUSED'), if it says. */
export const causeCode = (error: unknown): string | undefined => errorCode(error instanceof Error ? error.cause : undefined);
