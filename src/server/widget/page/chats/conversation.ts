/**
 * The conversation: the start form, the transcript (every person's text shown as text), the
 * reply box with its outbox (a line typed offline waits, with its client id, and is sent once
 * the chat is resumed), and typing both ways.
 */
import { nameLooksLikeQuestion } from '../../../../shared/chats/intake';
import type { ChatMessage } from '../../../../shared/chats/schemas';
import { ClientId, PROTOCOL_VERSION } from '../../../../shared/protocol/common';
import { PatronClientFrame } from '../../../../shared/protocol/patron';
import { element, newClientId, showNotice } from '../dom';
import { renderMessageText } from '../links';
import type { FrameOf } from '../part';
import type { PatronSocket } from '../socket';

/** Typing news: sent at most every few seconds while typing, "stopped" after a pause; shown for a few seconds at most. */
const TYPING_RESEND_MS = 3_000;
const TYPING_IDLE_MS = 4_000;
const TYPING_SHOWN_MS = 6_000;

interface Outgoing {
  id: string;
  text: string;
  element: HTMLElement;
}

export class Conversation {
  readonly ui = {
    campusName: element('campus-name'),
    startForm: element('start-form', HTMLFormElement),
    name: element('patron-name', HTMLInputElement),
    question: element('patron-question', HTMLTextAreaElement),
    startButton: element('start-chat', HTMLButtonElement),
    chat: element('chat'),
    status: element('status'),
    encounter: element('encounter'),
    messages: element('messages'),
    sayForm: element('say-form', HTMLFormElement),
    input: element('message-input', HTMLTextAreaElement),
    send: element('send', HTMLButtonElement),
    typing: element('typing'),
  };
  private outbox: Outgoing[] = [];
  private readonly seen = new Set<number>();
  private lastSeqSeen = 0;
  private closed = false;
  private operatorName = 'The librarian';
  private typingSentAt = 0;
  private typingIdleTimer = 0;
  private typingShownTimer = 0;

  constructor(private readonly socket: PatronSocket) {
    this.ui.startForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.start();
    });
    const questionNeeded = () => this.questionNeeded();
    this.ui.name.addEventListener('input', questionNeeded);
    this.ui.name.addEventListener('change', questionNeeded);
    this.questionNeeded();
    this.ui.sayForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.say();
    });
    this.ui.input.addEventListener('input', () => this.typed());
    this.ui.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        this.ui.sayForm.requestSubmit();
      }
    });
  }

  get lastSeq(): number {
    return this.lastSeqSeen;
  }

  /** The chat view, before the server has said anything. */
  open(): void {
    this.ui.startForm.hidden = true;
    this.ui.chat.hidden = false;
    this.ui.status.textContent = 'Connecting…';
    this.ui.input.focus();
  }

  /** The status line at the top of the chat. */
  setStatus(text: string): void {
    this.ui.status.textContent = text;
  }

  get statusText(): string {
    return this.ui.status.textContent ?? '';
  }

  /** The chat's reference (its encounter id, or the ticket it became). */
  setReference(encounterId: string): void {
    this.ui.encounter.textContent = `Reference: ${encounterId}`;
  }

  // ---- frames ---------------------------------------------------------------------------

  readonly started = (frame: FrameOf<'started'>): void => {
    this.socket.started(frame.chatId, frame.token);
    this.ui.campusName.textContent = frame.campusName;
    this.setReference(frame.encounterId);
    this.flush();
  };

  readonly message = (frame: FrameOf<'message'>): void => {
    const { message, clientId } = frame;
    if (this.seen.has(message.seq)) return;
    this.noteSeq(message.seq);
    // A replay (after a reconnect) of a line we sent whose ack was lost: it is already on screen, pending.
    const pending = message.from === 'patron' && clientId !== undefined ? this.outbox.find((o) => o.id === clientId) : undefined;
    if (pending) {
      this.confirm(pending, message.seq);
      return;
    }
    if (message.from === 'operator') this.showTyping(false);
    const item = this.render(message.from, message.from === 'patron' ? 'You' : message.authorName, message.text);
    item.dataset.seq = String(message.seq);
  };

  readonly ack = (frame: FrameOf<'ack'>): void => {
    this.noteSeq(frame.seq);
    const item = this.outbox.find((o) => o.id === frame.id);
    if (item) this.confirm(item, frame.seq);
  };

  readonly status = (status: FrameOf<'status'>): void => {
    if (status.state === 'waiting') this.setStatus('Waiting for a librarian…');
    else if (status.state === 'claimed') this.setStatus(`${status.operatorName ?? 'A librarian'} has joined`);
    else this.setStatus(status.ticket ? `This chat is now ticket ${status.ticket}: a librarian will reply by email.` : 'This chat has ended.');
    this.operatorName = status.operatorName ?? 'The librarian';
    if (status.state !== 'claimed') this.showTyping(false);
  };

  readonly typing = (frame: FrameOf<'typing'>): void => this.showTyping(frame.typing);

  /** A refused start or line, or a chat that can no longer be resumed; anything else is shown as said. */
  readonly error = (frame: FrameOf<'error'>): void => {
    // Answers still in flight for a chat this page already gave up on.
    if (!this.socket.saved && !this.socket.pendingStart) return;
    if (this.socket.pendingStart && frame.id === this.socket.pendingStart.id) {
      this.backToStart(frame.code === 'not_found' ? 'This chat is not set up for this library.' : `Could not start the chat: ${frame.message}`);
      return;
    }
    const pending = this.outbox.find((item) => item.id === frame.id);
    if (pending) {
      // Retry later (after a reconnect) what may succeed later, saying why it waits; drop what never will.
      if (frame.code === 'rate_limited' || frame.code === 'internal') {
        showNotice(`A message is waiting to be sent: ${frame.message}`);
        return;
      }
      pending.element.dataset.failed = 'true';
      delete pending.element.dataset.pending;
      this.outbox = this.outbox.filter((item) => item !== pending);
      showNotice(`A message was not sent: ${frame.message}`);
      return;
    }
    if (frame.code === 'unauthorized' && this.socket.saved) {
      this.backToStart('This chat can no longer be resumed. You can start a new one.');
      return;
    }
    showNotice(frame.message);
  };

  // ---- the socket's steps ----------------------------------------------------------------

  /** Resend every line still waiting (after `started` or a resume). */
  flush(): void {
    if (!this.socket.saved) return;
    for (const item of this.outbox) this.socket.send({ type: 'say', id: item.id, text: item.text });
  }

  /** The chat ended: no more lines; what was never sent is marked so. */
  close(): void {
    this.closed = true;
    this.ui.input.disabled = true;
    this.ui.send.disabled = true;
    this.ui.sayForm.hidden = true;
    for (const item of this.outbox) item.element.dataset.failed = 'true';
    this.outbox = [];
  }

  // ---- the patron's actions --------------------------------------------------------------

  private start(): void {
    const frame = { type: 'start' as const, v: PROTOCOL_VERSION, id: newClientId(), campus: this.socket.campus, name: this.ui.name.value, question: this.ui.question.value };
    const checked = PatronClientFrame.safeParse(frame);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const field = issue?.path[0] === 'name' ? 'Your name' : issue?.path[0] === 'question' ? 'Your question' : 'The form';
      showNotice(`${field}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    if (checked.data.type !== 'start') return;
    const start = checked.data;
    if (start.question === '' && !nameLooksLikeQuestion(start.name)) {
      showNotice('Your question: type your question');
      return;
    }
    showNotice(null);
    this.ui.startButton.disabled = true;
    this.socket.pendingStart = start;
    this.socket.remembered = { name: start.name, question: start.question || start.name };
    this.open();
    this.socket.connect();
  }

  /**
   * Patrons often type their question in the name box and nothing below it: that starts the chat,
   * with that text as the question (the server decides the same way). A bare name still needs one.
   */
  private questionNeeded(): void {
    const nameAsks = nameLooksLikeQuestion(this.ui.name.value);
    this.ui.question.required = !nameAsks;
    this.ui.question.placeholder = nameAsks ? 'Anything to add? (optional)' : '';
  }

  private say(): void {
    const text = this.ui.input.value.trim();
    if (text === '' || this.closed) return;
    const id = newClientId();
    if (!ClientId.safeParse(id).success) return;
    const item = this.render('patron', 'You', text);
    item.dataset.pending = 'true';
    this.outbox.push({ id, text, element: item });
    this.ui.input.value = '';
    window.clearTimeout(this.typingIdleTimer);
    this.sendTyping(false);
    // Sent now if connected; otherwise queued and resent, with the same id, after the next resume.
    if (this.socket.saved) this.socket.send({ type: 'say', id, text });
  }

  private typed(): void {
    window.clearTimeout(this.typingIdleTimer);
    if (this.ui.input.value.trim() === '') {
      this.sendTyping(false);
      return;
    }
    this.sendTyping(true);
    this.typingIdleTimer = window.setTimeout(() => this.sendTyping(false), TYPING_IDLE_MS);
  }

  private backToStart(reason: string): void {
    this.socket.reset();
    this.outbox = [];
    this.ui.chat.hidden = true;
    this.ui.startForm.hidden = false;
    this.ui.startButton.disabled = false;
    showNotice(reason);
  }

  // ---- lines and typing ------------------------------------------------------------------

  private render(from: ChatMessage['from'], author: string, text: string): HTMLElement {
    const item = document.createElement('li');
    item.dataset.from = from;
    item.dataset.testid = 'message';
    const who = document.createElement('span');
    who.className = 'author';
    who.textContent = author;
    const body = document.createElement('span');
    body.className = 'text';
    renderMessageText(body, from, text);
    item.append(who, body);
    this.ui.messages.append(item);
    item.scrollIntoView({ block: 'end' });
    return item;
  }

  private noteSeq(seq: number): void {
    this.seen.add(seq);
    if (seq > this.lastSeqSeen) this.lastSeqSeen = seq;
  }

  /** A line of ours is stored as `seq`: the copy shown while it was pending becomes the confirmed line. */
  private confirm(item: Outgoing, seq: number): void {
    delete item.element.dataset.pending;
    item.element.dataset.seq = String(seq);
    this.outbox = this.outbox.filter((o) => o !== item);
  }

  private showTyping(typing: boolean): void {
    window.clearTimeout(this.typingShownTimer);
    this.ui.typing.textContent = typing ? `${this.operatorName} is typing…` : '';
    this.ui.typing.hidden = !typing;
    // A lost "stopped" never leaves the line up for good.
    if (typing) this.typingShownTimer = window.setTimeout(() => this.showTyping(false), TYPING_SHOWN_MS);
  }

  /** Tell the librarian we are typing (throttled), or that we stopped. Never stored by the server. */
  private sendTyping(typing: boolean): void {
    if (!this.socket.saved || this.closed) return;
    const now = Date.now();
    if (typing && now - this.typingSentAt < TYPING_RESEND_MS) return;
    if (!typing && this.typingSentAt === 0) return;
    if (this.socket.send({ type: 'typing', typing })) this.typingSentAt = typing ? now : 0;
  }
}
