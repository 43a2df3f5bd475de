/**
 * The keyboard shortcuts, in one list: the handler (./useShortcuts.ts), the help dialog and
 * docs/keyboard.md all read it. Alt with a letter, matched by the physical key (so macOS's
 * Option characters do not get in the way); D, E and F are left to the desktop app's menus.
 */
export type ShortcutAction =
  | 'claim-next'
  | 'reply'
  | 'end-chat'
  | 'transfer'
  | 'ticket'
  | 'next-chat'
  | 'previous-chat'
  | 'templates'
  | 'checklist'
  | 'crisis'
  | 'abuse'
  | 'faq-search'
  | 'transcript-search'
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
  { action: 'templates', code: 'Slash', keys: 'Alt+/ (or / at the start of a reply)', does: 'Pick a message template' },
  { action: 'checklist', code: 'KeyI', keys: 'Alt+I', does: 'The reference-interview checklist' },
  { action: 'crisis', code: 'KeyH', keys: 'Alt+H', does: 'The crisis panel: resources to send, what to do' },
  { action: 'abuse', code: 'KeyA', keys: 'Alt+A', does: 'The abusive-patron panel: notices, ending under the policy, the incident report' },
  { action: 'faq-search', code: 'KeyQ', keys: 'Alt+Q', does: 'Search the campus FAQs' },
  { action: 'transcript-search', code: 'KeyS', keys: 'Alt+S', does: 'Search transcripts' },
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

/** The action an Alt (or F1, ?) key press stands for, or null. */
export function shortcutFor(event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code' | 'key'>, inTextField: boolean): ShortcutAction | null {
  if (event.code === 'F1' && !event.altKey && !event.ctrlKey && !event.metaKey) return 'help';
  if (event.key === '?' && !inTextField && !event.altKey && !event.ctrlKey && !event.metaKey) return 'help';
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  return SHORTCUTS.find((s) => s.code === event.code && s.action !== 'help')?.action ?? null;
}
