import type { StateCreator } from 'zustand';
import type { AlertSettings } from '../../shared/alerts/policy';
import type { Push, SessionView } from '../../shared/api';
import type { FaqCacheStatus } from '../../shared/faqs/schemas';
import { reduceDesk } from '../../shared/desk/reduce';
import { type DeskState, emptyDesk } from '../../shared/desk/state';
import type { AppState } from './index';

/** What main holds, mirrored: the desk (kept by the same shared reducer), the session, the alert settings. */
export interface MirrorSlice {
  desk: DeskState;
  session: SessionView | null;
  alerts: AlertSettings | null;
  /** The librarian's FAQ cache, as main last reported it. */
  faqStatus: FaqCacheStatus | null;
  /** Apply one push from main to the mirror. */
  mirror(push: Extract<Push, { type: 'desk' | 'session' | 'alerts' | 'faqs' }>): void;
}

export const mirrorSlice: StateCreator<AppState, [], [], MirrorSlice> = (set) => ({
  desk: emptyDesk,
  session: null,
  alerts: null,
  faqStatus: null,
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
    }
  },
});
