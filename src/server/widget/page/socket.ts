/**
 * The patron's socket: validates every frame both ways, resumes the saved chat after a reload
 * or a dropped connection (backoff with jitter), pings, and hands each server frame to the
 * parts' table. It keeps the chat this page holds (sessionStorage, per campus) and nothing of
 * the conversation itself: the parts do.
 */
import { z } from 'zod';
import { PROTOCOL_VERSION } from '../../../shared/protocol/common';
import { parseFrame } from '../../../shared/protocol/parse';
import { PatronClientFrame, PatronServerFrame, patronServerTypes } from '../../../shared/protocol/patron';
import { showNotice } from './dom';
import { type ClientFrame, dispatchFrame, type FrameTable } from './part';

const PING_MS = 25_000;
const MAX_BACKOFF_MS = 15_000;

export interface SavedChat {
  chatId: string;
  token: string;
  /** What the patron typed, so a ticket after a dropped chat starts from it. */
  name?: string;
  question?: string;
}
export type StartFrame = Extract<ClientFrame, { type: 'start' }>;

const SavedChatSchema = z.object({ chatId: z.string().min(1).max(64), token: z.string().min(16).max(200), name: z.string().max(200).optional(), question: z.string().max(4000).optional() });

/** What the socket asks of the parts: the frames table, and the steps that are theirs. */
export interface SocketListener {
  frames: FrameTable;
  /** The last transcript line this page has, for a resume. */
  lastSeq(): number;
  /** The socket (re)opened on a chat: resend what waits to be sent. */
  opened(): void;
  /** The connection dropped; the socket tries again. */
  reconnecting(): void;
}

/** The websocket URL beside the page (the widget is served by the backend it talks to). */
export function socketUrl(): string {
  const url = new URL('ws/patron', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  return url.toString();
}

export class PatronSocket {
  /** The chat this page holds, once the server answered `started` (or from before a reload). */
  saved: SavedChat | null;
  /** The start frame until the server answers `started`; resent with the same id after a reconnect. */
  pendingStart: StartFrame | null = null;
  /** The name and question typed into the start form (kept with the saved chat). */
  remembered: { name?: string; question?: string } = {};
  private listener: SocketListener | null = null;
  private socket: WebSocket | null = null;
  private finished = false;
  private attempt = 0;
  private reconnectTimer = 0;
  private pingTimer = 0;
  private pingCount = 0;
  private readonly storageKey: string;

  constructor(readonly campus: string) {
    this.storageKey = `deskbell.chat.${campus}`;
    this.saved = this.load();
  }

  /** The parts, composed: called once by the entry before anything connects. */
  listen(listener: SocketListener): void {
    this.listener = listener;
  }

  /** Validate before sending: a frame the server would refuse is caught here, with a readable reason. */
  send(frame: ClientFrame): boolean {
    const checked = PatronClientFrame.safeParse(frame);
    if (!checked.success) {
      showNotice(`Could not send: ${checked.error.issues[0]?.message ?? 'invalid message'}`);
      return false;
    }
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(checked.data));
    return true;
  }

  /** The server started the chat: keep it for a reload. */
  started(chatId: string, token: string): void {
    this.saved = { chatId, token, ...this.remembered };
    this.pendingStart = null;
    this.store(this.saved);
  }

  connect(): void {
    const listener = this.listener;
    if (!listener) throw new Error('the widget connected before its parts were composed');
    window.clearTimeout(this.reconnectTimer);
    if (this.finished) return;
    const socket = new WebSocket(socketUrl());
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      showNotice(null);
      if (this.saved) {
        this.send({ type: 'resume', v: PROTOCOL_VERSION, chatId: this.saved.chatId, token: this.saved.token, lastSeq: listener.lastSeq() });
        listener.opened();
      } else if (this.pendingStart) this.send(this.pendingStart);
      window.clearInterval(this.pingTimer);
      this.pingTimer = window.setInterval(() => this.send({ type: 'ping', n: ++this.pingCount }), PING_MS);
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      const parsed = parseFrame(event.data, PatronServerFrame, patronServerTypes);
      if (parsed.ok) dispatchFrame(listener.frames, parsed.value);
      else console.warn('deskbell: ignored a bad frame from the server:', parsed.message);
    });
    socket.addEventListener('close', () => {
      window.clearInterval(this.pingTimer);
      if (this.socket !== socket || this.finished || (!this.saved && !this.pendingStart)) return;
      listener.reconnecting();
      // Exponential backoff with jitter, so a server restart is not met by every patron at once.
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
      this.attempt += 1;
      this.reconnectTimer = window.setTimeout(() => this.connect(), delay);
    });
  }

  /** The chat ended: forget it, stop reconnecting and pinging, and close. */
  finish(): void {
    this.finished = true;
    this.pendingStart = null;
    this.store(null);
    window.clearTimeout(this.reconnectTimer);
    window.clearInterval(this.pingTimer);
    this.socket?.close(1000, 'chat ended');
  }

  /** This page gave up on its chat (it cannot be started or resumed): back to no chat at all. */
  reset(): void {
    this.store(null);
    this.saved = null;
    this.pendingStart = null;
    this.socket?.close(1000, 'reset');
  }

  private load(): SavedChat | null {
    try {
      const raw = sessionStorage.getItem(this.storageKey);
      if (!raw) return null;
      const parsed = SavedChatSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private store(chat: SavedChat | null): void {
    try {
      if (chat) sessionStorage.setItem(this.storageKey, JSON.stringify(chat));
      else sessionStorage.removeItem(this.storageKey);
    } catch {
      // Storage may be blocked in a third-party frame; the chat still works, it just cannot survive a reload.
    }
  }
}
