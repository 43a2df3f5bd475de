import { useAppStore } from '../store';
import { useEscapeToClose } from './escape';
import { OTHER_KEYS, SHORTCUTS } from './shortcuts';

/** Every keyboard shortcut, from the one list the handler uses. */
export function ShortcutsHelp() {
  const close = () => useAppStore.getState().closeSidePanel('shortcuts');
  useEscapeToClose(true, close);
  return (
    <aside className="side-panel shortcuts" data-testid="shortcuts-help" aria-labelledby="shortcuts-title">
      <header>
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <button type="button" onClick={close} aria-label="Close keyboard shortcuts" autoFocus>
          ×
        </button>
      </header>
      <table>
        <tbody>
          {[...SHORTCUTS.map((s) => ({ keys: s.keys, does: s.does })), ...OTHER_KEYS].map((row) => (
            <tr key={row.keys}>
              <th scope="row">
                <kbd>{row.keys}</kbd>
              </th>
              <td>{row.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}
