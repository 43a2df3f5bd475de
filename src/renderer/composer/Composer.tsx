import { type FormEvent, type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { MAX_TEXT_CHARS } from '../../shared/api';
import type { Chat } from '../../shared/chats/schemas';
import { chunksToOffer } from '../../shared/composer/chunks';
import { draftWarnings, labelAllBareLinks, labelBareLink } from '../../shared/composer/draft-check';
import { matchTemplates, slashQuery } from '../../shared/templates/select';
import type { Template } from '../../shared/templates/schemas';
import { sendLines } from '../chats/send';
import { filled, useTemplates } from '../chats/template-vars';
import { useAppStore } from '../store';
import { PICKER_ID, optionId, TemplatePicker } from '../templates/TemplatePicker';
import { useFocusTarget } from '../workspace/focus';
import { LinkDialog } from './LinkDialog';
import { useTypingSignal } from './typing';

/**
 * The reply box: Enter sends, Shift+Enter makes a new line. Before a message goes it is checked:
 * a bare link is flagged with a one-click fix that labels it, a holiday greeting and an unfilled
 * {variable} are pointed out (Send again sends anyway); a long reply is offered as chunks; `/`
 * opens the template picker. The patron sees that the librarian is typing.
 */
export function Composer({ chat }: { chat: Chat }) {
  const draft = useAppStore((s) => s.drafts[chat.id] ?? '');
  const { setDraft } = useAppStore.getState();
  const box = useRef<HTMLTextAreaElement>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  /** The draft the librarian already saw warnings for: sending it again sends it anyway. */
  const [warned, setWarned] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [pickerClosed, setPickerClosed] = useState<string | null>(null);
  const typing = useTypingSignal(chat.id, true);
  useFocusTarget('composer', box);

  const templates = useTemplates(chat.campus);
  const query = slashQuery(draft);
  const pickerOpen = query !== null && pickerClosed !== draft;
  const matches = useMemo(() => (query === null ? [] : matchTemplates(templates, query)), [templates, query]);
  const warnings = useMemo(() => draftWarnings(draft), [draft]);
  const chunks = useMemo(() => chunksToOffer(draft), [draft]);
  const bare = warnings.filter((w) => w.kind === 'bare-link');

  const change = (text: string) => {
    setDraft(chat.id, text);
    setActive(0);
    typing.typed(text);
  };

  const send = async (lines: readonly string[]) => {
    const text = draft;
    setDraft(chat.id, '');
    setWarned(null);
    typing.stopped();
    box.current?.focus();
    const ok = await sendLines(chat.id, lines);
    // Refused: the reply comes back to this chat's box, unless the librarian wrote something new meanwhile.
    if (!ok && !useAppStore.getState().drafts[chat.id]) setDraft(chat.id, text);
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const text = draft.trim();
    if (text === '') return;
    if (warnings.length > 0 && warned !== draft) {
      setWarned(draft);
      return;
    }
    void send([text]);
  };

  const pick = (template: Template) => {
    setDraft(chat.id, filled(useAppStore.getState(), chat, template));
    setPickerClosed(null);
    box.current?.focus();
  };

  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (pickerOpen && matches.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + step + Math.min(8, matches.length)) % Math.min(8, matches.length));
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const chosen = matches[Math.min(active, matches.length - 1)];
        if (chosen) pick(chosen);
        return;
      }
    }
    if (pickerOpen && event.key === 'Escape') {
      event.preventDefault();
      setPickerClosed(draft);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const insertLink = (text: string) => {
    const el = box.current;
    const at = el ? el.selectionStart : draft.length;
    const end = el ? el.selectionEnd : draft.length;
    const before = draft.slice(0, at);
    const spaced = `${before}${before === '' || /\s$/.test(before) ? '' : ' '}${text}`;
    setDraft(chat.id, `${spaced}${draft.slice(end)}`.slice(0, MAX_TEXT_CHARS));
    setLinkOpen(false);
    requestAnimationFrame(() => box.current?.focus());
  };

  const showWarnings = warned === draft && warnings.length > 0;
  const activeOption = pickerOpen ? matches[Math.min(active, matches.length - 1)] : undefined;
  return (
    <>
    <form className="composer" onSubmit={submit} data-testid="composer-form">
      {pickerOpen && <TemplatePicker chat={chat} matches={matches} active={active} onPick={pick} />}
      {bare.length > 0 && (
        <div className="draft-flag" data-testid="bare-link-flag" role="status">
          {bare.length === 1 ? 'A link is pasted bare' : `${bare.length} links are pasted bare`}: the patron should see a label, not an address.{' '}
          {bare.map((link) => (
            <button key={link.index} type="button" className="small" data-testid="label-link" onClick={() => setDraft(chat.id, labelBareLink(draft, link, link.label))}>
              Label it “{link.label}”
            </button>
          ))}
          {bare.length > 1 && (
            <button type="button" className="small" onClick={() => setDraft(chat.id, labelAllBareLinks(draft))}>
              Label all
            </button>
          )}
        </div>
      )}
      {showWarnings && (
        <div role="alert">
        <ul className="draft-warnings" data-testid="draft-warnings">
          {warnings.map((w, i) => (
            <li key={i}>
              {w.kind === 'bare-link'
                ? `Bare link: ${w.raw.slice(0, 60)}`
                : w.kind === 'holiday'
                  ? `“${w.phrase}” is a holiday greeting: the guide asks for none (a warm closing, or “drive carefully” in bad weather, is fine).`
                  : `{${w.name}} is not filled in: nobody here knows it yet.`}
            </li>
          ))}
          <li>Press Enter or Send again to send it anyway.</li>
        </ul>
        </div>
      )}
      {chunks && (
        <p className="chunk-offer" data-testid="chunk-offer">
          A long reply: chat reads better in short messages.{' '}
          <button type="button" className="small" data-testid="send-chunks" onClick={() => void send(chunks)}>
            Send as {chunks.length} messages
          </button>
        </p>
      )}
      <div className="composer-row">
        <label htmlFor={`composer-${chat.id}`} className="visually-hidden">
          Reply to the patron
        </label>
        <textarea
          id={`composer-${chat.id}`}
          ref={box}
          data-testid="composer"
          value={draft}
          maxLength={MAX_TEXT_CHARS}
          placeholder="Reply. Enter sends, Shift+Enter new line, / for templates."
          aria-controls={pickerOpen ? PICKER_ID : undefined}
          aria-autocomplete="list"
          aria-activedescendant={activeOption ? optionId(activeOption) : undefined}
          onChange={(e) => change(e.target.value)}
          onKeyDown={onKey}
          onBlur={() => typing.stopped()}
          rows={3}
        />
        <div className="composer-buttons">
          <button type="submit" className="primary" data-testid="send" disabled={!draft.trim()}>
            {showWarnings ? 'Send anyway' : 'Send'}
          </button>
          <button type="button" data-testid="insert-link" onClick={() => setLinkOpen(true)}>
            Link…
          </button>
        </div>
      </div>
    </form>
      {/* Outside the reply's form: a form may not hold another. */}
      {linkOpen && (
        <LinkDialog
          onInsert={insertLink}
          onClose={() => {
            setLinkOpen(false);
            box.current?.focus();
          }}
        />
      )}
    </>
  );
}
