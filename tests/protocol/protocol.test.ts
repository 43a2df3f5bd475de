import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, OperatorClientFrame, operatorClientTypes, parseFrame, PatronClientFrame, patronClientTypes } from '../../src/shared/protocol';
import { apiCalls } from '../../src/shared/api';

describe('parseFrame', () => {
  const parseOp = (raw: string) => parseFrame(raw, OperatorClientFrame, operatorClientTypes);
  it('types every failure', () => {
    expect(parseOp('{nope')).toMatchObject({ ok: false, code: 'bad_json' });
    expect(parseOp('[1,2]')).toMatchObject({ ok: false, code: 'invalid_frame' });
    expect(parseOp('"hello"')).toMatchObject({ ok: false, code: 'invalid_frame' });
    expect(parseOp('{"type":"shout"}')).toMatchObject({ ok: false, code: 'unknown_type' });
    expect(parseOp('{"type":"cmd","id":"abcdefgh12","cmd":{"kind":"claim","chatId":42}}')).toMatchObject({
      ok: false,
      code: 'invalid_frame',
      id: 'abcdefgh12',
    });
    expect(parseOp(JSON.stringify({ type: 'ping', n: 1, pad: 'x'.repeat(MAX_FRAME_BYTES) }))).toMatchObject({ ok: false, code: 'too_large' });
    // Multi-byte text counts in bytes, not characters.
    expect(parseOp(JSON.stringify({ type: 'ping', n: 1, pad: 'é'.repeat(MAX_FRAME_BYTES / 2) }))).toMatchObject({ ok: false, code: 'too_large' });
  });

  it('refuses deep nesting before parsing, and never stringifies hostile values', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(parseOp(`{"type":"ping","n":1,"v":${deep(20_000)}}`)).toMatchObject({ ok: false, code: 'invalid_frame' });
    expect(parseOp(`{"type":${deep(5_000)}}`)).toMatchObject({ ok: false, code: 'invalid_frame' });
    // Brackets inside strings do not count.
    expect(parseOp(JSON.stringify({ type: 'ping', n: 1, note: '['.repeat(1000) }))).toMatchObject({ ok: true });
    // Within the depth limit, an array type or version is described, not stringified.
    expect(parseOp(`{"type":${deep(20)}}`)).toMatchObject({ ok: false, code: 'unknown_type', message: 'unknown frame type an array' });
    const v = parseFrame(`{"type":"start","v":${deep(20)}}`, PatronClientFrame, patronClientTypes);
    expect(v).toMatchObject({ ok: false, code: 'unsupported_version' });
  });

  it('accepts a valid frame and trims text', () => {
    const r = parseFrame(JSON.stringify({ type: 'say', id: 'abcdefgh12', text: '  hi  ' }), PatronClientFrame, patronClientTypes);
    expect(r).toEqual({ ok: true, value: { type: 'say', id: 'abcdefgh12', text: 'hi' } });
  });

  it('rejects empty and oversize text, wrong versions', () => {
    const say = (text: string) => parseFrame(JSON.stringify({ type: 'say', id: 'abcdefgh12', text }), PatronClientFrame, patronClientTypes);
    expect(say('   ')).toMatchObject({ ok: false, code: 'invalid_frame' });
    expect(say('x'.repeat(4001))).toMatchObject({ ok: false, code: 'invalid_frame' });
    const start = { type: 'start', v: 2, id: 'abcdefgh12', campus: 'gateway', name: 'A', question: 'Q' };
    expect(parseFrame(JSON.stringify(start), PatronClientFrame, patronClientTypes)).toMatchObject({ ok: false, code: 'unsupported_version' });
  });
});

describe('renderer API schemas', () => {
  it('rejects unknown keys and non-http backend URLs', () => {
    expect(apiCalls['chat.claim'].args.safeParse({ chatId: 'abcd1234', extra: 1 }).success).toBe(false);
    expect(apiCalls['session.signIn'].args.safeParse({ backendUrl: 'javascript:alert(1)', username: 'a', password: 'b' }).success).toBe(false);
    expect(apiCalls['session.signIn'].args.safeParse({ backendUrl: 'https://desk.example.edu', username: 'a', password: 'b' }).success).toBe(true);
    expect(apiCalls['alerts.set'].args.safeParse({ urgentRepeatMs: 1 }).success).toBe(false);
  });
});
