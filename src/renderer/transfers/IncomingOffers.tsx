import { useState } from 'react';
import { patronLabel, patronQuestion } from '../../shared/chats/labels';
import type { TransferOffer } from '../../shared/transfers/schemas';
import { offersTo } from '../../shared/transfers/selectors';
import { useNow } from '../clock';
import { useAppStore } from '../store';

/**
 * Chats colleagues offer to this librarian, at the top of the desk until answered: who offers
 * what (patron, campus, question, their note), the time left, Accept or Decline. The sound, the
 * notification and the tray come from main.
 */
export function IncomingOffers() {
  const me = useAppStore((s) => s.session?.operator ?? null);
  const transfers = useAppStore((s) => s.desk.transfers);
  if (!me) return null;
  const offers = offersTo({ transfers }, me.id);
  if (offers.length === 0) return null;
  return (
    <section className="incoming-offers" aria-label="Chats offered to you">
      {offers.map((offer) => (
        <IncomingOffer key={offer.id} offer={offer} />
      ))}
    </section>
  );
}

function IncomingOffer({ offer }: { offer: TransferOffer }) {
  const chat = useAppStore((s) => s.desk.chats[offer.chatId]);
  const campus = useAppStore((s) => s.desk.campuses.find((c) => c.id === chat?.campus)?.name ?? chat?.campus ?? '');
  const fromCampus = useAppStore((s) => s.desk.campuses.find((c) => c.id === offer.from.campus)?.name ?? offer.from.campus);
  const now = useNow();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const left = Math.max(0, Math.ceil((offer.expiresAt - now) / 1000));
  const { call, openChat } = useAppStore.getState();
  const accept = async () => {
    setBusy(true);
    const done = await call('transfer.accept', { offerId: offer.id });
    setBusy(false);
    if (done) openChat(offer.chatId);
  };
  const decline = async () => {
    setBusy(true);
    await call('transfer.decline', { offerId: offer.id, reason: reason.trim() });
    setBusy(false);
  };
  return (
    <article className="incoming-offer" role="alertdialog" aria-label={`${offer.from.name} offers you a chat`} data-testid="incoming-offer" data-offer-id={offer.id}>
      <p>
        <strong>{offer.from.name}</strong> ({fromCampus}) offers you a chat
        {chat ? (
          <>
            {' '}
            with <strong>{patronLabel(chat)}</strong> from the {campus}
          </>
        ) : null}
        .
      </p>
      {chat && (
        <p className="offer-question" data-testid="offer-question">
          “{patronQuestion(chat).slice(0, 200)}”
        </p>
      )}
      {offer.note && <p className="offer-note" data-testid="offer-note-shown">Note: {offer.note}</p>}
      <div className="actions">
        <button type="button" className="primary" data-testid="accept-offer" onClick={accept} disabled={busy}>
          Accept ({left} s)
        </button>
        {declining ? (
          <>
            <input data-testid="decline-reason" value={reason} maxLength={500} placeholder="Why (optional)" onChange={(e) => setReason(e.target.value)} />
            <button type="button" data-testid="confirm-decline" onClick={decline} disabled={busy}>
              Decline
            </button>
          </>
        ) : (
          <button type="button" data-testid="decline-offer" onClick={() => setDeclining(true)} disabled={busy}>
            Decline…
          </button>
        )}
      </div>
    </article>
  );
}
