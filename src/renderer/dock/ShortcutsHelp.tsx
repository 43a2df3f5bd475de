import { OTHER_KEYS, SHORTCUTS } from '../workspace/shortcuts';
import { usePanels } from './registry';

/** Every keyboard shortcut: the desk's own list and the ones the panels bring, as the handler reads them. */
export function ShortcutsHelp() {
  const panels = usePanels();
  const rows = [
    ...SHORTCUTS.map((s) => ({ keys: s.keys, does: s.does })),
    ...panels.flatMap((p) => (p.shortcut ? [{ keys: p.shortcut.keys, does: p.shortcut.does }] : [])),
    ...OTHER_KEYS,
  ];
  return (
    <section className="shortcuts" data-testid="shortcuts-help" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {rows.map((row) => (
            <tr key={row.keys}>
              <th scope="row">
                <kbd>{row.keys}</kbd>
              </th>
              <td>{row.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
