import { useEffect, useRef } from 'react';

/**
 * Escape closes what was opened last: a dialog, a drawer, the campus card, a side panel. Each
 * open thing registers its close; one keydown listener closes the newest. Nothing here knows
 * which panels exist, so a new panel only calls useEscapeToClose.
 */
const stack: { id: number; close: () => void }[] = [];
let nextId = 0;
let listening = false;

function onKeyDown(event: KeyboardEvent): void {
  if (event.key !== 'Escape' || event.defaultPrevented || stack.length === 0) return;
  // A picker or menu inside a text field handles its own Escape first (it calls preventDefault).
  const top = stack[stack.length - 1];
  event.preventDefault();
  top?.close();
}

export function useEscapeToClose(open: boolean, close: () => void): void {
  const latest = useRef(close);
  latest.current = close;
  useEffect(() => {
    if (!open) return;
    if (!listening) {
      window.addEventListener('keydown', onKeyDown);
      listening = true;
    }
    const entry = { id: ++nextId, close: () => latest.current() };
    stack.push(entry);
    return () => {
      const at = stack.findIndex((e) => e.id === entry.id);
      if (at >= 0) stack.splice(at, 1);
    };
  }, [open]);
}
