import { useAppStore } from '../store';
import { showPanel } from './open';
import type { PanelSpec } from './panel';

/** The button that opens (or closes) one panel, with its count and shortcut. */
export function PanelOpener({ spec, open, onOpened }: { spec: PanelSpec; open: boolean; onOpened?: () => void }) {
  const badge = useAppStore((s) => spec.badge?.(s) ?? null);
  const keys = spec.shortcut?.keys;
  return (
    <button
      type="button"
      className={`small dock-opener ${spec.tone ? `tone-${spec.tone}` : ''} ${badge ? 'has-badge' : ''}`}
      aria-pressed={open}
      aria-keyshortcuts={keys?.replace('Alt+/', 'Alt+Slash')}
      title={keys ? `${spec.title} (${keys})` : (spec.hint ?? spec.title)}
      data-testid={`open-${spec.id}`}
      onClick={() => {
        showPanel(spec, { toggle: true, focus: true });
        onOpened?.();
      }}
    >
      {spec.title}
      {badge && (
        <span className="badge" data-testid={`badge-${spec.id}`}>
          {badge}
        </span>
      )}
    </button>
  );
}
