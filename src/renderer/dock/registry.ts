import { createContext, useContext } from 'react';
import type { AppState } from '../store';
import type { PanelSpec } from './panel';

/**
 * The panels of this window, as the composition root (../capabilities.ts) lists them, handed down
 * through React context so no module below the root imports the list (a panel's own module may
 * read the others, as the help does, without an import cycle).
 */
export const PanelsContext = createContext<readonly PanelSpec[]>([]);

export const usePanels = (): readonly PanelSpec[] => useContext(PanelsContext);

/** The panels this librarian may open now, in their place's order. */
export function panelsIn(panels: readonly PanelSpec[], state: AppState, place: 'chat' | 'desk' | 'menu'): PanelSpec[] {
  return panels
    .filter((p) => (place === 'chat' ? p.scope === 'chat' : p.scope === 'desk' && Boolean(p.menu) === (place === 'menu')))
    .filter((p) => p.available?.(state) ?? true)
    .sort((a, b) => a.priority - b.priority);
}

/** The panel with this id, if the registry has it. */
export const panelById = (panels: readonly PanelSpec[], id: string): PanelSpec | undefined => panels.find((p) => p.id === id);
