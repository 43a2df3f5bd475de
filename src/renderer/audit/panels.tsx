import type { DeskPanel } from '../dock/panel';
import { AuditPanel } from './AuditPanel';

/** The audit log of administrators' actions: an administrator's, in the top bar's menu. */
export const auditPanels: DeskPanel[] = [
  {
    id: 'audit',
    scope: 'desk',
    menu: true,
    title: 'Audit log',
    priority: 19,
    hint: "Who changed accounts, templates, the directory and the FAQs, and when",
    available: (s) => s.session?.operator?.role === 'admin',
    Panel: AuditPanel,
  },
];
