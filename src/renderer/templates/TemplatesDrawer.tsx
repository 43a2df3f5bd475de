import { useMemo, useState } from 'react';
import type { Chat } from '../../shared/chats/schemas';
import { unfilledVariables } from '../../shared/templates/fill';
import { matchTemplates } from '../../shared/templates/select';
import type { TemplateCategory } from '../../shared/templates/schemas';
import { sendText } from '../chats/send';
import { filled, useTemplates } from '../chats/template-vars';
import { useAppStore } from '../store';

const CATEGORY_NAMES: Record<TemplateCategory, string> = {
  greeting: 'Greeting',
  campus: 'Another campus',
  wait: 'While you look',
  followup: 'Follow-up',
  check: 'Checking',
  closing: 'Closing',
  silence: 'Silent patron',
  interview: 'Reference interview',
  abuse: 'Abusive patron',
  crisis: 'Crisis',
  handoff: 'Hand-off',
  other: 'Other',
};

/**
 * Every message template for this chat's campus, filled in for this patron: Insert puts one in
 * the reply to edit, Send sends it as it is. The filter box takes words or a shortcut.
 */
export function TemplatesDrawer({ chat, mine }: { chat: Chat; mine: boolean }) {
  const myCampus = useAppStore((s) => s.session?.operator?.campus ?? null);
  // "Answering for another campus" is for other campuses' patrons only.
  const templates = useTemplates(chat.campus).filter((t) => t.category !== 'campus' || chat.campus !== myCampus);
  const [query, setQuery] = useState('');
  const matches = useMemo(() => matchTemplates(templates, query), [templates, query]);
  const state = useAppStore.getState();
  const groups = useMemo(() => {
    const byCategory = new Map<TemplateCategory, typeof matches>();
    for (const template of matches) byCategory.set(template.category, [...(byCategory.get(template.category) ?? []), template]);
    return [...byCategory];
  }, [matches]);
  return (
    <section className="drawer templates-drawer" data-testid="templates-drawer" aria-label="Message templates">
      <input type="search" data-testid="templates-filter" autoFocus aria-label="Filter templates" placeholder="Filter: words or a /shortcut" value={query} onChange={(e) => setQuery(e.target.value.replace(/^\//, ''))} />
      {groups.length === 0 && <p className="hint">No template matches.</p>}
      {groups.map(([category, list]) => (
        <div key={category} className="template-group">
          <h3>{CATEGORY_NAMES[category]}</h3>
          <ul>
            {list.map((template) => {
              const text = filled(state, chat, template);
              return (
                <li key={template.id} data-testid="template-row" data-template={template.id}>
                  <span className="template-label">
                    {template.label}
                    {template.shortcut && <kbd>/{template.shortcut}</kbd>}
                  </span>
                  <span className="template-preview">{text}</span>
                  {mine && (
                    <span className="row-actions">
                      <button type="button" className="small" data-testid="template-insert" onClick={() => state.insertIntoDraft(chat.id, text)}>
                        Insert
                      </button>
                      <button
                        type="button"
                        className="small"
                        data-testid="template-send"
                        disabled={unfilledVariables(text).length > 0}
                        title={unfilledVariables(text).length > 0 ? `Not known here: ${unfilledVariables(text).map((n) => `{${n}}`).join(', ')}. Insert it and fill that in.` : 'Send as it is'}
                        onClick={() => void sendText(chat.id, text)}
                      >
                        Send
                      </button>
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}
