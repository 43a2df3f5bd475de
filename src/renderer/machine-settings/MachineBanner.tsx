import { useAppStore } from '../store';

/**
 * IT's settings file has a problem: say which file and which field, and what still applies,
 * so the librarian can tell IT exactly what to fix. Shown on every screen.
 */
export function MachineBanner() {
  const machine = useAppStore((s) => s.machine);
  if (!machine?.problem) return null;
  return (
    <div className="machine-banner" role="alert" data-testid="machine-banner">
      <strong>Some of IT's settings for this PC were not applied.</strong> In <code>{machine.path}</code>, at <code>{machine.problem.field}</code>:{' '}
      {machine.problem.message}. {machine.backendUrl ? 'The rest of the file applies' : "The file names no usable chat service, so sign in to your library's"}; please tell your IT
      department.
    </div>
  );
}

/** "Set by your IT department", beside a value the desk cannot change. */
export function LockedByIt({ what }: { what: string }) {
  return (
    <span className="locked" title={`${what} is set by your IT department`} data-testid="locked">
      set by IT
    </span>
  );
}
