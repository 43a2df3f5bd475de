import type { ChatPanel, ChatPanelProps, DeskPanel } from '../dock/panel';
import { TemplateEditor } from './TemplateEditor';
import { TemplatesDrawer } from './TemplatesDrawer';

const Templates = ({ chat, mine }: ChatPanelProps) => <TemplatesDrawer chat={chat} mine={mine} />;

export const templatePanels: (ChatPanel | DeskPanel)[] = [
  { id: 'templates', scope: 'chat', title: 'Templates', priority: 0, shortcut: { code: 'Slash', keys: 'Alt+/', does: 'Pick a message template (or / at the start of a reply)' }, Panel: Templates },
  {
    id: 'template-editor',
    scope: 'desk',
    menu: true,
    title: 'Template editor',
    priority: 10,
    hint: 'Edit the institution’s and each campus’s message templates',
    available: (s) => s.session?.operator?.role === 'admin',
    Panel: TemplateEditor,
  },
];
