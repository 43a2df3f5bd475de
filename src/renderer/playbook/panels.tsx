import type { ChatPanel, ChatPanelProps } from '../dock/panel';
import { AbusePanel } from './AbusePanel';
import { CrisisPanel } from './CrisisPanel';

const Crisis = ({ chat, mine }: ChatPanelProps) => <CrisisPanel chat={chat} mine={mine} />;
const Abuse = ({ chat, mine }: ChatPanelProps) => <AbusePanel chat={chat} mine={mine} />;

/** The hard conversations. The crisis panel takes the tool area whole: nothing to hunt for. */
export const playbookPanels: ChatPanel[] = [
  { id: 'crisis', scope: 'chat', title: 'Crisis', priority: 20, tone: 'danger', whole: true, shortcut: { code: 'KeyH', keys: 'Alt+H', does: 'The crisis panel: resources to send, what to do' }, Panel: Crisis },
  {
    id: 'abuse',
    scope: 'chat',
    title: 'Abusive patron',
    priority: 30,
    shortcut: { code: 'KeyA', keys: 'Alt+A', does: 'The abusive-patron panel: notices, ending under the policy, the incident report' },
    Panel: Abuse,
  },
];
