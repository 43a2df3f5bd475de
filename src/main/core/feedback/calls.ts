import { z } from 'zod';
import { ChatFeedback, FeedbackSummary } from '../../../shared/feedback/schemas';
import { CommandError } from '../backend-link/outbox';
import type { CallHandlers } from '../capability';
import type { Session } from '../session/session';

const OfChatReply = z.object({ feedback: ChatFeedback.nullable() }).strict();

/** Patron feedback, read over the backend's HTTP API (it checks who may read what), checked against the schemas. */
export function feedbackCalls(session: Session): CallHandlers<'feedback.ofChat' | 'feedback.summary'> {
  return {
    'feedback.ofChat': async ({ chatId }) => {
      const reply = OfChatReply.safeParse(await session.backendGet(`/api/feedback?chat=${encodeURIComponent(chatId)}`));
      if (!reply.success) throw new CommandError('internal', 'the backend sent a rating that does not fit the schema');
      return reply.data;
    },
    'feedback.summary': async ({ from, to }) => {
      const query = new URLSearchParams();
      if (from !== null) query.set('from', String(from));
      if (to !== null) query.set('to', String(to));
      const reply = FeedbackSummary.safeParse(await session.backendGet(`/api/feedback/summary?${query.toString()}`));
      if (!reply.success) throw new CommandError('internal', 'the backend sent a ratings summary that does not fit the schema');
      return reply.data;
    },
  };
}
