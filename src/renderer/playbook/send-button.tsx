import { useState } from 'react';
import type { Chat } from '../../shared/chats/schemas';
import { unfilledVariables } from '../../shared/templates/fill';
import type { Template } from '../../shared/templates/schemas';
import { sendText } from '../chats/send';
import { filled } from '../chats/template-vars';
import { useAppStore } from '../store';
import { missingFacts, missingFactsSentence } from './missing-facts';

/**
 * One click sends a template, filled in for this patron. A template missing a fact (a campus
 * page nobody entered) cannot be sent, and says which fact in words on the button itself.
 */
export function SendTemplateButton({ chat, template, disabled = false }: { chat: Chat; template: Template; disabled?: boolean }) {
  const [sent, setSent] = useState(false);
  const state = useAppStore.getState();
  const text = filled(state, chat, template);
  const missing = unfilledVariables(text);
  const campusName = state.desk.campuses.find((c) => c.id === chat.campus)?.name ?? chat.campus;
  return (
    <button
      type="button"
      className="small send-template"
      data-testid={`send-${template.id}`}
      data-missing={missing.length > 0 ? missing.join(' ') : undefined}
      disabled={disabled || missing.length > 0}
      title={missing.length > 0 ? missingFactsSentence(missing, campusName) : text}
      onClick={() => void sendText(chat.id, text).then((ok) => setSent(ok))}
    >
      {template.label}
      {sent ? ' ✓' : ''}
      {missing.length > 0 && (
        <span className="missing-fact" data-testid="missing-fact">
          {' '}
          (no {missingFacts(missing)} in the directory)
        </span>
      )}
    </button>
  );
}
