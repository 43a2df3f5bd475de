import type { ComponentType } from 'react';
import type { Chat } from '../../shared/chats/schemas';
import type { AppState } from '../store';

/** An Alt shortcut that opens a panel (matched by the physical key, like ../workspace/shortcuts.ts). */
export interface PanelShortcut {
  /** KeyboardEvent.code with Alt held. */
  code: string;
  /** How the help and the button's tooltip show it. */
  keys: string;
  /** What the help says it does. */
  does: string;
}

/** The chat a chat panel works on, as the dock resolves it for the chat in front. */
export interface ChatPanelProps {
  chat: Chat;
  /** The librarian holds this chat. */
  mine: boolean;
  campusName: string;
}

interface PanelBase<Id extends string> {
  id: Id;
  /** The opener's label and the dock's heading. */
  title: string;
  /** Lower comes first among the openers of its place. */
  priority: number;
  shortcut?: PanelShortcut;
  /** The opener's tooltip when it has no shortcut. */
  hint?: string;
  /** Takes the tool area whole: the other openers step aside while it is open (the crisis panel). */
  whole?: boolean;
  /**
   * Takes the conversation's column as well as its own (statistics: tables need the width); the
   * board stays on screen. It steps aside when a chat comes to the front.
   */
  wide?: boolean;
  /** 'danger' marks the opener of a panel for the hard moments. */
  tone?: 'danger';
  /** Whether this librarian may open it at all (an admin's editor). Read from the store, never cached. */
  available?(state: AppState): boolean;
  /** A short count beside the opener (unread notes, open tickets), or null. A selector: keep it cheap. */
  badge?(state: AppState): string | null;
}

/** A panel of the desk: opened from the dock's strip, or from the top bar's menu when `menu` is set. */
export interface DeskPanel<Id extends string = string> extends PanelBase<Id> {
  scope: 'desk';
  /** Less-used panels live in the top bar's menu instead of the dock's strip. */
  menu?: boolean;
  Panel: ComponentType;
}

/** A panel about the chat in front (the crisis panel, templates): it closes when another chat comes to the front. */
export interface ChatPanel<Id extends string = string> extends PanelBase<Id> {
  scope: 'chat';
  Panel: ComponentType<ChatPanelProps>;
}

export type PanelSpec<Id extends string = string> = DeskPanel<Id> | ChatPanel<Id>;
