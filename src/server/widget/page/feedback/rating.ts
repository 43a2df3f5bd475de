/**
 * At the end of a chat a librarian answered, the patron may rate it (1 to 5, and a comment if
 * they like) or skip. Sent once, on a connection of its own (the chat's socket is closed by
 * then) that names the chat with its resume token; the backend refuses a second rating.
 */
import { PROTOCOL_VERSION } from '../../../../shared/protocol/common';
import { PatronClientFrame } from '../../../../shared/protocol/patron';
import type { EndOfChat } from '../chats/end-of-chat';
import { element, newClientId } from '../dom';
import { sendOnce } from '../one-shot';
import type { FrameOf } from '../part';
import type { PatronSocket } from '../socket';

export class RatingForm {
  private readonly ui = {
    form: element('rating-form', HTMLFormElement),
    comment: element('rating-comment', HTMLTextAreaElement),
    send: element('rating-send', HTMLButtonElement),
    skip: element('rating-skip', HTMLButtonElement),
    error: element('rating-error'),
    done: element('rating-done'),
  };
  /** A librarian took the chat at some point: there is someone to rate. */
  private answered = false;
  /** The chat became a ticket: the conversation goes on by email, not rated here. */
  private ticketed = false;
  private readonly id = newClientId();
  private sending = false;

  constructor(
    private readonly socket: PatronSocket,
    end: EndOfChat,
  ) {
    end.onEnded(() => this.offer());
    this.ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.ui.skip.addEventListener('click', () => this.close('No problem. Thank you for chatting with us.'));
    this.ui.form.addEventListener('change', () => (this.ui.error.hidden = true));
  }

  readonly status = (status: FrameOf<'status'>): void => {
    if (status.state === 'claimed' || status.operatorName) this.answered = true;
    if (status.ticket) this.ticketed = true;
  };

  private offer(): void {
    if (!this.answered || this.ticketed || !this.socket.saved) return;
    // Between "This chat has ended" and Start a new chat, which the end then scrolls into view.
    this.ui.form.hidden = false;
  }

  private rating(): number | null {
    const picked = this.ui.form.querySelector<HTMLInputElement>('input[name=rating]:checked');
    return picked ? Number(picked.value) : null;
  }

  private async submit(): Promise<void> {
    const saved = this.socket.saved;
    const rating = this.rating();
    if (this.sending || !saved) return;
    if (rating === null) return this.fail('Pick a rating from 1 to 5, or Skip.');
    const checked = PatronClientFrame.safeParse({ type: 'rate', v: PROTOCOL_VERSION, id: this.id, chat: { chatId: saved.chatId, token: saved.token }, rating, comment: this.ui.comment.value });
    if (!checked.success || checked.data.type !== 'rate') return this.fail(`Your comment: ${checked.success ? 'invalid' : (checked.error.issues[0]?.message ?? 'invalid')}`);
    this.sending = true;
    this.ui.send.disabled = true;
    this.ui.error.hidden = true;
    try {
      const answer = await sendOnce(checked.data, ['rated'] as const);
      // The form shows only after the end, so a conflict here is a rating already kept (from another tab, say).
      if (answer.type === 'error') return answer.code === 'conflict' ? this.close('This chat has been rated already. Thank you!') : this.fail(`The rating was not sent: ${answer.message}`);
      this.close('Thank you for your rating!');
    } catch {
      this.fail('The rating could not be sent: check the connection and try again.');
    } finally {
      this.sending = false;
      this.ui.send.disabled = false;
    }
  }

  private fail(message: string): void {
    this.ui.error.textContent = message;
    this.ui.error.hidden = false;
  }

  private close(message: string): void {
    this.ui.form.hidden = true;
    this.ui.done.textContent = message;
    this.ui.done.hidden = false;
  }
}
