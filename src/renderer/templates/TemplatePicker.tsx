import type { Chat } from '../../shared/chats/schemas';
import type { Template } from '../../shared/templates/schemas';
import { filled } from '../chats/template-vars';
import { useAppStore } from '../store';

export const PICKER_ID = 'template-picker';
export const optionId = (template: Template) => `template-option-${template.id.replace(/\./g, '-')}`;

/**
 * The slash picker under the reply box: `/still` lists templates whose shortcut starts so (then
 * those whose name holds the words). The reply box keeps the focus and drives it (↑ ↓ Enter
 * Escape) as a combobox; a click works too.
 */
export function TemplatePicker({ chat, matches, active, onPick }: { chat: Chat; matches: readonly Template[]; active: number; onPick(template: Template): void }) {
  const state = useAppStore.getState();
  if (matches.length === 0) {
    return (
      <p className="picker-empty hint" id={PICKER_ID} data-testid="template-picker">
        No template matches. Escape closes the list.
      </p>
    );
  }
  return (
    <ul className="template-picker" id={PICKER_ID} role="listbox" aria-label="Message templates" data-testid="template-picker">
      {matches.slice(0, 8).map((template, i) => (
        <li
          key={template.id}
          id={optionId(template)}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : ''}
          data-testid="template-option"
          data-template={template.id}
          onMouseDown={(e) => {
            // Keep the focus in the reply box.
            e.preventDefault();
            onPick(template);
          }}
        >
          <span className="template-label">
            {template.shortcut && <kbd>/{template.shortcut}</kbd>} {template.label}
          </span>
          <span className="template-preview">{filled(state, chat, template)}</span>
        </li>
      ))}
    </ul>
  );
}
