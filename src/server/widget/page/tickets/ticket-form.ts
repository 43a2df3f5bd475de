/**
 * Tickets from the patron's page: the offer after a minute of waiting, the form (after the
 * offer, after a chat that dropped before a librarian came, or outside the chat hours), and its
 * own one-off connection, whose frame names the chat by its resume token.
 */
import { PROTOCOL_VERSION } from '../../../../shared/protocol/common';
import { PatronClientFrame } from '../../../../shared/protocol/patron';
import type { Conversation } from '../chats/conversation';
import type { EndOfChat } from '../chats/end-of-chat';
import { element, newClientId, showNotice } from '../dom';
import type { FrameOf } from '../part';
import { sendOnce } from '../one-shot';
import type { PatronSocket } from '../socket';

/** Why the ticket form is open: the 60 s offer, a chat that dropped, or the chat hours are over. */
export type TicketMode = 'offer' | 'dropped' | 'closed';

const TICKET_INTRO: Record<TicketMode, string> = {
  offer: 'Leave your email and your question: a librarian will reply by email. Your chat ends when the ticket is sent.',
  dropped: 'Your chat was disconnected before a librarian joined. Leave your email and your question, and a librarian will reply by email.',
  closed: 'Leave your name, email and question, and a librarian will reply by email.',
};

export class TicketForm {
  private readonly ui = {
    offer: element('ticket-offer'),
    keepWaiting: element('keep-waiting', HTMLButtonElement),
    leaveTicket: element('leave-ticket', HTMLButtonElement),
    startForm: element('start-form', HTMLFormElement),
    form: element('ticket-form', HTMLFormElement),
    intro: element('ticket-intro'),
    name: element('ticket-name', HTMLInputElement),
    nameLabel: element('ticket-name-label'),
    email: element('ticket-email', HTMLInputElement),
    question: element('ticket-question', HTMLTextAreaElement),
    send: element('send-ticket', HTMLButtonElement),
    cancel: element('cancel-ticket', HTMLButtonElement),
    done: element('ticket-done'),
  };
  private mode: TicketMode | null = null;
  private dismissed = false;
  /** The ticket frame's id until the server answers; a retry resends the same one (it never makes two). */
  private ticketId: string | null = null;
  private sending = false;

  constructor(
    private readonly socket: PatronSocket,
    private readonly conversation: Conversation,
    private readonly end: EndOfChat,
  ) {
    end.onEnded(() => {
      this.ui.offer.hidden = true;
    });
    this.ui.leaveTicket.addEventListener('click', () => this.show('offer'));
    this.ui.keepWaiting.addEventListener('click', () => {
      this.dismissed = true;
      this.ui.offer.hidden = true;
    });
    this.ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.ui.cancel.addEventListener('click', () => {
      this.hide();
      if (!this.end.ended) this.ui.offer.hidden = this.dismissed;
    });
  }

  /** Runs after the end of chat's: the offer while waiting; the form for a chat that dropped before anyone came. */
  readonly status = (status: FrameOf<'status'>): void => {
    this.ui.offer.hidden = !(status.state === 'waiting' && status.ticketOffered && !this.dismissed && this.mode === null);
    if (status.state !== 'ended') return;
    // Dropped before any librarian came (the connection was lost, not ended here): offer the ticket instead.
    const dropped = !this.end.leaving && !status.ticket && status.operatorName === null && (status.endReason === 'patron_left' || status.endReason === 'expired');
    if (dropped && this.mode === null) this.show('dropped');
  };

  show(mode: TicketMode): void {
    this.mode = mode;
    this.ui.offer.hidden = true;
    this.ui.startForm.hidden = true;
    this.ui.intro.textContent = TICKET_INTRO[mode];
    // With a chat, the name is the one already given; without one, it is asked here.
    const askName = mode === 'closed';
    this.ui.name.hidden = !askName;
    this.ui.nameLabel.hidden = !askName;
    this.ui.name.required = askName;
    this.ui.cancel.hidden = mode !== 'offer';
    if (!this.ui.question.value) this.ui.question.value = this.socket.saved?.question ?? this.socket.remembered.question ?? '';
    this.ui.form.hidden = false;
    this.ui.email.focus();
  }

  private hide(): void {
    this.mode = null;
    this.ui.form.hidden = true;
  }

  private submit(): void {
    if (this.sending || this.mode === null) return;
    const mode = this.mode;
    const saved = this.socket.saved;
    this.ticketId ??= newClientId();
    const chat = mode === 'closed' || !saved ? undefined : { chatId: saved.chatId, token: saved.token };
    const name = mode === 'closed' ? this.ui.name.value : (saved?.name ?? this.socket.remembered.name ?? 'Patron');
    const frame = { type: 'ticket' as const, v: PROTOCOL_VERSION, id: this.ticketId, campus: this.socket.campus, name, email: this.ui.email.value, question: this.ui.question.value, ...(chat ? { chat } : {}) };
    const checked = PatronClientFrame.safeParse(frame);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const field = { name: 'Your name', email: 'Your email', question: 'Your question' }[String(issue?.path[0])] ?? 'The form';
      showNotice(`${field}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    if (checked.data.type !== 'ticket') return;
    this.sending = true;
    this.ui.send.disabled = true;
    showNotice(null);
    sendOnce(checked.data, ['ticket_made'] as const)
      .then((answer) => {
        if (answer.type === 'error') {
          // Refused for good (a wrong field, a chat someone joined): a new try is a new ticket.
          this.ticketId = null;
          showNotice(`The ticket was not sent: ${answer.message}`);
          return;
        }
        this.hide();
        this.ui.done.textContent = answer.text;
        this.ui.done.hidden = false;
        this.conversation.setReference(answer.encounterId);
        if (mode !== 'closed') {
          this.conversation.setStatus(`This chat is now ticket ${answer.encounterId}.`);
          this.end.end();
        }
      })
      .catch(() => showNotice('The ticket could not be sent just now: please check your connection and press Send ticket again.'))
      .finally(() => {
        this.sending = false;
        this.ui.send.disabled = false;
      });
  }
}
