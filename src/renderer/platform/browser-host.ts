import { z } from 'zod';
import type { CallName, CallOutcome, DeskbellHost, Push } from '../../shared/api';
import { checkCallOutcome, checkPush } from '../../shared/host-checks';

interface PendingCall {
  resolve(raw: unknown): void;
}

/** Only the envelope is read here; what it carries is checked against its call's or push's schema. */
const ResultFrame = z.object({ type: z.literal('result'), id: z.number().int() });
const PushFrame = z.object({ type: z.literal('push'), push: z.unknown() });

/**
 * The browser shell's host: the same calls and pushes as Electron's preload, over the local
 * websocket bridge. Reconnects by itself; the core re-sends a snapshot on each subscribe.
 */
export function createBrowserHost(secret: string, onReconnect: () => void): DeskbellHost {
  const listeners = new Set<(push: Push) => void>();
  const pending = new Map<number, PendingCall>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let ready: Promise<WebSocket> | null = null;
  let everConnected = false;
  let attempt = 0;

  const onFrame = (data: unknown): void => {
    const result = ResultFrame.safeParse(data);
    if (result.success) {
      const call = pending.get(result.data.id);
      if (!call) return;
      pending.delete(result.data.id);
      call.resolve(data);
      return;
    }
    const frame = PushFrame.safeParse(data);
    const checked = frame.success ? checkPush(frame.data.push) : null;
    // Never silently: a dropped desk update is a board that lies.
    if (checked?.ok) for (const listener of listeners) listener(checked.push);
    else console.error('Deskbell: refused a malformed message from the core', checked?.error.message ?? frame.error?.issues[0]);
  };

  const connect = (): Promise<WebSocket> => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/bridge?secret=${encodeURIComponent(secret)}`;
    const ws = new WebSocket(url);
    ready = new Promise((resolve, reject) => {
      ws.onopen = () => {
        attempt = 0;
        socket = ws;
        resolve(ws);
        if (everConnected) onReconnect();
        everConnected = true;
      };
      ws.onerror = () => reject(new Error('bridge unavailable'));
    });
    ready.catch(() => undefined);
    ws.onmessage = (event) => {
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        console.error('Deskbell: refused a message from the core that is not JSON');
        return;
      }
      onFrame(data);
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, call] of pending) {
        pending.delete(id);
        // The core may already hold the command in its outbox: report it as unknown, never as refused.
        call.resolve({ ok: false, error: { code: 'interrupted', message: 'lost touch with the Deskbell core; what you sent may still be delivered' } });
      }
      const delay = Math.random() * Math.min(10_000, 250 * 2 ** attempt++);
      setTimeout(() => void connect(), delay);
    };
    return ready;
  };
  void connect();

  return {
    kind: 'browser',
    async call<K extends CallName>(name: K, args: unknown): Promise<CallOutcome<K>> {
      let ws: WebSocket;
      try {
        ws = socket ?? (await (ready ?? connect()));
      } catch {
        return { ok: false, error: { code: 'offline', message: 'the Deskbell core is not reachable' } };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        // Whatever comes back is checked against this call's schemas before the page sees it.
        pending.set(id, {
          resolve: (raw) => {
            const checked = checkCallOutcome(name, raw);
            if (!checked.ok && checked.error.code === 'bad_result') console.error('Deskbell:', checked.error.message);
            resolve(checked);
          },
        });
        ws.send(JSON.stringify({ type: 'call', id, name, args }));
      });
    },
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
