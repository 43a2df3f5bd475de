import type { RawData, WebSocket } from 'ws';
import type { z } from 'zod';
import { describeValue, type ErrorCode, type FrameResult, MAX_FRAME_BYTES, parseFrame } from '../../shared/protocol';
import { errorData, type LogFn } from '../platform/log';
import { isRecord } from '../../shared/narrow';

/** ws's own hard cap: beyond this the socket is closed with 1009; below it, too_large is a normal error frame. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** A socket that cannot drain this much is too slow to follow the desk: it is dropped and resumes later. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

const toBuffer = (data: RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);

/** A frame that failed only on its `v` is a version mismatch, which deserves its own code. */
function versionMismatch(text: string, version: number): { given: unknown } | null {
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data === 'object' && data !== null && 'v' in data && data.v !== version) {
      return { given: data.v };
    }
  } catch {
    // Not reachable for frames parseFrame already accepted as JSON.
  }
  return null;
}

/** Size of an inbound message, for logs (never its content). */
export const frameBytes = (data: RawData): number =>
  Buffer.isBuffer(data) ? data.byteLength : Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;

/** Decode and validate one inbound websocket message; every failure is a typed error. */
export function decodeFrame<S extends z.ZodType>(
  data: RawData,
  isBinary: boolean,
  schema: S,
  knownTypes: ReadonlySet<string>,
  version: number,
): FrameResult<z.infer<S>> {
  if (isBinary) return { ok: false, code: 'invalid_frame', message: 'binary frames are not accepted: send JSON text' };
  const buffer = toBuffer(data);
  if (buffer.byteLength > MAX_FRAME_BYTES) return { ok: false, code: 'too_large', message: `frame is over ${MAX_FRAME_BYTES} bytes` };
  const text = buffer.toString('utf8');
  const result = parseFrame(text, schema, knownTypes, MAX_FRAME_BYTES, version);
  if (!result.ok && result.code === 'invalid_frame') {
    const mismatch = versionMismatch(text, version);
    if (mismatch) {
      return {
        ok: false,
        code: 'unsupported_version',
        message: `protocol version ${describeValue(mismatch.given)} is not supported; this server speaks ${version}`,
        id: result.id,
      };
    }
  }
  return result;
}

const cutLogs = new WeakMap<WebSocket, (reason: string) => void>();

/** Where this socket's cut is logged: once, with its reason (a socket is cut at most once). */
export function logCuts(socket: WebSocket, log: (reason: string) => void): void {
  cutLogs.set(socket, log);
}

/** Drop a socket at once (no close handshake), logging why. */
export function cutSocket(socket: WebSocket, reason: string): void {
  const log = cutLogs.get(socket);
  cutLogs.delete(socket);
  log?.(reason);
  socket.terminate();
}

/**
 * Close with `code`, and cut the socket if the peer does not finish the close handshake within
 * `waitMs` (a client that ignores the close frame must not keep a socket). Resolves once closed.
 */
export function closeThenCut(socket: WebSocket, code: number, reason: string, waitMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState === socket.CLOSED) return resolve();
    const cut = setTimeout(() => cutSocket(socket, `no answer to the close (${reason}) within ${waitMs} ms`), waitMs);
    cut.unref();
    socket.once('close', () => {
      clearTimeout(cut);
      resolve();
    });
    socket.close(code, reason);
  });
}

/** "Try again later": a connection cap is full. */
export const CLOSE_TRY_AGAIN_LATER = 1013;
/** A refused socket gets this long to finish the close handshake before it is cut. */
const REFUSED_CLOSE_WAIT_MS = 2_000;

/** Over a connection cap: say why (a typed error frame), close with 1013, and cut the socket if the peer does not finish closing. */
export function refuseSocket(socket: WebSocket, message: string): void {
  sendJson(socket, { type: 'error', code: 'rate_limited', message });
  void closeThenCut(socket, CLOSE_TRY_AGAIN_LATER, 'try again later', REFUSED_CLOSE_WAIT_MS);
}

/** Send JSON text if the socket is open; a socket hopelessly behind is dropped rather than buffered forever. */
/** Send one text message: a string, or UTF-8 already encoded (a snapshot kept as bytes). */
export function sendText(socket: WebSocket, text: string | Buffer): void {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    cutSocket(socket, `too slow: over ${MAX_BUFFERED_BYTES} bytes waiting to be sent`);
    return;
  }
  socket.send(text, { binary: false });
}

export const sendJson = (socket: WebSocket, frame: unknown): void => sendText(socket, JSON.stringify(frame));

export interface FrameRoute<S extends z.ZodType> {
  schema: S;
  knownTypes: ReadonlySet<string>;
  /** The protocol version the socket speaks (see src/shared/protocol/common.ts). */
  version: number;
  /** 'operator' or 'patron', for the log. */
  label: string;
  log: LogFn;
  /** Sends an error frame to this socket. */
  sendError(error: { id?: string; code: ErrorCode; message: string }): void;
  /** Said to the client when handling threw. */
  internalMessage: string;
  /** Checked before decoding (a frame budget); false drops the frame, having answered it. */
  admit?(): boolean;
  handle(frame: z.infer<S>): void;
}

/**
 * Every frame of one socket, decoded, validated and handled. Decoding and handling both run
 * inside the try: one frame that throws is answered and logged, and never reaches the event
 * loop, where it would end the process and every desk with it.
 */
export function routeFrames<S extends z.ZodType>(socket: WebSocket, route: FrameRoute<S>): void {
  socket.on('message', (data: RawData, isBinary: boolean) => {
    let type: string | undefined;
    try {
      if (route.admit && !route.admit()) return;
      const result = decodeFrame(data, isBinary, route.schema, route.knownTypes, route.version);
      if (!result.ok) {
        route.sendError({ ...(result.id !== undefined ? { id: result.id } : {}), code: result.code, message: result.message });
        return;
      }
      const value: unknown = result.value;
      type = isRecord(value) && typeof value.type === 'string' ? value.type : undefined;
      route.handle(result.value);
    } catch (error) {
      route.log('error', `${route.label} frame failed`, { type: type ?? '(not decoded)', bytes: frameBytes(data), ...errorData(error) });
      route.sendError({ code: 'internal', message: route.internalMessage });
    }
  });
}
