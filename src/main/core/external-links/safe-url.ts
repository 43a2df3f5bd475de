/**
 * Which links may leave the app for the system browser or mail client. Anything else
 * (javascript:, file:, data:, custom schemes that launch local programs) is refused,
 * because the operating system is handed the URL as-is. Used by the core's
 * shell.openExternal call and by the Electron window's link handling.
 */
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
