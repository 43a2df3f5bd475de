import { useMemo, useState } from 'react';
import { campusesHomeFirst } from '../../shared/chats/selectors';
import { patronLabel } from '../../shared/chats/labels';
import type { Chat } from '../../shared/chats/schemas';
import { whoIsOn } from '../../shared/presence/who-is-on';
import { MAX_TEXT_CHARS } from '../../shared/protocol/common';
import type { Operator } from '../../shared/session/schemas';
import type { TransferState } from '../../shared/transfers/schemas';
import { latestOfferOf } from '../../shared/transfers/selectors';
import { useNow } from '../clock';
import { Thread } from '../notes/NotesPanel';
import { useAppStore } from '../store';
import { Dialog } from './Dialog';

const CLOSED_TEXT: Record<TransferState, string> = {
  pending: 'waiting',
  accepted: 'accepted the chat',
  declined: 'declined',
  expired: 'did not answer in time',
  cancelled: 'offer withdrawn',
};

/**
 * Hand the chat to a colleague: everyone online, the patron's campus first, each with how many
 * chats they hold; ask first with an internal note and read the answer here; then offer it, and
 * watch the offer until it is accepted, declined or runs out. Or put it in a campus's queue.
 */
export function TransferDialog({ chat, me, onClose }: { chat: Chat; me: Operator; onClose(): void }) {
  const desk = useAppStore((s) => s.desk);
  const groups = useMemo(() => whoIsOn(desk, chat.campus), [desk, chat.campus]);
  const [picked, setPicked] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [queueCampus, setQueueCampus] = useState(chat.campus);
  const [queueNote, setQueueNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const offer = useAppStore((s) => latestOfferOf(s.desk, chat.id, me.id));
  const now = useNow();
  const campusName = (id: string) => desk.campuses.find((c) => c.id === id)?.name ?? id;
  const pickedOp = picked ? desk.operators[picked] : undefined;
  const pending = offer?.state === 'pending' ? offer : null;

  const run = async (work: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    setBusy(true);
    const outcome = await work();
    setBusy(false);
    setError(outcome.ok ? null : (outcome.error?.message ?? 'refused'));
  };
  const { callQuietly } = useAppStore.getState();
  const offerIt = () => picked && run(() => callQuietly('transfer.offer', { chatId: chat.id, to: picked, note: note.trim() }));
  const withdraw = () => pending && run(() => callQuietly('transfer.cancel', { offerId: pending.id }));
  const toQueue = () =>
    run(async () => {
      const outcome = await callQuietly('transfer.queue', { chatId: chat.id, campus: queueCampus, note: queueNote.trim() });
      if (outcome.ok) onClose();
      return outcome;
    });

  return (
    <Dialog title={`Transfer ${patronLabel(chat)} (${campusName(chat.campus)})`} onClose={onClose} testId="transfer-dialog">
      {pending ? (
        <section className="offer-status" data-testid="offer-pending" role="status">
          <p>
            Offered to <strong>{pending.to.name}</strong> ({campusName(pending.to.campus)}): waiting for them to accept,{' '}
            <span data-testid="offer-countdown">{Math.max(0, Math.ceil((pending.expiresAt - now) / 1000))} s</span> left. The chat stays with you until then.
          </p>
          <button type="button" data-testid="withdraw-offer" onClick={withdraw} disabled={busy}>
            Withdraw the offer
          </button>
        </section>
      ) : (
        offer &&
        offer.state !== 'accepted' && (
          <p className="offer-closed" data-testid="offer-closed" data-state={offer.state} role="status">
            {offer.to.name}: {CLOSED_TEXT[offer.state]}
            {offer.state === 'declined' && offer.reason ? ` (“${offer.reason}”)` : ''}. The chat is still yours.
          </p>
        )
      )}
      <section aria-label="Librarians on shift">
        <h3>Librarians on shift</h3>
        {/* A list of toggle buttons (one pressed at a time): a listbox would need its options as direct children. */}
        <ul className="transfer-operators" aria-label="Pick a librarian">
          {groups.map((group) =>
            group.operators
              .filter((op) => op.id !== me.id)
              .map((op) => (
                <li key={op.id}>
                  <button
                    type="button"
                    aria-pressed={picked === op.id}
                    className={picked === op.id ? 'picked' : ''}
                    data-testid={`transfer-to-${op.id}`}
                    disabled={op.presence !== 'online' || pending !== null}
                    onClick={() => setPicked(op.id)}
                  >
                    <span className={`dot ${op.presence}`} aria-hidden="true" />
                    <span className="who-name">{op.name}</span>
                    <span className="campus-tag">
                      {group.campusName}
                      {group.campusId === chat.campus ? ' (patron’s campus)' : ''}
                    </span>
                    <span className="who-load">
                      {op.presence === 'away' ? 'away' : `${op.openChats} ${op.openChats === 1 ? 'chat' : 'chats'}`}
                    </span>
                  </button>
                </li>
              )),
          )}
        </ul>
        {groups.every((g) => g.operators.every((op) => op.id === me.id)) && <p className="hint">Nobody else is online: send the chat to a campus queue, or make a ticket.</p>}
      </section>
      {pickedOp && !pending && (
        <section className="ask-first" aria-label={`Ask ${pickedOp.name}`}>
          <h3>Ask {pickedOp.name} first (optional)</h3>
          <Thread thread={`op:${pickedOp.id}`} me={me} about={chat.id} compact />
          <label>
            Note with the offer
            <textarea
              data-testid="offer-note"
              value={note}
              maxLength={MAX_TEXT_CHARS}
              rows={2}
              placeholder="What they should know: what the patron needs, what you tried"
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          <button type="button" className="primary" data-testid="offer-transfer" onClick={offerIt} disabled={busy}>
            Offer the chat to {pickedOp.name}
          </button>
        </section>
      )}
      <section className="to-queue" aria-label="Send to a campus queue">
        <h3>Or send it to a campus queue</h3>
        <p className="hint">It waits there again and rings that campus’s librarians first. Whoever takes it reads your note in the chat (never the patron).</p>
        <select value={queueCampus} onChange={(e) => setQueueCampus(e.target.value)} data-testid="queue-campus" aria-label="Campus queue" disabled={pending !== null}>
          {campusesHomeFirst(desk.campuses, chat.campus).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <label>
          Note for whoever takes it
          <textarea
            data-testid="queue-note"
            value={queueNote}
            maxLength={MAX_TEXT_CHARS}
            rows={2}
            placeholder="What they should know: what the patron needs, what you tried"
            disabled={pending !== null}
            onChange={(e) => setQueueNote(e.target.value)}
          />
        </label>
        <button type="button" data-testid="send-to-queue" onClick={toQueue} disabled={busy || pending !== null}>
          Send to queue
        </button>
      </section>
      {error && (
        <p className="error" role="alert" data-testid="transfer-error">
          {error}
        </p>
      )}
    </Dialog>
  );
}
