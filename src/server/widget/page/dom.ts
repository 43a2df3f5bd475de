/** The page's DOM helpers, shared by every part. */

/** An element the page must have, of the kind the part expects (checked, not cast). */
export function element(id: string): HTMLElement;
export function element<T extends HTMLElement>(id: string, kind: abstract new () => T): T;
export function element(id: string, kind: abstract new () => HTMLElement = HTMLElement): HTMLElement {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error(`widget page is missing #${id}`);
  return found;
}

/** A url-safe client id (32 hex characters) for deduplicating resends. */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const noticeLine = element('notice');

/** The one notice line at the top of the page (null hides it). */
export function showNotice(text: string | null): void {
  noticeLine.textContent = text ?? '';
  noticeLine.hidden = text === null;
}
