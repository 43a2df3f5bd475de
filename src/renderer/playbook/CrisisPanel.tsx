import { useEffect } from 'react';
import { knownPatronName } from '../../shared/chats/labels';
import type { Chat } from '../../shared/chats/schemas';
import { useTemplates } from '../chats/template-vars';
import { useAppStore } from '../store';
import { useCrisisUsed } from './crisis-used';
import { SendTemplateButton } from './send-button';

/**
 * A patron in crisis. For the patron: every resource one click away (911 or the emergency
 * department, 741741, 988, 211 and the further lines), each a template an administrator keeps.
 * For the librarian: what is known of the patron, ready for a call to 988 or 911; campus
 * safety and the director from the directory; the do's and don'ts; a note of support afterwards.
 */
export function CrisisPanel({ chat, mine }: { chat: Chat; mine: boolean }) {
  const templates = useTemplates(chat.campus).filter((t) => t.category === 'crisis');
  const campus = useAppStore((s) => s.desk.campuses.find((c) => c.id === chat.campus) ?? null);
  const forPatron = templates.filter((t) => t.audience === 'patron');
  const guides = templates.filter((t) => t.audience === 'librarian');
  const guide = guides.find((t) => t.id === 'crisis.guide') ?? guides[0];
  const support = guides.find((t) => t.id === 'crisis.support');
  const known = [
    ['Name', knownPatronName(chat) ?? 'not given'],
    ['Email', chat.patronEmail || 'not given'],
    ['Phone', chat.patronPhone || 'not given'],
    ['Campus', campus?.name ?? chat.campus],
    ['Encounter', chat.encounterId],
  ] as const;
  // Opened for this chat: its silent patron is never nudged toward a polite close.
  useEffect(() => useCrisisUsed.getState().mark(chat.id), [chat.id]);
  const copyKnown = () => void navigator.clipboard?.writeText(known.map(([k, v]) => `${k}: ${v}`).join('\n')).catch(() => undefined);

  return (
    <section className="drawer crisis" data-testid="crisis-panel" aria-label="Crisis">
      <h3>For the patron: one click sends</h3>
      <div className="button-grid">
        {forPatron.map((template) => (
          <SendTemplateButton key={template.id} chat={chat} template={template} disabled={!mine || chat.state === 'ended'} />
        ))}
      </div>
      <h3>For you</h3>
      {guide && (
        <ul className="guide" data-testid="crisis-guide">
          {guide.text.split('\n').map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <div className="call-card" data-testid="crisis-known">
        <p>
          <strong>What you know, ready for the call:</strong>
        </p>
        <dl>
          {known.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <button type="button" className="small" onClick={copyKnown}>
          Copy these details
        </button>
      </div>
      <dl className="contacts">
        <div>
          <dt>Campus public safety</dt>
          <dd data-testid="crisis-public-safety">{campus?.publicSafetyPhone || 'not in the directory'}</dd>
        </div>
        <div>
          <dt>Library director</dt>
          <dd>{[campus?.directorName, campus?.directorEmail].filter(Boolean).join(', ') || 'not in the directory'}</dd>
        </div>
        <div>
          <dt>Campus counseling</dt>
          <dd data-testid="crisis-counseling">
            {campus?.counselingUrl ? (
              <a href={campus.counselingUrl} target="_blank" rel="noopener noreferrer">
                {campus.counselingUrl}
              </a>
            ) : (
              'no counseling page in the directory'
            )}
            {campus?.counselingPhone ? `, ${campus.counselingPhone}` : ''}
          </dd>
        </div>
      </dl>
      {support && (
        <p className={`support ${chat.state === 'ended' ? 'shown' : ''}`} data-testid="crisis-support">
          <strong>{support.label}:</strong> {support.text}
        </p>
      )}
    </section>
  );
}
