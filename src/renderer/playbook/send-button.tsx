import { useState } from 'react';
import type { Chat } from '../../shared/chats/schemas';
import { unfilledVariables } from '../../shared/templates/fill';
import type { Template } from '../../shared/templates/schemas';
import { sendText } from '../chats/send';
import { filled } from '../chats/template-vars';
import { useAppStore } from '../store';

/** One click sends a template, filled in for this patron; a template missing a fact (a campus page nobody entered) says so instead. */
export function SendTemplateButton({ chat, template, disabled = false }: { chat: Chat; template: Template; disabled?: boolean }) {
  const [sent, setSent] = useState(false);
  const text = filled(useAppStore.getState(), chat, template);
  const missing = unfilledVariables(text);
  return (
    <button
      type="button"
      className="small send-template"
      data-testid={`send-${template.id}`}
      disabled={disabled || missing.length > 0}
      title={missing.length > 0 ? `Not in the directory for this campus: ${missing.map((n) => `{${n}}`).join(', ')}` : text}
      onClick={() => void sendText(chat.id, text).then((ok) => setSent(ok))}
    >
      {template.label}
      {sent ? ' ✓' : ''}
    </button>
  );
}
