/** Only these leave the app: a patron-supplied javascript:, file: or data: link never opens. */
export function safeExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.hostname ? url.toString() : null;
  if (url.protocol === 'mailto:') return url.toString();
  return null;
}
