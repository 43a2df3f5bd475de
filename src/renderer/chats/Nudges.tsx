import { useMemo } from 'react';
import type { Chat } from '../../shared/chats/schemas';
import { duration } from '../../shared/transcripts/format';
import { chatNudges, DEFAULT_NUDGES } from '../../shared/workspace/nudges';
import { useNow } from '../clock';
import { useCrisisUsed } from '../playbook/crisis-used';
import { useAppStore } from '../store';
import { nudgeTexts } from './nudge-texts';
import { sendText } from './send';

/**
 * What the chat needs from the librarian now, with the one click that does it: "still looking"
 * after a minute of dead air, the silence notice, the end of a silent chat (never in a chat where
 * the crisis playbook is in use); and, at once, that the patron's page closed or that they left.
 */
export function Nudges({ chat }: { chat: Chat }) {
  const now = useNow();
  const meId = useAppStore((s) => s.session?.operator?.id ?? null);
  const settings = useAppStore((s) => s.deskSettings?.nudges ?? DEFAULT_NUDGES);
  const templates = useAppStore((s) => s.desk.templates);
  const crisisPanel = useCrisisUsed((s) => s.chats.includes(chat.id));
  // The texts change with the chat's record (a name given) and the templates.
  const texts = useMemo(() => nudgeTexts(useAppStore.getState(), chat), [templates, chat]);
  const nudges = chatNudges(chat, now, meId, settings, texts, { crisisPanel });
  if (nudges.length === 0) return null;

  const end = async () => {
    if (texts.silenceClosing) await sendText(chat.id, texts.silenceClosing);
    await useAppStore.getState().call('chat.end', { chatId: chat.id });
  };

  return (
    <div className="nudges" data-testid="nudges">
      {nudges.map((nudge) => {
        switch (nudge.kind) {
          case 'dead-air':
            return (
              <p key="dead-air" className="nudge warn" data-testid="nudge-dead-air" role="status">
                No word to the patron for {duration(now - nudge.since)}: never leave dead air.{' '}
                {texts.stillLooking && (
                  <button type="button" data-testid="send-still-looking" onClick={() => void sendText(chat.id, texts.stillLooking ?? '')}>
                    Send “still looking”
                  </button>
                )}
              </p>
            );
          case 'silence':
            return (
              <p key="silence" className="nudge" data-testid="nudge-silence" role="status">
                The patron has been quiet for {duration(now - nudge.since)}.{' '}
                {texts.silenceNotice[0] && (
                  <button type="button" data-testid="send-silence-notice" onClick={() => void sendText(chat.id, texts.silenceNotice[0] ?? '')}>
                    Send the silence notice
                  </button>
                )}
              </p>
            );
          case 'silence-end':
            return (
              <p key="silence-end" className="nudge" data-testid="nudge-silence-end" role="status">
                No answer to the silence notice for {duration(now - nudge.since)}.{' '}
                <button type="button" data-testid="end-silent-chat" onClick={() => void end()}>
                  Close and end the chat
                </button>
              </p>
            );
          case 'patron-away':
            return (
              <p key="away" className="nudge warn" data-testid="nudge-patron-away" role="alert">
                The patron’s page closed or lost its connection. They may come back; if not, end the chat.
              </p>
            );
          case 'patron-left':
            return (
              <p key="left" className="nudge" data-testid="nudge-patron-left" role="status">
                The patron left the chat.
              </p>
            );
        }
      })}
    </div>
  );
}
