import { useEffect, useRef, useState } from 'react';
import type { Chat } from '../../shared/chats/schemas';
import { emptyInterview, Interview, NEED_LABELS } from '../../shared/interview/schemas';
import { templateFor } from '../chats/template-vars';
import { useAppStore } from '../store';
import { isOneOf } from '../../shared/narrow';

const NEEDS = Interview.shape.need.unwrap().options;

const SAVE_AFTER_MS = 600;

/**
 * The reference interview, ticked off as it goes: campus confirmed, on or off campus (with the
 * off-campus sign-in hint, one click to send), for an assignment (class, professor), what is
 * needed. Saved with the chat's record on the backend, so it is in the transcript.
 */
export function InterviewChecklist({ chat, canEdit, campusName }: { chat: Chat; canEdit: boolean; campusName: string }) {
  const [form, setForm] = useState<Interview>(chat.interview ?? emptyInterview);
  const [saved, setSaved] = useState<'saved' | 'saving' | 'failed' | null>(null);
  const timer = useRef<number | null>(null);
  const latest = useRef(form);
  const save = () => {
    timer.current = null;
    setSaved('saving');
    void useAppStore
      .getState()
      .callOutcome('interview.set', { chatId: chat.id, interview: latest.current })
      .then((outcome) => setSaved(outcome.ok ? 'saved' : 'failed'));
  };
  // Leaving the drawer (or the chat) saves what is pending.
  useEffect(
    () => () => {
      if (timer.current !== null) {
        window.clearTimeout(timer.current);
        save();
      }
    },
    [],
  );
  const change = (patch: Partial<Interview>) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setForm(next);
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(save, SAVE_AFTER_MS);
  };
  const offCampusHint = () => {
    const text = templateFor(useAppStore.getState(), chat, (t) => t.id === 'interview.off-campus');
    if (text) useAppStore.getState().insertIntoDraft(chat.id, text);
  };

  return (
    <section className="drawer checklist" data-testid="checklist" aria-label="Reference interview">
      <fieldset disabled={!canEdit}>
        <legend>Reference interview</legend>
        <label className="check">
          <input type="checkbox" data-testid="check-campus" checked={form.campusConfirmed} onChange={(e) => change({ campusConfirmed: e.target.checked })} />
          Campus confirmed: {campusName}
        </label>
        <div className="radio-row" role="radiogroup" aria-label="On or off campus">
          <span>Where:</span>
          {(['on', 'off'] as const).map((where) => (
            <label key={where}>
              <input type="radio" name={`location-${chat.id}`} data-testid={`location-${where}`} checked={form.location === where} onChange={() => change({ location: where })} />
              {where === 'on' ? 'On campus' : 'Off campus'}
            </label>
          ))}
        </div>
        {form.location === 'off' && (
          <p className="hint" data-testid="off-campus-hint">
            Off campus, databases ask for a sign-in with the student ID and password.{' '}
            {canEdit && (
              <button type="button" className="small" data-testid="insert-off-campus" onClick={offCampusHint}>
                Tell the patron
              </button>
            )}
          </p>
        )}
        <div className="radio-row" role="radiogroup" aria-label="For an assignment">
          <span>For an assignment:</span>
          {(['yes', 'no'] as const).map((answer) => (
            <label key={answer}>
              <input type="radio" name={`assignment-${chat.id}`} data-testid={`assignment-${answer}`} checked={form.assignment === answer} onChange={() => change({ assignment: answer })} />
              {answer === 'yes' ? 'Yes' : 'No'}
            </label>
          ))}
        </div>
        {form.assignment === 'yes' && (
          <div className="two">
            <label>
              Class
              <input data-testid="check-class" value={form.className} maxLength={120} onChange={(e) => change({ className: e.target.value })} />
            </label>
            <label>
              Professor
              <input data-testid="check-professor" value={form.professor} maxLength={120} onChange={(e) => change({ professor: e.target.value })} />
            </label>
          </div>
        )}
        <div className="two">
          <label>
            What is needed
            <select data-testid="check-need" value={form.need} onChange={(e) => isOneOf(NEEDS, e.target.value) && change({ need: e.target.value })}>
              {NEEDS.map((need) => (
                <option key={need} value={need}>
                  {NEED_LABELS[need]}
                </option>
              ))}
            </select>
          </label>
          {(form.need === 'database' || form.need === 'other') && (
            <label>
              {form.need === 'database' ? 'Which database' : 'What'}
              <input data-testid="check-need-detail" value={form.needDetail} maxLength={120} placeholder={form.need === 'database' ? 'CINAHL' : ''} onChange={(e) => change({ needDetail: e.target.value })} />
            </label>
          )}
        </div>
        <label>
          Note
          <textarea data-testid="check-note" rows={2} value={form.note} maxLength={1000} onChange={(e) => change({ note: e.target.value })} />
        </label>
      </fieldset>
      <p className="hint" role="status" data-testid="checklist-saved">
        {!canEdit ? 'Only the librarian who holds the chat records the interview.' : saved === 'saving' ? 'Saving…' : saved === 'saved' ? 'Saved with the chat.' : saved === 'failed' ? 'Not saved: see the notice.' : 'Saved with the chat as you go.'}
      </p>
    </section>
  );
}
