import { randomUUID } from 'node:crypto';

/** The backend's websocket for operators or patrons, from its http(s) base URL. */
export function backendSocketUrl(backendUrl: string, side: 'operator' | 'patron'): string {
  const url = new URL(backendUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/$/, '')}/ws/${side}`;
  url.search = '';
  return url.toString();
}

/** A fresh client id for a command or message: the backend deduplicates resends on it. */
export const newClientId = (): string => randomUUID().replaceAll('-', '');
