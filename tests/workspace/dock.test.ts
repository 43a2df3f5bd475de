/**
 * The dock's rules, without a browser: which panels a place offers (and in what order), which
 * panel is open, and that a panel about one chat never shows another patron.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { PanelSpec } from '../../src/renderer/dock/panel';
import { panelById, panelsIn } from '../../src/renderer/dock/registry';
import { useAppStore } from '../../src/renderer/store';
import type { AppState } from '../../src/renderer/store';

const Nothing = () => null;
const PANELS: PanelSpec[] = [
  { id: 'tickets', scope: 'desk', title: 'Tickets', priority: 60, Panel: Nothing },
  { id: 'faqs', scope: 'desk', title: 'FAQs', priority: 0, Panel: Nothing },
  { id: 'crisis', scope: 'chat', title: 'Crisis', priority: 20, whole: true, Panel: Nothing },
  { id: 'templates', scope: 'chat', title: 'Templates', priority: 0, Panel: Nothing },
  { id: 'settings', scope: 'desk', menu: true, title: 'Settings', priority: 30, Panel: Nothing },
  { id: 'editor', scope: 'desk', menu: true, title: 'Template editor', priority: 10, available: (s) => s.session?.operator?.role === 'admin', Panel: Nothing },
];

const asRole = (role: 'admin' | 'librarian'): AppState => ({ ...useAppStore.getState(), session: { operator: { role } } } as unknown as AppState);

describe('panelsIn', () => {
  it('gives each place its panels in priority order, and an admin’s only to an admin', () => {
    const librarian = asRole('librarian');
    expect(panelsIn(PANELS, librarian, 'chat').map((p) => p.id)).toEqual(['templates', 'crisis']);
    expect(panelsIn(PANELS, librarian, 'desk').map((p) => p.id)).toEqual(['faqs', 'tickets']);
    expect(panelsIn(PANELS, librarian, 'menu').map((p) => p.id)).toEqual(['settings']);
    expect(panelsIn(PANELS, asRole('admin'), 'menu').map((p) => p.id)).toEqual(['editor', 'settings']);
    expect(panelById(PANELS, 'crisis')?.title).toBe('Crisis');
    expect(panelById(PANELS, 'nope')).toBeUndefined();
  });
});

describe('the dock slice', () => {
  beforeEach(() => useAppStore.getState().forgetLibrarian());

  it('opens one panel at a time; toggling the open one closes it; closing names the panel or closes any', () => {
    const s = () => useAppStore.getState();
    s().openPanel('faqs', null);
    s().openPanel('tickets', null);
    expect(s().dock).toEqual({ panel: 'tickets', chatId: null });
    s().togglePanel('tickets', null);
    expect(s().dock).toBe(null);
    s().openPanel('tickets', null);
    s().closePanel('faqs');
    expect(s().dock?.panel).toBe('tickets');
    s().closePanel();
    expect(s().dock).toBe(null);
  });

  it('a panel about a chat closes when another chat comes to the front, or its tab closes; a desk panel stays', () => {
    const s = () => useAppStore.getState();
    s().openChat('chat-a');
    s().openPanel('crisis', 'chat-a');
    s().openChat('chat-a');
    expect(s().dock).toEqual({ panel: 'crisis', chatId: 'chat-a' });
    s().openChat('chat-b');
    expect(s().dock).toBe(null);
    s().openPanel('crisis', 'chat-b');
    s().closeTab('chat-b');
    expect(s().dock).toBe(null);
    s().openPanel('tickets', null);
    s().openChat('chat-a');
    expect(s().dock?.panel).toBe('tickets');
  });

  it('showing a campus opens the campus card; closing the card closes only that panel', () => {
    const s = () => useAppStore.getState();
    s().showCampus('tunxis');
    expect(s().dock).toEqual({ panel: 'campus', chatId: null });
    expect(s().campusInfoId).toBe('tunxis');
    s().showCampus(null);
    expect(s().dock).toBe(null);
    s().openPanel('tickets', null);
    s().showCampus(null);
    expect(s().dock?.panel).toBe('tickets');
  });

  it('forgets the open panel when another librarian signs in at the desk', () => {
    useAppStore.getState().openPanel('tickets', null);
    useAppStore.getState().forgetLibrarian();
    expect(useAppStore.getState().dock).toBe(null);
  });
});
