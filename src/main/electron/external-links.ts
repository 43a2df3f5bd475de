/** Opening links from the Electron window; the rule itself lives in src/shared/external-links. */
import { isSafeExternalUrl } from '../../shared/external-links/safe-url';
import type { ShellLike } from './ports';

export { isSafeExternalUrl };

/** Opens a validated link; returns whether it was allowed. Failures to launch are logged, not thrown. */
export function openExternalSafely(shell: ShellLike, url: unknown, onError: (error: unknown) => void): boolean {
  if (!isSafeExternalUrl(url)) return false;
  shell.openExternal(url).catch(onError);
  return true;
}
