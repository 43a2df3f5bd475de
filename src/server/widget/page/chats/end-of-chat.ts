/**
 * The end of a chat: End chat (the patron leaves), the ended status frame, and what the page
 * shows after it: "This chat has ended" below the last line, where the patron is reading, in
 * place of the reply box, with Start a new chat.
 */
import { element } from '../dom';
import type { FrameOf } from '../part';
import type { PatronSocket } from '../socket';
import type { Conversation } from './conversation';

export class EndOfChat {
  private readonly ui = {
    leave: element('leave', HTMLButtonElement),
    newChat: element('new-chat', HTMLButtonElement),
    ended: element('ended'),
  };
  private readonly endedListeners: (() => void)[] = [];
  private endedAlready = false;
  /** This page asked to end the chat (End chat): its end is no drop, and no ticket is offered. */
  leaving = false;

  constructor(
    private readonly socket: PatronSocket,
    private readonly conversation: Conversation,
  ) {
    this.ui.leave.addEventListener('click', () => this.leave());
    // A fresh page is the simplest clean slate: the ended chat's storage is already cleared.
    this.ui.newChat.addEventListener('click', () => location.reload());
  }

  get ended(): boolean {
    return this.endedAlready;
  }

  /** Another part follows the end (the ticket offer is withdrawn). */
  onEnded(listener: () => void): void {
    this.endedListeners.push(listener);
  }

  readonly status = (status: FrameOf<'status'>): void => {
    if (status.state === 'ended') this.end();
  };

  /** The chat is over, for whatever reason: the status line already says why. */
  end(): void {
    this.endedAlready = true;
    this.socket.finish();
    this.conversation.close();
    this.ui.leave.hidden = true;
    this.ui.newChat.hidden = false;
    // Said where the patron is reading, below the last line (the status line is at the top of a long
    // chat, scrolled away), in place of the reply box; not a live region: the status line speaks it.
    this.ui.ended.textContent = this.conversation.statusText;
    this.ui.ended.hidden = false;
    // The parts that follow the end show what they add (the rating form) before the page scrolls to it all.
    for (const listener of this.endedListeners) listener();
    this.ui.newChat.scrollIntoView({ block: 'end' });
  }

  private leave(): void {
    this.leaving = true;
    if (!this.socket.send({ type: 'leave' })) {
      // Offline: the server ends a waiting chat by itself once the grace period passes.
      this.conversation.setStatus('This chat has ended.');
      this.end();
    }
  }
}
