import { useState } from 'react';
import type { Chat } from '../../shared/chats/schemas';
import { DELIVERY_TEXT } from '../../shared/incidents/schemas';
import { sendText } from '../chats/send';
import { filled, useTemplates } from '../chats/template-vars';
import { useAppStore } from '../store';
import { IncidentDialog } from './IncidentDialog';
import { SendTemplateButton } from './send-button';

/**
 * An abusive or threatening patron: the notices one click each (the transcript is saved, a
 * ticket to the director), the chat ended under the acceptable-use policy, and the incident
 * report to the campus director. Campus public safety's number is here for when anyone is in danger.
 */
export function AbusePanel({ chat, mine }: { chat: Chat; mine: boolean }) {
  const all = useTemplates(chat.campus);
  const templates = all.filter((t) => t.category === 'abuse' && t.audience === 'patron');
  const emergency = all.find((t) => t.id === 'crisis.911');
  const campus = useAppStore((s) => s.desk.campuses.find((c) => c.id === chat.campus) ?? null);
  const meId = useAppStore((s) => s.session?.operator?.id ?? null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [reporting, setReporting] = useState(false);
  const policyEnd = templates.find((t) => t.id === 'abuse.policy-end');
  const notices = templates.filter((t) => t.id !== 'abuse.policy-end');
  const open = mine && chat.state !== 'ended';
  const held = chat.claimedBy?.id === meId;

  const endUnderPolicy = async () => {
    if (!confirmEnd) return setConfirmEnd(true);
    setConfirmEnd(false);
    if (policyEnd) await sendText(chat.id, filled(useAppStore.getState(), chat, policyEnd));
    await useAppStore.getState().call('chat.end', { chatId: chat.id, policy: true });
  };

  return (
    <section className="drawer abuse" data-testid="abuse-panel" aria-label="Abusive patron">
      <p className="hint">Stay calm and brief. If it turns abusive or threatening:</p>
      <div className="button-grid">
        {notices.map((template) => (
          <SendTemplateButton key={template.id} chat={chat} template={template} disabled={!open} />
        ))}
        <button type="button" className={`small ${confirmEnd ? 'danger' : ''}`} data-testid="end-under-policy" disabled={!open} onClick={() => void endUnderPolicy()} onBlur={() => setConfirmEnd(false)}>
          {confirmEnd ? 'Really end it under the policy?' : 'End the chat under the policy'}
        </button>
        <button type="button" className="small" data-testid="report-incident" disabled={!held} onClick={() => setReporting(true)}>
          Report the incident to the director…
        </button>
      </div>
      <p className="safety" data-testid="public-safety">
        In danger? Campus public safety: <strong>{campus?.publicSafetyPhone || 'not in the directory'}</strong>
        {emergency ? `. Emergency: ${emergency.label}.` : '.'}
      </p>
      {chat.incidents.length > 0 && (
        <ul className="incidents" data-testid="incidents">
          {chat.incidents.map((incident) => (
            <li key={incident.id} data-testid="incident" data-delivery={incident.delivery}>
              {incident.id}: {DELIVERY_TEXT[incident.delivery]}
            </li>
          ))}
        </ul>
      )}
      {reporting && <IncidentDialog chat={chat} onClose={() => setReporting(false)} />}
    </section>
  );
}
