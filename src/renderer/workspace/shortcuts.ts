/**
 * The desk's own keyboard shortcuts, in one list: the handler (./use-shortcuts.ts), the help
 * and docs/keyboard.md read it, with the shortcuts the panels bring in their specs (../dock).
 * Alt with a letter, matched by the physical key (so macOS's Option characters do not get in
 * the way); D, E and F are left to the desktop app's menus.
 */
export type ShortcutAction =
  | 'claim-next'
  | 'reply'
  | 'end-chat'
  | 'transfer'
  | 'ticket'
  | 'next-chat'
  | 'previous-chat'
  | 'board'
  | 'help';

export interface Shortcut {
  action: ShortcutAction;
  /** KeyboardEvent.code with Alt held (none: see `keys`). */
  code: string;
  /** How the help shows it. */
  keys: string;
  does: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'claim-next', code: 'KeyC', keys: 'Alt+C', does: 'Claim the next waiting chat (the most urgent first); the reply box gets the focus' },
  { action: 'reply', code: 'KeyR', keys: 'Alt+R', does: 'Go to the reply box of the open chat' },
  { action: 'end-chat', code: 'KeyX', keys: 'Alt+X', does: 'End the open chat (Enter confirms, Escape keeps it)' },
  { action: 'transfer', code: 'KeyT', keys: 'Alt+T', does: 'Transfer the open chat to a librarian of the patron’s campus' },
  { action: 'ticket', code: 'KeyK', keys: 'Alt+K', does: 'Make a ticket in the patron’s campus queue' },
  { action: 'next-chat', code: 'ArrowDown', keys: 'Alt+↓', does: 'Next chat tab' },
  { action: 'previous-chat', code: 'ArrowUp', keys: 'Alt+↑', does: 'Previous chat tab' },
  { action: 'board', code: 'KeyB', keys: 'Alt+B', does: 'Go to the board (the first waiting chat)' },
  { action: 'help', code: 'F1', keys: 'F1 (or ? outside a text box)', does: 'Show these shortcuts' },
];

/** Also in the help: keys that are not Alt shortcuts. */
export const OTHER_KEYS: readonly { keys: string; does: string }[] = [
  { keys: 'Enter', does: 'Send the reply' },
  { keys: 'Shift+Enter', does: 'New line in the reply' },
  { keys: 'Escape', does: 'Close the newest panel, card, dialog or picker' },
  { keys: 'Tab / Shift+Tab', does: 'Move between controls; the first Tab offers “Skip to the conversation”' },
];

type KeyPress = Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code' | 'key'>;

/** What a key press stands for: one of the desk's actions, a panel's shortcut (its code), or nothing. */
export type KeyMeaning = { action: ShortcutAction } | { panelCode: string } | null;

/** The meaning of an Alt (or F1, ?) key press; `panelCodes` are the codes the panels' shortcuts use. */
export function shortcutFor(event: KeyPress, inTextField: boolean, panelCodes: ReadonlySet<string> = new Set()): KeyMeaning {
  const plain = !event.altKey && !event.ctrlKey && !event.metaKey;
  if (event.code === 'F1' && plain) return { action: 'help' };
  if (event.key === '?' && !inTextField && plain) return { action: 'help' };
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  const action = SHORTCUTS.find((s) => s.code === event.code && s.action !== 'help')?.action;
  if (action) return { action };
  return panelCodes.has(event.code) ? { panelCode: event.code } : null;
}
