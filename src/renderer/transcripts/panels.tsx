import type { ChatPanel, ChatPanelProps, DeskPanel } from '../dock/panel';
import { TranscriptActions } from './TranscriptActions';
import { TranscriptsPanel } from './TranscriptsPanel';

const Transcript = ({ chat }: ChatPanelProps) => <TranscriptActions chat={chat} />;

export const transcriptPanels: (ChatPanel | DeskPanel)[] = [
  { id: 'transcript', scope: 'chat', title: 'Transcript', priority: 40, hint: 'View, copy or export this chat’s transcript', Panel: Transcript },
  { id: 'transcripts', scope: 'desk', title: 'Transcripts', priority: 20, shortcut: { code: 'KeyS', keys: 'Alt+S', does: 'Search transcripts' }, Panel: TranscriptsPanel },
];
