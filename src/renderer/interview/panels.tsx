import type { ChatPanel, ChatPanelProps } from '../dock/panel';
import { useAppStore } from '../store';
import { InterviewChecklist } from './InterviewChecklist';

function Interview({ chat, campusName }: ChatPanelProps) {
  const me = useAppStore((s) => s.session?.operator?.id ?? null);
  // Recorded by whoever holds (or last held) the chat; the backend checks the same.
  return <InterviewChecklist chat={chat} canEdit={chat.claimedBy !== null && chat.claimedBy.id === me} campusName={campusName} />;
}

export const interviewPanels: ChatPanel[] = [
  { id: 'interview', scope: 'chat', title: 'Interview', priority: 10, shortcut: { code: 'KeyI', keys: 'Alt+I', does: 'The reference-interview checklist' }, Panel: Interview },
];
