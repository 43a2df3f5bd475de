import type { z } from 'zod';
import { type ErrorCode, MAX_FRAME_BYTES, PROTOCOL_VERSION } from './common';

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

/**
 * Parse and validate one JSON frame against a discriminated union keyed by `type`.
 * Every failure is a typed error; the caller sends it back and changes nothing.
 */
export function parseFrame<S extends z.ZodType>(
  raw: string,
  schema: S,
  knownTypes: ReadonlySet<string>,
  maxBytes = MAX_FRAME_BYTES,
): FrameResult<z.infer<S>> {
  if (raw.length > maxBytes || utf8Length(raw) > maxBytes) {
    return { ok: false, code: 'too_large', message: `frame is over ${maxBytes} bytes` };
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'bad_json', message: 'frame is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, code: 'invalid_frame', message: 'frame must be a JSON object' };
  }
  const record = data as Record<string, unknown>;
  const id = typeof record.id === 'string' && record.id.length <= 64 ? record.id : undefined;
  const type = record.type;
  if (typeof type !== 'string' || !knownTypes.has(type)) {
    return { ok: false, code: 'unknown_type', message: `unknown frame type ${JSON.stringify(String(type)).slice(0, 60)}`, id };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    if ('v' in record && record.v !== PROTOCOL_VERSION) {
      const given = JSON.stringify(record.v)?.slice(0, 20) ?? 'undefined';
      return { ok: false, code: 'unsupported_version', message: `protocol version ${given} is not supported; expected ${PROTOCOL_VERSION}`, id };
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
