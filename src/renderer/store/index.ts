import { create } from 'zustand';
import type { Push } from '../../shared/api';
import { type DraftsSlice, draftsSlice } from './drafts';
import { type MirrorSlice, mirrorSlice } from './mirror';
import { type TransportSlice, transportSlice } from './transport';
import { type UiSlice, uiSlice } from './ui';

export type { Notice } from './ui';

/** The renderer's state, in slices: transport, the mirror of main, this window's UI, drafts. */
export type AppState = TransportSlice & MirrorSlice & UiSlice & DraftsSlice & {
  /** Route one push from main to the slice it concerns (sounds go to the player, not here). */
  receive(push: Push): void;
};

export const useAppStore = create<AppState>()((...a) => ({
  ...transportSlice(...a),
  ...mirrorSlice(...a),
  ...uiSlice(...a),
  ...draftsSlice(...a),
  receive: (push) => {
    const state = a[1]();
    switch (push.type) {
      case 'desk':
      case 'session':
      case 'alerts':
      case 'faqs':
        state.mirror(push);
        return;
      case 'focusChat':
        state.openChat(push.chatId);
        return;
      case 'sound':
        return; // played by the sound player, not stored
    }
  },
}));
