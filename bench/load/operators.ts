/**
 * The load benchmark's operators, in a process of their own so that measuring does not compete
 * with the patrons for one event loop: N operator sockets that follow the desk, and the first
 * `claimers` of them claim their share of new chats and answer each patron line once. Driven
 * over IPC by bench/load.ts; every latency is measured from a timestamp the sender put in the text.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { OPERATOR_PROTOCOL_VERSION } from '../../src/shared/protocol/common';

const stamp = () => performance.timeOrigin + performance.now();

interface Start {
  type: 'start';
  mode: 'backend' | 'floor';
  url: string;
  tokens: string[];
  claimers: number;
}
type Message = Start | { type: 'report' } | { type: 'join'; token: string } | { type: 'stop' };

/** How long a late join may take before it counts as failed. */
const JOIN_LIMIT_MS = 15_000;
const fanout: number[] = [];
const claimAcks: number[] = [];
let replies = 0;
let errors = 0;
let disconnects = 0;
const sockets: WebSocket[] = [];
let stopping = false;

const send = (message: unknown) => process.send?.(message);

/** A stable share of the chats per claimer. */
function owner(chatId: string, claimers: number): number {
  let h = 0;
  for (let i = 0; i < chatId.length; i++) h = (h * 31 + chatId.charCodeAt(i)) | 0;
  return Math.abs(h) % claimers;
}

function frames(data: WebSocket.RawData): { type: string; [k: string]: unknown }[] {
  const frame = JSON.parse(data.toString()) as { type: string; frames?: { type: string }[] };
  return frame.type === 'batch' ? (frame.frames as { type: string }[]) : [frame];
}

function operator(start: Start, index: number, token: string | null): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(start.mode === 'backend' ? `${start.url.replace(/^http/, 'ws')}/ws/operator` : `${start.url}/operator`, { maxPayload: 64 * 1024 * 1024 });
    const claimer = index < start.claimers;
    const mine = new Set<string>();
    const pendingClaims = new Map<string, number>();
    let n = 0;
    socket.on('open', () => {
      if (start.mode === 'floor') return resolve(socket);
      socket.send(JSON.stringify({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token }));
    });
    socket.on('error', (error) => {
      errors += 1;
      reject(error);
    });
    socket.on('close', () => {
      if (!stopping) disconnects += 1;
    });
    socket.on('message', (data) => {
      const now = stamp();
      for (const frame of frames(data)) {
        if (frame.type === 'snapshot') resolve(socket);
        else if (frame.type === 'error') errors += 1;
        else if (frame.type === 'ack') {
          const sentAt = pendingClaims.get(frame.id as string);
          if (sentAt !== undefined) {
            pendingClaims.delete(frame.id as string);
            claimAcks.push(now - sentAt);
          }
        } else if (frame.type === 'event') {
          const event = frame.event as { type: string; chatId?: string; chat?: { id: string }; message?: { from: string; text: string; chatId?: string } };
          if (event.type === 'chat.message' && event.message?.from === 'patron' && event.message.text.startsWith('t=')) {
            fanout.push(now - Number(event.message.text.slice(2, event.message.text.indexOf(' '))));
            if (claimer && event.message.chatId && mine.has(event.message.chatId)) {
              replies += 1;
              socket.send(JSON.stringify({ type: 'cmd', id: `r${index}x${++n}abcdefgh`, cmd: { kind: 'send', chatId: event.message.chatId, text: 'Thanks, one moment please.' } }));
            }
          } else if (event.type === 'chat.created' && claimer && event.chat && owner(event.chat.id, start.claimers) === index) {
            const id = `c${index}x${++n}abcdefgh`;
            mine.add(event.chat.id);
            pendingClaims.set(id, stamp());
            socket.send(JSON.stringify({ type: 'cmd', id, cmd: { kind: 'claim', chatId: event.chat.id } }));
          } else if (event.type === 'chat.ended' && event.chatId) mine.delete(event.chatId);
        }
      }
    });
  });
}

let current: Start | null = null;
process.on('message', async (message: Message) => {
  try {
    if (message.type === 'start') {
      current = message;
      const count = message.mode === 'backend' ? message.tokens.length : message.claimers;
      for (let i = 0; i < count; i++) sockets.push(await operator(message, i, message.tokens[i] ?? null));
      send({ type: 'ready' });
    } else if (message.type === 'join' && current) {
      // A late operator: time from hello to its snapshot.
      const started = stamp();
      const joining = operator({ ...current, claimers: 0 }, 100_000, message.token);
      // A saturated backend may not answer for minutes: past the limit the join counts as failed.
      const socket = await Promise.race([joining, new Promise<null>((r) => setTimeout(() => r(null), JOIN_LIMIT_MS))]);
      send({ type: 'joined', ms: socket ? stamp() - started : null });
      if (!socket) return void joining.then((late) => late.terminate(), () => undefined);
      socket.removeAllListeners('close');
      socket.close();
    } else if (message.type === 'report') {
      send({ type: 'report', fanout: fanout.splice(0), claimAcks: claimAcks.splice(0), replies, errors, disconnects });
    } else if (message.type === 'stop') {
      stopping = true;
      for (const socket of sockets) socket.terminate();
      process.exit(0);
    }
  } catch (error) {
    send({ type: 'failed', error: String(error) });
  }
});
