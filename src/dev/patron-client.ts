import WebSocket from 'ws';
import { parseFrame, PatronServerFrame, type PatronServerFrame as Frame, patronServerTypes, PROTOCOL_VERSION } from '../shared/protocol';
import { backendSocketUrl, newClientId } from '../main/core/backend-link/socket-url';

const MAX_RETRIES = 40;

/** A minimal patron over the real patron socket: the demo mode and the benchmarks use it. */
export class PatronClient {
  private readonly socket: WebSocket;
  readonly frames: Frame[] = [];
  chatId: string | null = null;
  private readonly listeners = new Set<(frame: Frame) => void>();
  readonly opened: Promise<void>;
  /** Messages not yet acknowledged, sent one at a time so order survives a rate limit. */
  private readonly queue: { id: string; text: string }[] = [];
  private inFlight: string | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retries = 0;
  /** Messages the backend kept refusing (a chat at its message cap): given up on, not retried forever. */
  readonly refused: string[] = [];

  constructor(backendUrl: string) {
    this.socket = new WebSocket(backendSocketUrl(backendUrl, 'patron'));
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('error', () => undefined);
    this.socket.on('message', (data) => {
      const parsed = parseFrame(data.toString(), PatronServerFrame, patronServerTypes);
      if (!parsed.ok) return;
      if (parsed.value.type === 'started') this.chatId = parsed.value.chatId;
      if (parsed.value.type === 'ack' && parsed.value.id === this.inFlight) {
        this.queue.shift();
        this.inFlight = null;
        this.retries = 0;
        this.pump();
      }
      if (parsed.value.type === 'error' && parsed.value.code === 'rate_limited' && this.inFlight) {
        // Refused: send the same message (same id) again shortly, for about ten seconds at most.
        this.inFlight = null;
        if (++this.retries > MAX_RETRIES) {
          const given = this.queue.shift();
          if (given) this.refused.push(given.text);
          this.retries = 0;
        }
        this.retryTimer = setTimeout(() => this.pump(), 250);
      }
      if (this.frames.length < 500) this.frames.push(parsed.value);
      for (const listener of this.listeners) listener(parsed.value);
    });
  }

  on(listener: (frame: Frame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Start a chat; resolves with the chat id once the backend confirms. */
  async start(campus: string, name: string, question: string): Promise<string> {
    await this.opened;
    const started = new Promise<string>((resolve, reject) => {
      const off = this.on((frame) => {
        if (frame.type === 'started') {
          off();
          resolve(frame.chatId);
        } else if (frame.type === 'error') {
          off();
          reject(new Error(`${frame.code}: ${frame.message}`));
        }
      });
    });
    this.socket.send(JSON.stringify({ type: 'start', v: PROTOCOL_VERSION, id: newClientId(), campus, name, question }));
    return started;
  }

  /** Queue a message; it is sent after every earlier one is acknowledged. */
  say(text: string, id: string = newClientId()): void {
    this.queue.push({ id, text });
    this.pump();
  }

  /** Messages said but not yet acknowledged. */
  get unacknowledged(): number {
    return this.queue.length;
  }

  private pump(): void {
    const head = this.queue[0];
    if (!head || this.inFlight || this.socket.readyState !== WebSocket.OPEN) return;
    this.inFlight = head.id;
    this.socket.send(JSON.stringify({ type: 'say', id: head.id, text: head.text }));
  }

  /** Say the patron is typing (or stopped); never stored by the backend. */
  typing(typing: boolean): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'typing', typing }));
  }

  leave(): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: 'leave' }));
  }

  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket.terminate();
    this.listeners.clear();
  }
}
