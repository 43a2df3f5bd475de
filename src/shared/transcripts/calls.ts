import { z } from 'zod';
import { Chat } from '../chats/schemas';
import { ChatId, Empty } from '../protocol/common';
import { TranscriptHit, TranscriptIndexStatus, TranscriptQuery } from './schemas';

export const transcriptCalls = {
  /** Search the transcripts kept on this computer (works offline). */
  'transcripts.search': { args: TranscriptQuery, result: z.object({ hits: z.array(TranscriptHit), status: TranscriptIndexStatus }) },
  /** One whole transcript: from this computer, else from the backend. */
  'transcripts.get': { args: z.object({ chatId: ChatId }).strict(), result: z.object({ chat: Chat }) },
  'transcripts.status': { args: Empty, result: TranscriptIndexStatus },
  /** Fetch what ended on the backend since the last sync now. */
  'transcripts.sync': { args: Empty, result: TranscriptIndexStatus },
} as const;

export const TranscriptsPush = z.object({ type: z.literal('transcripts'), status: TranscriptIndexStatus });
