import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A modal dialog (the native <dialog>: focus stays inside, Escape closes it). The hand-offs'
 * dialogs (transfer, ticket) open over the board, so the chat stays in view behind them.
 */
export function Dialog({ title, onClose, children, testId }: { title: string; onClose(): void; children: ReactNode; testId: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="handoff-dialog"
      data-testid={testId}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      // Escape closes this dialog only, not also the newest drawer or panel behind it (../workspace/escape.ts).
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        onClose();
      }}
    >
      <header>
        <h2>{title}</h2>
        <button type="button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}
