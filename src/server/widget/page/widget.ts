/**
 * The patron chat widget, embedded on library sites as /widget?campus=<id>.
 * Plain DOM; every frame in and out is checked against the shared protocol schemas, and
 * every piece of text from a person is shown with textContent only.
 */
import { z } from 'zod';
import { nameLooksLikeQuestion } from '../../../shared/chats/intake';
import type { ChatMessage } from '../../../shared/chats/schemas';
import { CampusId, ClientId, PROTOCOL_VERSION } from '../../../shared/protocol/common';
import { parseFrame } from '../../../shared/protocol/parse';
import { renderMessageText } from './links';
import { PatronClientFrame, PatronServerFrame, patronServerTypes } from '../../../shared/protocol/patron';

// The widget's CSP forbids eval; tell zod not to try its eval-based fast path.
z.config({ jitless: true });

type ServerFrame = z.infer<typeof PatronServerFrame>;
type ClientFrame = z.infer<typeof PatronClientFrame>;
type Status = Extract<ServerFrame, { type: 'status' }>;

interface SavedChat {
  chatId: string;
  token: string;
  /** What the patron typed, so a ticket after a dropped chat starts from it. */
  name?: string;
  question?: string;
}

/** Why the ticket form is open: the 60 s offer, a chat that dropped, or the chat hours are over. */
type TicketMode = 'offer' | 'dropped' | 'closed';
interface Outgoing {
  id: string;
  text: string;
  element: HTMLElement;
}

const PING_MS = 25_000;
const MAX_BACKOFF_MS = 15_000;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`widget page is missing #${id}`);
  return found as T;
}

const ui = {
  campusName: element('campus-name'),
  notice: element('notice'),
  startForm: element<HTMLFormElement>('start-form'),
  name: element<HTMLInputElement>('patron-name'),
  question: element<HTMLTextAreaElement>('patron-question'),
  startButton: element<HTMLButtonElement>('start-chat'),
  chat: element('chat'),
  status: element('status'),
  encounter: element('encounter'),
  ticketOffer: element('ticket-offer'),
  keepWaiting: element<HTMLButtonElement>('keep-waiting'),
  leaveTicket: element<HTMLButtonElement>('leave-ticket'),
  ticketForm: element<HTMLFormElement>('ticket-form'),
  ticketIntro: element('ticket-intro'),
  ticketName: element<HTMLInputElement>('ticket-name'),
  ticketNameLabel: element('ticket-name-label'),
  ticketEmail: element<HTMLInputElement>('ticket-email'),
  ticketQuestion: element<HTMLTextAreaElement>('ticket-question'),
  sendTicket: element<HTMLButtonElement>('send-ticket'),
  cancelTicket: element<HTMLButtonElement>('cancel-ticket'),
  ticketDone: element('ticket-done'),
  messages: element('messages'),
  sayForm: element<HTMLFormElement>('say-form'),
  input: element<HTMLTextAreaElement>('message-input'),
  send: element<HTMLButtonElement>('send'),
  leave: element<HTMLButtonElement>('leave'),
  newChat: element<HTMLButtonElement>('new-chat'),
  typing: element('typing'),
  ended: element('ended'),
};

/** Typing news: sent at most every few seconds while typing, "stopped" after a pause; shown for a few seconds at most. */
const TYPING_RESEND_MS = 3_000;
const TYPING_IDLE_MS = 4_000;
const TYPING_SHOWN_MS = 6_000;

/** A url-safe client id (32 hex characters) for deduplicating resends. */
function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function showNotice(text: string | null): void {
  ui.notice.textContent = text ?? '';
  ui.notice.hidden = text === null;
}

const campusParam = new URLSearchParams(location.search).get('campus') ?? '';
const storageKey = `deskbell.chat.${campusParam}`;

function loadSaved(): SavedChat | null {
  try {
    const raw = sessionStorage.getItem(storageKey);
    if (!raw) return null;
    const parsed = z
      .object({ chatId: z.string().min(1).max(64), token: z.string().min(16).max(200), name: z.string().max(200).optional(), question: z.string().max(4000).optional() })
      .safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
function save(chat: SavedChat | null): void {
  try {
    if (chat) sessionStorage.setItem(storageKey, JSON.stringify(chat));
    else sessionStorage.removeItem(storageKey);
  } catch {
    // Storage may be blocked in a third-party frame; the chat still works, it just cannot survive a reload.
  }
}

/** The name and question typed into the start form (kept with the saved chat). */
let remembered: { name?: string; question?: string } = {};

/** The whole conversation state of this page. */
const state = {
  saved: loadSaved(),
  /** The start frame until the server answers `started`; resent with the same id after a reconnect. */
  pendingStart: null as Extract<ClientFrame, { type: 'start' }> | null,
  outbox: [] as Outgoing[],
  seen: new Set<number>(),
  lastSeq: 0,
  ended: false,
  ticketDismissed: false,
  /** This page asked to end the chat (End chat): its end is no drop, and no ticket is offered. */
  leaving: false,
  ticketMode: null as TicketMode | null,
  /** The ticket frame's id until the server answers; a retry resends the same one (it never makes two). */
  ticketId: null as string | null,
  ticketSending: false,
  socket: null as WebSocket | null,
  attempt: 0,
  reconnectTimer: 0,
  pingTimer: 0,
  pingCount: 0,
  operatorName: 'The librarian',
  typingSentAt: 0,
  typingIdleTimer: 0,
  typingShownTimer: 0,
};

function socketUrl(): string {
  const url = new URL('ws/patron', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  return url.toString();
}

/** Validate before sending: a frame the server would refuse is caught here, with a readable reason. */
function send(frame: ClientFrame): boolean {
  const checked = PatronClientFrame.safeParse(frame);
  if (!checked.success) {
    showNotice(`Could not send: ${checked.error.issues[0]?.message ?? 'invalid message'}`);
    return false;
  }
  const socket = state.socket;
  if (!socket || socket.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(checked.data));
  return true;
}

function renderMessage(from: ChatMessage['from'], author: string, text: string): HTMLElement {
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
  ui.messages.append(item);
  item.scrollIntoView({ block: 'end' });
  return item;
}

function noteSeq(seq: number): void {
  state.seen.add(seq);
  if (seq > state.lastSeq) state.lastSeq = seq;
}

/** A line of ours is stored as `seq`: the copy shown while it was pending becomes the confirmed line. */
function confirm(item: Outgoing, seq: number): void {
  delete item.element.dataset.pending;
  item.element.dataset.seq = String(seq);
  state.outbox = state.outbox.filter((o) => o !== item);
}

function onMessage(message: ChatMessage, clientId: string | undefined): void {
  if (state.seen.has(message.seq)) return;
  noteSeq(message.seq);
  // A replay (after a reconnect) of a line we sent whose ack was lost: it is already on screen, pending.
  const pending = message.from === 'patron' && clientId !== undefined ? state.outbox.find((o) => o.id === clientId) : undefined;
  if (pending) {
    confirm(pending, message.seq);
    return;
  }
  if (message.from === 'operator') showTyping(false);
  const item = renderMessage(message.from, message.from === 'patron' ? 'You' : message.authorName, message.text);
  item.dataset.seq = String(message.seq);
}

function showTyping(typing: boolean): void {
  window.clearTimeout(state.typingShownTimer);
  ui.typing.textContent = typing ? `${state.operatorName} is typing…` : '';
  ui.typing.hidden = !typing;
  // A lost "stopped" never leaves the line up for good.
  if (typing) state.typingShownTimer = window.setTimeout(() => showTyping(false), TYPING_SHOWN_MS);
}

/** Tell the librarian we are typing (throttled), or that we stopped. Never stored by the server. */
function sendTyping(typing: boolean): void {
  if (!state.saved || state.ended) return;
  const now = Date.now();
  if (typing && now - state.typingSentAt < TYPING_RESEND_MS) return;
  if (!typing && state.typingSentAt === 0) return;
  if (send({ type: 'typing', typing })) state.typingSentAt = typing ? now : 0;
}

function setEnded(): void {
  state.ended = true;
  state.pendingStart = null;
  save(null);
  ui.input.disabled = true;
  ui.send.disabled = true;
  ui.leave.hidden = true;
  ui.newChat.hidden = false;
  // Said where the patron is reading, below the last line (the status line is at the top of a long
  // chat, scrolled away), in place of the reply box; not a live region: the status line speaks it.
  ui.sayForm.hidden = true;
  ui.ended.textContent = ui.status.textContent;
  ui.ended.hidden = false;
  ui.newChat.scrollIntoView({ block: 'end' });
  ui.ticketOffer.hidden = true;
  for (const item of state.outbox) item.element.dataset.failed = 'true';
  state.outbox = [];
  window.clearTimeout(state.reconnectTimer);
  window.clearInterval(state.pingTimer);
  state.socket?.close(1000, 'chat ended');
}

function onStatus(status: Status): void {
  if (status.state === 'waiting') ui.status.textContent = 'Waiting for a librarian…';
  else if (status.state === 'claimed') ui.status.textContent = `${status.operatorName ?? 'A librarian'} has joined`;
  else ui.status.textContent = status.ticket ? `This chat is now ticket ${status.ticket}: a librarian will reply by email.` : 'This chat has ended.';
  state.operatorName = status.operatorName ?? 'The librarian';
  if (status.state !== 'claimed') showTyping(false);
  ui.ticketOffer.hidden = !(status.state === 'waiting' && status.ticketOffered && !state.ticketDismissed && state.ticketMode === null);
  if (status.state !== 'ended') return;
  // Dropped before any librarian came (the connection was lost, not ended here): offer the ticket instead.
  const dropped = !state.leaving && !status.ticket && status.operatorName === null && (status.endReason === 'patron_left' || status.endReason === 'expired');
  setEnded();
  if (dropped && state.ticketMode === null) showTicketForm('dropped');
}

function flushOutbox(): void {
  if (!state.saved) return;
  for (const item of state.outbox) send({ type: 'say', id: item.id, text: item.text });
}

function backToStart(reason: string): void {
  save(null);
  state.saved = null;
  state.pendingStart = null;
  state.outbox = [];
  state.socket?.close(1000, 'reset');
  ui.chat.hidden = true;
  ui.startForm.hidden = false;
  ui.startButton.disabled = false;
  showNotice(reason);
}

function onError(frame: Extract<ServerFrame, { type: 'error' }>): void {
  // Answers still in flight for a chat this page already gave up on.
  if (!state.saved && !state.pendingStart) return;
  if (state.pendingStart && frame.id === state.pendingStart.id) {
    backToStart(frame.code === 'not_found' ? 'This chat is not set up for this library.' : `Could not start the chat: ${frame.message}`);
    return;
  }
  const pending = state.outbox.find((item) => item.id === frame.id);
  if (pending) {
    // Retry later (after a reconnect) what may succeed later, saying why it waits; drop what never will.
    if (frame.code === 'rate_limited' || frame.code === 'internal') {
      showNotice(`A message is waiting to be sent: ${frame.message}`);
      return;
    }
    pending.element.dataset.failed = 'true';
    delete pending.element.dataset.pending;
    state.outbox = state.outbox.filter((item) => item !== pending);
    showNotice(`A message was not sent: ${frame.message}`);
    return;
  }
  if (frame.code === 'unauthorized' && state.saved) {
    backToStart('This chat can no longer be resumed. You can start a new one.');
    return;
  }
  showNotice(frame.message);
}

function onFrame(frame: ServerFrame): void {
  switch (frame.type) {
    case 'ticket_made':
      return; // answers the ticket's own connection (sendTicket)
    case 'started':
      state.saved = { chatId: frame.chatId, token: frame.token, ...remembered };
      state.pendingStart = null;
      save(state.saved);
      ui.campusName.textContent = frame.campusName;
      ui.encounter.textContent = `Reference: ${frame.encounterId}`;
      flushOutbox();
      return;
    case 'message':
      onMessage(frame.message, frame.clientId);
      return;
    case 'status':
      onStatus(frame);
      return;
    case 'ack': {
      noteSeq(frame.seq);
      const item = state.outbox.find((o) => o.id === frame.id);
      if (item) confirm(item, frame.seq);
      return;
    }
    case 'error':
      onError(frame);
      return;
    case 'typing':
      showTyping(frame.typing);
      return;
    case 'pong':
      return;
  }
}

function connect(): void {
  window.clearTimeout(state.reconnectTimer);
  if (state.ended) return;
  const socket = new WebSocket(socketUrl());
  state.socket = socket;
  socket.addEventListener('open', () => {
    state.attempt = 0;
    showNotice(null);
    if (state.saved) {
      send({ type: 'resume', v: PROTOCOL_VERSION, chatId: state.saved.chatId, token: state.saved.token, lastSeq: state.lastSeq });
      flushOutbox();
    } else if (state.pendingStart) send(state.pendingStart);
    window.clearInterval(state.pingTimer);
    state.pingTimer = window.setInterval(() => send({ type: 'ping', n: ++state.pingCount }), PING_MS);
  });
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    const parsed = parseFrame(event.data, PatronServerFrame, patronServerTypes);
    if (parsed.ok) onFrame(parsed.value);
    else console.warn('deskbell: ignored a bad frame from the server:', parsed.message);
  });
  socket.addEventListener('close', () => {
    window.clearInterval(state.pingTimer);
    if (state.socket !== socket || state.ended || (!state.saved && !state.pendingStart)) return;
    ui.status.textContent = 'Reconnecting…';
    // Exponential backoff with jitter, so a server restart is not met by every patron at once.
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** state.attempt) * (0.5 + Math.random() / 2);
    state.attempt += 1;
    state.reconnectTimer = window.setTimeout(connect, delay);
  });
}

function openChatView(): void {
  ui.startForm.hidden = true;
  ui.chat.hidden = false;
  ui.status.textContent = 'Connecting…';
  ui.input.focus();
}

ui.startForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const frame = { type: 'start' as const, v: PROTOCOL_VERSION, id: newClientId(), campus: campusParam, name: ui.name.value, question: ui.question.value };
  const checked = PatronClientFrame.safeParse(frame);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue?.path[0] === 'name' ? 'Your name' : issue?.path[0] === 'question' ? 'Your question' : 'The form';
    showNotice(`${field}: ${issue?.message ?? 'invalid'}`);
    return;
  }
  const start = checked.data as Extract<ClientFrame, { type: 'start' }>;
  if (start.question === '' && !nameLooksLikeQuestion(start.name)) {
    showNotice('Your question: type your question');
    return;
  }
  showNotice(null);
  ui.startButton.disabled = true;
  state.pendingStart = start;
  remembered = { name: state.pendingStart.name, question: state.pendingStart.question || state.pendingStart.name };
  openChatView();
  connect();
});

/**
 * Patrons often type their question in the name box and nothing below it: that starts the chat,
 * with that text as the question (the server decides the same way). A bare name still needs one.
 */
function questionNeeded(): void {
  const nameAsks = nameLooksLikeQuestion(ui.name.value);
  ui.question.required = !nameAsks;
  ui.question.placeholder = nameAsks ? 'Anything to add? (optional)' : '';
}
ui.name.addEventListener('input', questionNeeded);
ui.name.addEventListener('change', questionNeeded);
questionNeeded();

ui.sayForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.input.value.trim();
  if (text === '' || state.ended) return;
  const id = newClientId();
  if (!ClientId.safeParse(id).success) return;
  const item = renderMessage('patron', 'You', text);
  item.dataset.pending = 'true';
  state.outbox.push({ id, text, element: item });
  ui.input.value = '';
  window.clearTimeout(state.typingIdleTimer);
  sendTyping(false);
  // Sent now if connected; otherwise queued and resent, with the same id, after the next resume.
  if (state.saved) send({ type: 'say', id, text });
});

ui.input.addEventListener('input', () => {
  window.clearTimeout(state.typingIdleTimer);
  if (ui.input.value.trim() === '') {
    sendTyping(false);
    return;
  }
  sendTyping(true);
  state.typingIdleTimer = window.setTimeout(() => sendTyping(false), TYPING_IDLE_MS);
});

ui.input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    ui.sayForm.requestSubmit();
  }
});

function leave(): void {
  state.leaving = true;
  if (!send({ type: 'leave' })) {
    // Offline: the server ends a waiting chat by itself once the grace period passes.
    ui.status.textContent = 'This chat has ended.';
    setEnded();
  }
}
ui.leave.addEventListener('click', leave);
ui.leaveTicket.addEventListener('click', () => showTicketForm('offer'));
// A fresh page is the simplest clean slate: the ended chat's storage is already cleared.
ui.newChat.addEventListener('click', () => location.reload());
ui.keepWaiting.addEventListener('click', () => {
  state.ticketDismissed = true;
  ui.ticketOffer.hidden = true;
});

async function init(): Promise<void> {
  if (!CampusId.safeParse(campusParam).success) {
    showNotice('This chat link does not name a library. Please use the chat link on your library’s website.');
    return;
  }
  try {
    const response = await fetch('api/campuses', { headers: { Accept: 'application/json' } });
    const body = z.object({ campuses: z.array(z.object({ id: z.string(), name: z.string() })) }).parse(await response.json());
    const campus = body.campuses.find((c) => c.id === campusParam);
    if (!campus) {
      showNotice(`There is no library chat for “${campusParam}”. Please use the chat link on your library’s website.`);
      return;
    }
    ui.campusName.textContent = campus.name;
  } catch {
    showNotice('The chat service cannot be reached right now. Please try again in a moment.');
    return;
  }
  if (state.saved) {
    openChatView();
    connect();
    return;
  }
  // Outside the chat hours nobody would come: say so, and offer the ticket at once.
  const hours = await chatStatus();
  if (hours && !hours.open) {
    showNotice(hours.message);
    showTicketForm('closed');
  } else ui.startForm.hidden = false;
}

// ---- tickets ------------------------------------------------------------------------------

const ChatStatus = z.object({ open: z.boolean(), message: z.string().max(2000) });

async function chatStatus(): Promise<z.infer<typeof ChatStatus> | null> {
  try {
    const response = await fetch(`api/chat-status?campus=${encodeURIComponent(campusParam)}`, { headers: { Accept: 'application/json' } });
    const parsed = ChatStatus.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // not known: the chat stays on offer
  }
}

const TICKET_INTRO: Record<TicketMode, string> = {
  offer: 'Leave your email and your question: a librarian will reply by email. Your chat ends when the ticket is sent.',
  dropped: 'Your chat was disconnected before a librarian joined. Leave your email and your question, and a librarian will reply by email.',
  closed: 'Leave your name, email and question, and a librarian will reply by email.',
};

function showTicketForm(mode: TicketMode): void {
  state.ticketMode = mode;
  ui.ticketOffer.hidden = true;
  ui.startForm.hidden = true;
  ui.ticketIntro.textContent = TICKET_INTRO[mode];
  // With a chat, the name is the one already given; without one, it is asked here.
  const askName = mode === 'closed';
  ui.ticketName.hidden = !askName;
  ui.ticketNameLabel.hidden = !askName;
  ui.ticketName.required = askName;
  ui.cancelTicket.hidden = mode !== 'offer';
  if (!ui.ticketQuestion.value) ui.ticketQuestion.value = state.saved?.question ?? remembered.question ?? '';
  ui.ticketForm.hidden = false;
  ui.ticketEmail.focus();
}

function hideTicketForm(): void {
  state.ticketMode = null;
  ui.ticketForm.hidden = true;
}

/** One connection just for the ticket: its frame names the chat (with the resume token), so any connection will do. */
function sendTicketFrame(frame: Extract<ClientFrame, { type: 'ticket' }>): Promise<Extract<ServerFrame, { type: 'ticket_made' | 'error' }>> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(socketUrl());
    const timer = window.setTimeout(() => {
      socket.close();
      reject(new Error('no answer'));
    }, 15_000);
    socket.addEventListener('open', () => socket.send(JSON.stringify(frame)));
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      const parsed = parseFrame(event.data, PatronServerFrame, patronServerTypes);
      if (!parsed.ok) return;
      const answer = parsed.value;
      if ((answer.type === 'ticket_made' || answer.type === 'error') && answer.id === frame.id) {
        window.clearTimeout(timer);
        socket.close(1000, 'ticket sent');
        resolve(answer);
      }
    });
    socket.addEventListener('error', () => {
      window.clearTimeout(timer);
      reject(new Error('cannot connect'));
    });
  });
}

ui.ticketForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (state.ticketSending || state.ticketMode === null) return;
  const mode = state.ticketMode;
  state.ticketId ??= newClientId();
  const chat = mode === 'closed' || !state.saved ? undefined : { chatId: state.saved.chatId, token: state.saved.token };
  const name = mode === 'closed' ? ui.ticketName.value : (state.saved?.name ?? remembered.name ?? 'Patron');
  const frame = { type: 'ticket' as const, v: PROTOCOL_VERSION, id: state.ticketId, campus: campusParam, name, email: ui.ticketEmail.value, question: ui.ticketQuestion.value, ...(chat ? { chat } : {}) };
  const checked = PatronClientFrame.safeParse(frame);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = { name: 'Your name', email: 'Your email', question: 'Your question' }[String(issue?.path[0])] ?? 'The form';
    showNotice(`${field}: ${issue?.message ?? 'invalid'}`);
    return;
  }
  state.ticketSending = true;
  ui.sendTicket.disabled = true;
  showNotice(null);
  sendTicketFrame(checked.data as Extract<ClientFrame, { type: 'ticket' }>)
    .then((answer) => {
      if (answer.type === 'error') {
        // Refused for good (a wrong field, a chat someone joined): a new try is a new ticket.
        state.ticketId = null;
        showNotice(`The ticket was not sent: ${answer.message}`);
        return;
      }
      hideTicketForm();
      ui.ticketDone.textContent = answer.text;
      ui.ticketDone.hidden = false;
      ui.encounter.textContent = `Reference: ${answer.encounterId}`;
      if (mode !== 'closed') {
        ui.status.textContent = `This chat is now ticket ${answer.encounterId}.`;
        setEnded();
      }
    })
    .catch(() => showNotice('The ticket could not be sent just now: please check your connection and press Send ticket again.'))
    .finally(() => {
      state.ticketSending = false;
      ui.sendTicket.disabled = false;
    });
});

ui.cancelTicket.addEventListener('click', () => {
  hideTicketForm();
  if (!state.ended) ui.ticketOffer.hidden = state.ticketDismissed;
});

void init();
