/**
 * The patron chat widget, embedded on library sites as /widget?campus=<id>: the entry that
 * composes the page's parts, each in its capability's folder (chats: the conversation and the
 * end of a chat; tickets: the offer and the form; campuses: the library and its chat hours)
 * over one socket (./socket.ts). Plain DOM; every frame in and out is checked against the
 * shared protocol schemas, and every piece of text from a person is shown with textContent only.
 */
import { z } from 'zod';
import { chatHours, showCampus } from './campuses/chat-hours';
import { Conversation } from './chats/conversation';
import { EndOfChat } from './chats/end-of-chat';
import { RatingForm } from './feedback/rating';
import { showNotice } from './dom';
import type { FrameTable } from './part';
import { PatronSocket } from './socket';
import { TicketForm } from './tickets/ticket-form';

// The widget's CSP forbids eval; tell zod not to try its eval-based fast path.
z.config({ jitless: true });

const socket = new PatronSocket(new URLSearchParams(location.search).get('campus') ?? '');
const conversation = new Conversation(socket);
const end = new EndOfChat(socket, conversation);
const tickets = new TicketForm(socket, conversation, end);
const rating = new RatingForm(socket, end);

/** Who handles each server frame, in order: the compiler refuses a frame type left out. */
const frames: FrameTable = {
  started: [conversation.started],
  message: [conversation.message],
  // The status line first (the end of a chat repeats it below the last line), then the end, then the ticket offer.
  // The rating form learns who answered before the end shows it.
  status: [conversation.status, rating.status, end.status, tickets.status],
  ack: [conversation.ack],
  error: [conversation.error],
  typing: [conversation.typing],
  // Answers the ticket's own connection (ticket-form.ts), never this one.
  ticket_made: [],
  // Answers the rating's own connection (feedback/rating.ts), never this one.
  rated: [],
  pong: [],
};
socket.listen({ frames, lastSeq: () => conversation.lastSeq, opened: () => conversation.flush(), reconnecting: () => conversation.setStatus('Reconnecting…') });

async function init(): Promise<void> {
  if (!(await showCampus(socket.campus))) return;
  if (socket.saved) {
    conversation.open();
    socket.connect();
    return;
  }
  const hours = await chatHours(socket.campus);
  if (hours && !hours.open) {
    showNotice(hours.message);
    tickets.show('closed');
  } else conversation.ui.startForm.hidden = false;
}

void init();
