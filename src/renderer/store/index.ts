import { create } from 'zustand';
import type { Push } from '../../shared/api';
import { batchable } from './batchable';
import { type DockSlice, dockSlice } from './dock';
import { type DraftsSlice, draftsSlice } from './drafts';
import { type MirrorSlice, mirrorSlice } from './mirror';
import { type TransportSlice, transportSlice } from './transport';
import { type UiSlice, uiSlice } from './ui';
import { type WorkspaceSlice, workspaceSlice } from './workspace';

export type { Notice } from './ui';

/** The renderer's state, in slices: transport, the mirror of main, this window's UI, drafts, the workspace, the dock. */
export type AppState = TransportSlice & MirrorSlice & UiSlice & DraftsSlice & WorkspaceSlice & DockSlice & {
  /** Route one push from main to the slice it concerns (sounds go to the player, not here). */
  receive(push: Push): void;
  /** A frame's pushes, in order, told to subscribers (and React) once (./batchable.ts). */
  receiveAll(pushes: readonly Push[]): void;
  /** Drop everything this window kept of the librarian who was signed in: drafts, open chat, panels, an open editor, notices. */
  forgetLibrarian(): void;
};

export const useAppStore = create<AppState>()(
  batchable((set, get, api, batch) => ({
    ...transportSlice(set, get, api),
    ...mirrorSlice(set, get, api),
    ...uiSlice(set, get, api),
    ...draftsSlice(set, get, api),
    ...workspaceSlice(set, get, api),
    ...dockSlice(set, get, api),
    receiveAll: (pushes) =>
      batch(() => {
        for (const push of pushes) get().receive(push);
      }),
    forgetLibrarian: () =>
      set({
        drafts: {},
        openChatId: null,
        campusInfoId: null,
        editingCampusId: null,
        notices: [],
        extraTabs: [],
        unread: {},
        typingUntil: {},
        dock: null,
        viewed: {},
        focusRequest: null,
      }),
    receive: (push) => {
      const state = get();
      switch (push.type) {
        case 'session':
          // Another librarian (or nobody) at this desk: nothing of the previous one stays on screen.
          if ((state.session?.operator?.id ?? null) !== (push.session.operator?.id ?? null)) state.forgetLibrarian();
          state.mirror(push);
          return;
        case 'desk':
        case 'alerts':
        case 'faqs':
        case 'machine':
        case 'settings':
        case 'update':
        case 'signedOutWaiting':
          state.mirror(push);
          return;
        case 'focusChat':
          state.openChat(push.chatId);
          return;
        case 'typing':
          state.setTyping(push.chatId, push.typing);
          return;
        case 'unread':
          state.setUnread(push.counts);
          return;
        case 'transcripts':
          state.setTranscriptStatus(push.status);
          return;
        case 'patronMessage':
          return; // the shells' notifications; the tabs show the unread count
        case 'sound':
          return; // played by the sound player, not stored
      }
    },
  })),
);
