import { useEffect, useRef, useState } from 'react';
import { chatsClaimedBy } from '../../shared/chats/selectors';
import { PanelOpener } from '../dock/PanelOpener';
import { panelsIn, usePanels } from '../dock/registry';
import { useAppStore } from '../store';
import { useEscapeToClose } from '../workspace/escape';

/**
 * The top bar's menu: the less-used panels (settings, the shortcuts, an admin's editors) and
 * signing out, so every control stays on screen at 1024 px. A disclosure, not an ARIA menu: its
 * items are ordinary buttons, reached with Tab.
 */
export function DeskMenu() {
  const panels = usePanels();
  const [open, setOpen] = useState(false);
  const [confirmSignOut, setConfirmSignOut] = useState(false);
  const session = useAppStore((s) => s.session);
  const dockPanel = useAppStore((s) => s.dock?.panel ?? null);
  const held = useAppStore((s) => (s.session?.operator ? chatsClaimedBy(s.desk, s.session.operator.id).length : 0));
  useAppStore((s) => s.session?.operator?.role); // the admin's items come and go with the role
  const items = panelsIn(panels, useAppStore.getState(), 'menu');
  const root = useRef<HTMLDivElement>(null);
  const close = () => {
    setOpen(false);
    setConfirmSignOut(false);
  };
  useEscapeToClose(open, close);
  useEffect(() => {
    if (!open) return;
    // A click anywhere else closes the menu, as menus do.
    const onDown = (event: MouseEvent) => {
      if (!(event.target instanceof Node && root.current?.contains(event.target))) close();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  // Sign out, or let the next librarian sign in: the session ends and nothing of this librarian stays.
  const signOut = () => {
    if (held > 0 && !confirmSignOut) return setConfirmSignOut(true);
    close();
    void useAppStore.getState().call('session.signOut', {});
  };
  return (
    <div className="desk-menu" ref={root}>
      <button type="button" aria-expanded={open} aria-controls="desk-menu-items" data-testid="open-menu" onClick={() => (open ? close() : setOpen(true))}>
        Menu ▾
      </button>
      {open && (
        <div id="desk-menu-items" className="desk-menu-items" data-testid="desk-menu">
          {items.map((spec) => (
            <PanelOpener key={spec.id} spec={spec} open={dockPanel === spec.id} onOpened={close} />
          ))}
          {session && !session.embedded && (
            <button
              type="button"
              data-testid="sign-out"
              className={`small ${confirmSignOut ? 'danger' : ''}`}
              title="Sign out, so the next librarian can sign in at this desk"
              onClick={signOut}
            >
              {confirmSignOut ? `You hold ${held} ${held === 1 ? 'chat' : 'chats'}: sign out anyway?` : 'Sign out / switch librarian'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
