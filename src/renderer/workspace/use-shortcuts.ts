import { useEffect, useMemo } from 'react';
import { showPanel } from '../dock/open';
import type { PanelSpec } from '../dock/panel';
import { runShortcut } from './actions';
import { shortcutFor } from './shortcuts';

const isTextField = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type)) || target instanceof HTMLSelectElement);

/**
 * The keyboard is already at work in that panel (its second press closes it; the first brings
 * you there). The dock's own body does not count: it keeps the focus when the panel in it changes
 * (Escape from the crisis panel leaves it on the FAQs), and Alt+Q must then still reach the search.
 */
function focusIsIn(panelId: string): boolean {
  const focused = document.activeElement;
  const panel = focused?.closest(`[data-testid="dock-panel-${panelId}"]`);
  return panel != null && panel !== focused;
}

/**
 * The desk's keyboard shortcuts (./shortcuts.ts) and the panels' (each panel's spec), one
 * listener for the whole window.
 */
export function useShortcuts(panels: readonly PanelSpec[]): void {
  const byCode = useMemo(() => new Map(panels.flatMap((p) => (p.shortcut ? [[p.shortcut.code, p] as const] : []))), [panels]);
  useEffect(() => {
    const codes = new Set(byCode.keys());
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const meaning = shortcutFor(event, isTextField(event.target), codes);
      if (!meaning) return;
      event.preventDefault();
      if ('action' in meaning) return runShortcut(meaning.action);
      const spec = byCode.get(meaning.panelCode);
      if (spec) showPanel(spec, focusIsIn(spec.id) ? { toggle: true } : { focus: true });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [byCode]);
}

export { isTextField };
