import type { DeskbellHost } from '../../shared/api';
import { createBrowserHost } from './browser-host';

/**
 * The platform abstraction: the renderer talks to `DeskbellHost` and never knows whether
 * Electron's preload or the browser shell's bridge is behind it.
 */
export function detectHost(onReconnect: () => void): DeskbellHost | { error: string } {
  if (window.deskbell) return window.deskbell;
  const secret = new URLSearchParams(location.hash.slice(1)).get('secret');
  if (!secret) return { error: 'Open Deskbell from the link `npm run web` printed: it carries the key to the local core.' };
  return createBrowserHost(secret, onReconnect);
}
