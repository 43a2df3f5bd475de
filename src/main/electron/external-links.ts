/**
 * Which links may leave the app for the system browser or mail client. Anything else
 * (javascript:, file:, data:, custom schemes that launch local programs) is refused,
 * because shell.openExternal hands the URL to the operating system as-is.
 */
import type { ShellLike } from './ports';

const MAX_URL_CHARS = 2000;

export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_CHARS) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'mailto:') return parsed.pathname.length > 0 && !/[\r\n]/.test(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  // Credentials in a link are a phishing trick ("https://library.edu@evil.example/").
  return parsed.hostname.length > 0 && parsed.username === '' && parsed.password === '';
}

/** Opens a validated link; returns whether it was allowed. Failures to launch are logged, not thrown. */
export function openExternalSafely(shell: ShellLike, url: unknown, onError: (error: unknown) => void): boolean {
  if (!isSafeExternalUrl(url)) return false;
  shell.openExternal(url).catch(onError);
  return true;
}
