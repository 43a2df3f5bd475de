import type { DeskPanel } from '../dock/panel';
import type { AppState } from '../store';
import { WhoIsOn } from './WhoIsOn';

/** Librarians on shift (online or away), for the opener's count. */
const onShift = (s: AppState): string => String(Object.values(s.desk.operators).filter((op) => op.presence !== 'offline').length);

export const presencePanels: DeskPanel[] = [{ id: 'who', scope: 'desk', title: 'Who’s on', priority: 40, hint: 'Librarians on shift, by campus', badge: onShift, Panel: WhoIsOn }];
