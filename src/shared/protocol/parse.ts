import type { z } from 'zod';
import { type ErrorCode, MAX_FRAME_BYTES, PROTOCOL_VERSION } from './common';
import { isRecord } from '../narrow';

export interface FrameError {
  ok: false;
  code: ErrorCode;
  message: string;
  /** The id of the command the bad frame carried, if one could be read, so the error can answer it. */
  id?: string;
}
export type FrameResult<T> = { ok: true; value: T } | FrameError;

/** UTF-8 length without TextEncoder allocation for the common ASCII case. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** No frame of ours nests deeper than this; deeper input is refused before it is parsed. */
export const MAX_FRAME_DEPTH = 32;

/** Nesting depth of JSON text, ignoring brackets inside strings; stops early past `limit`. */
function jsonDepth(raw: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * Name an untrusted value without stringifying it: String() or JSON.stringify of a deeply nested
 * array recurses until the stack overflows, and a huge value would be copied whole.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Parse and validate one JSON frame against a discriminated union keyed by `type`.
 * Every failure is a typed error; the caller sends it back and changes nothing.
 */
export function parseFrame<S extends z.ZodType>(
  raw: string,
  schema: S,
  knownTypes: ReadonlySet<string>,
  maxBytes = MAX_FRAME_BYTES,
  /** The protocol version this socket speaks, for the unsupported_version answer. */
  version = PROTOCOL_VERSION,
): FrameResult<z.infer<S>> {
  if (raw.length > maxBytes || utf8Length(raw) > maxBytes) {
    return { ok: false, code: 'too_large', message: `frame is over ${maxBytes} bytes` };
  }
  if (jsonDepth(raw, MAX_FRAME_DEPTH) > MAX_FRAME_DEPTH) {
    return { ok: false, code: 'invalid_frame', message: `frame nests deeper than ${MAX_FRAME_DEPTH} levels` };
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'bad_json', message: 'frame is not valid JSON' };
  }
  if (!isRecord(data)) {
    return { ok: false, code: 'invalid_frame', message: 'frame must be a JSON object' };
  }
  const record = data;
  const id = typeof record.id === 'string' && record.id.length <= 64 ? record.id : undefined;
  const type = record.type;
  if (typeof type !== 'string' || !knownTypes.has(type)) {
    return { ok: false, code: 'unknown_type', message: `unknown frame type ${describeValue(type)}`, id };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    if ('v' in record && record.v !== version) {
      return { ok: false, code: 'unsupported_version', message: `protocol version ${describeValue(record.v)} is not supported; expected ${version}`, id };
    }
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'frame';
    return { ok: false, code: 'invalid_frame', message: `${type}: ${where}: ${issue?.message ?? 'invalid'}`, id };
  }
  return { ok: true, value: parsed.data };
}

/** The literal `type` values of a discriminated union, for the unknown-type check. */
export function typesOf(options: readonly { shape: { type: { value: unknown } } }[]): ReadonlySet<string> {
  return new Set(options.map((o) => String(o.shape.type.value)));
}
