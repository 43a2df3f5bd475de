import { BridgeServerFrame, type CallName, type CallOutcome, type DeskbellHost, type Push } from '../../shared/api';

interface PendingCall {
  resolve(outcome: CallOutcome<CallName>): void;
}

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
        return;
      }
      const frame = BridgeServerFrame.safeParse(data);
      if (!frame.success) {
        // Never silently: a dropped desk update is a board that lies.
        console.error('Deskbell: refused a malformed message from the core', frame.error.issues[0]);
        return;
      }
      const value = frame.data;
      if (value.type === 'push') {
        for (const listener of listeners) listener(value.push);
        return;
      }
      const call = pending.get(value.id);
      if (!call) return;
      pending.delete(value.id);
      call.resolve(value.ok ? { ok: true, value: value.value as never } : { ok: false, error: value.error });
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
    async call(name, args) {
      let ws: WebSocket;
      try {
        ws = socket ?? (await (ready ?? connect()));
      } catch {
        return { ok: false, error: { code: 'offline', message: 'the Deskbell core is not reachable' } };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as PendingCall['resolve'] });
        ws.send(JSON.stringify({ type: 'call', id, name, args }));
      });
    },
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
