/**
 * A transcript as a person reads it (text) and as another program reads it (JSON): the one
 * way Deskbell writes transcripts, for the librarian's copy and export and for the incident
 * report the director receives.
 */
import { messageSegments } from '../chats/labelled-links';
import { patronLabel, patronQuestion } from '../chats/labels';
import type { Chat } from '../chats/schemas';
import { interviewLines } from '../interview/schemas';
import { DELIVERY_TEXT } from '../incidents/schemas';

export const TRANSCRIPT_FORMAT = 'deskbell-transcript';
export const TRANSCRIPT_FORMAT_VERSION = 1;

const END_TEXT: Record<NonNullable<Chat['endReason']>, string> = {
  operator: 'ended by the librarian',
  patron_left: 'the patron left',
  ticket: 'ended for a ticket',
  expired: 'expired',
  policy: 'ended under the acceptable-use policy',
};

function stamp(at: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
  } catch {
    return new Date(at).toISOString();
  }
}

/** m:ss, or h:mm:ss past an hour. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A message's text with its links written out: "label <url>". */
export function plainMessageText(text: string): string {
  return messageSegments(text)
    .map((segment) => (segment.kind === 'text' ? segment.text : segment.bare ? segment.url : `${segment.label} <${segment.url}>`))
    .join('');
}

export interface TranscriptContext {
  campusName: string;
  /** The campus's time zone (times are written in it). */
  timeZone: string;
}

export function transcriptText(chat: Chat, context: TranscriptContext): string {
  const tz = context.timeZone;
  const lines = [`Chat transcript: ${chat.encounterId}`, `Campus: ${context.campusName}`, `Patron: ${patronLabel(chat)}`];
  if (chat.nameIsQuestion) lines.push(`Name box (held the question): ${chat.patronName}`);
  if (chat.patronEmail) lines.push(`Email: ${chat.patronEmail}`);
  if (chat.patronPhone) lines.push(`Phone: ${chat.patronPhone}`);
  lines.push(`Question: ${patronQuestion(chat).replace(/\n/g, ' / ')}`, `Started: ${stamp(chat.createdAt, tz)} (${tz})`);
  if (chat.claimedBy && chat.claimedAt !== null) lines.push(`Claimed by ${chat.claimedBy.name} at ${stamp(chat.claimedAt, tz)}, after ${duration(chat.claimedAt - chat.createdAt)}`);
  if (chat.endedAt !== null) {
    const reason = chat.endReason ? `, ${END_TEXT[chat.endReason]}` : '';
    lines.push(`Ended: ${stamp(chat.endedAt, tz)}${reason}${chat.claimedAt !== null ? `; chat lasted ${duration(chat.endedAt - chat.claimedAt)}` : ''}`);
  }
  if (chat.interview) lines.push('', 'Reference interview:', ...interviewLines(chat.interview).map((l) => `  ${l}`));
  if (chat.incidents.length > 0) {
    lines.push('', 'Incident reports:', ...chat.incidents.map((i) => `  ${i.id} by ${i.byName} at ${stamp(i.at, tz)}: ${DELIVERY_TEXT[i.delivery]}`));
  }
  lines.push('', 'Messages:');
  for (const message of chat.messages) {
    const who = message.visibility === 'operators' ? `${message.authorName} (internal note)` : message.authorName;
    lines.push(`[${stamp(message.at, tz)}] ${who}: ${plainMessageText(message.text)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function transcriptJson(chat: Chat, context: TranscriptContext, exportedAt: number): string {
  return `${JSON.stringify({ format: TRANSCRIPT_FORMAT, version: TRANSCRIPT_FORMAT_VERSION, exportedAt, campusName: context.campusName, timeZone: context.timeZone, chat }, null, 2)}\n`;
}

/** A file name for an export: the encounter ID, never the patron's name. */
export const transcriptFileName = (chat: Pick<Chat, 'encounterId'>, extension: 'txt' | 'json'): string => `${chat.encounterId.replace(/[^A-Za-z0-9-]/g, '_')}.${extension}`;
