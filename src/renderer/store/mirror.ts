import type { StateCreator } from 'zustand';
import type { AlertSettings } from '../../shared/alerts/policy';
import type { Push, SessionView } from '../../shared/api';
import type { FaqCacheStatus } from '../../shared/faqs/schemas';
import { reduceDesk } from '../../shared/desk/reduce';
import { type DeskState, emptyDesk } from '../../shared/desk/state';
import type { MachineView } from '../../shared/machine-settings/schema';
import type { DeskSettingsView } from '../../shared/settings/calls';
import type { UpdateView } from '../../shared/updates/calls';
import type { AppState } from './index';

type MirroredPush = Extract<Push, { type: 'desk' | 'session' | 'alerts' | 'faqs' | 'machine' | 'settings' | 'update' | 'signedOutWaiting' }>;

/**
 * What main holds, mirrored: the desk (kept by the same shared reducer), the session, the alert
 * and desk settings, IT's machine-wide settings, the app's update, and the queue a signed-out
 * desk still watches.
 */
export interface MirrorSlice {
  desk: DeskState;
  session: SessionView | null;
  alerts: AlertSettings | null;
  /** The librarian's FAQ cache, as main last reported it. */
  faqStatus: FaqCacheStatus | null;
  machine: MachineView | null;
  deskSettings: DeskSettingsView | null;
  update: UpdateView | null;
  signedOutWaiting: { waiting: number; watching: boolean } | null;
  /** Apply one push from main to the mirror. */
  mirror(push: MirroredPush): void;
}

export const mirrorSlice: StateCreator<AppState, [], [], MirrorSlice> = (set) => ({
  desk: emptyDesk,
  session: null,
  alerts: null,
  faqStatus: null,
  machine: null,
  deskSettings: null,
  update: null,
  signedOutWaiting: null,
  mirror: (push) => {
    switch (push.type) {
      case 'desk':
        set((s) => ({ desk: reduceDesk(s.desk, push.action) }));
        return;
      case 'session':
        set({ session: push.session });
        return;
      case 'alerts':
        set({ alerts: push.settings });
        return;
      case 'faqs':
        set({ faqStatus: push.status });
        return;
      case 'machine':
        set({ machine: push.machine });
        return;
      case 'settings':
        set({ deskSettings: push.settings });
        return;
      case 'update':
        set({ update: push.update });
        return;
      case 'signedOutWaiting':
        set({ signedOutWaiting: { waiting: push.waiting, watching: push.watching } });
        return;
    }
  },
});
