/**
 * What the renderer's hosts (src/preload/host.ts in Electron, src/renderer/platform/browser-host.ts
 * in a browser) do with everything the core sends them: check it against its schema before the
 * page sees it. A call's answer that does not match becomes a typed `bad_result` outcome, and a
 * push that does not match is refused; neither is ever passed on as if it were valid.
 */
import { z } from 'zod';
import { ApiError, apiCalls, type CallName, type CallOutcome, type CallResult, callFailure, Push } from './api';

/**
 * The result schemas, typed per call. The assignment is checked call by call, and indexing this
 * mapped type with a generic call name gives that call's schema, so no cast is needed below.
 */
const results: { readonly [K in CallName]: { readonly result: z.ZodType<CallResult<K>> } } = apiCalls;

const RawOutcome = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: ApiError })]);

/** The first issue, in a few words: where, and what. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'the value'}: ${issue?.message ?? 'invalid'}`.slice(0, 200);
}

/** A call's answer as the page may use it: the outcome the core sent if it matches `name`'s schemas, else `bad_result`. */
export function checkCallOutcome<K extends CallName>(name: K, raw: unknown): CallOutcome<K> {
  const outcome = RawOutcome.safeParse(raw);
  if (!outcome.success) return callFailure('bad_result', `${name}: the core's answer is not an outcome (${firstIssue(outcome.error)}); it was not used`);
  if (!outcome.data.ok) return outcome.data;
  const value = results[name].result.safeParse(outcome.data.value);
  if (!value.success) return callFailure('bad_result', `${name}: the core's answer does not match its schema (${firstIssue(value.error)}); it was not used`);
  return { ok: true, value: value.data };
}

export type CheckedPush = { ok: true; push: Push } | { ok: false; error: ApiError };

/** A push as the page may use it, or why it was refused. */
export function checkPush(raw: unknown): CheckedPush {
  const push = Push.safeParse(raw);
  if (push.success) return { ok: true, push: push.data };
  const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String(raw.type).slice(0, 40) : typeof raw;
  return callFailure('bad_result', `a '${type}' push from the core does not match its schema (${firstIssue(push.error)}); it was refused`);
}
