import { alertPanels } from './alerts/panels';
import { campusPanels } from './campuses/panels';
import { dockPanels } from './dock/panels';
import type { PanelSpec } from './dock/panel';
import { faqPanels } from './faqs/panels';
import { incidentPanels } from './incidents/panels';
import { interviewPanels } from './interview/panels';
import { notePanels } from './notes/panels';
import { playbookPanels } from './playbook/panels';
import { presencePanels } from './presence/panels';
import { templatePanels } from './templates/panels';
import { ticketPanels } from './tickets/panels';
import { transcriptPanels } from './transcripts/panels';

/**
 * The registry: every panel of the window, as each capability contributes them (its
 * `<capability>/panels.tsx`). The dock, the top bar's menu, the keyboard and the help all read
 * this one list; a new panel adds one line here and nothing else outside its folder.
 */
export const PANELS: readonly PanelSpec[] = [
  ...faqPanels,
  ...campusPanels,
  ...templatePanels,
  ...interviewPanels,
  ...playbookPanels,
  ...transcriptPanels,
  ...presencePanels,
  ...notePanels,
  ...ticketPanels,
  ...incidentPanels,
  ...alertPanels,
  ...dockPanels,
];
