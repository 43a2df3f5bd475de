import { accountPanels } from './accounts/panels';
import { alertPanels } from './alerts/panels';
import { alertSlots } from './alerts/slots';
import { auditPanels } from './audit/panels';
import { campusPanels } from './campuses/panels';
import { campusSlots } from './campuses/slots';
import { dockPanels } from './dock/panels';
import type { PanelSpec } from './dock/panel';
import { faqPanels } from './faqs/panels';
import { feedbackPanels } from './feedback/panels';
import { feedbackSlots } from './feedback/slots';
import { incidentPanels } from './incidents/panels';
import { interviewPanels } from './interview/panels';
import { notePanels } from './notes/panels';
import { playbookPanels } from './playbook/panels';
import { presencePanels } from './presence/panels';
import type { SlotSpec } from './slots/slot';
import { statisticsPanels } from './statistics/panels';
import { templatePanels } from './templates/panels';
import { ticketPanels } from './tickets/panels';
import { transcriptPanels } from './transcripts/panels';
import { transferSlots } from './transfers/slots';
import { updateSlots } from './updates/slots';

/**
 * The registry: what each capability adds to the window, from its own folder. Panels
 * (`<capability>/panels.tsx`) go in the dock or the top bar's menu; slot parts
 * (`<capability>/slots.tsx`) go in the chat pane's toolbar, the patron card or above the desk.
 * The dock, the menu, the keyboard, the help and the slots read these lists; a new capability
 * adds a line here and nothing else outside its folder.
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
  ...feedbackPanels,
  ...statisticsPanels,
  ...accountPanels,
  ...auditPanels,
  ...alertPanels,
  ...dockPanels,
];

export const SLOTS: readonly SlotSpec[] = [...alertSlots, ...updateSlots, ...transferSlots, ...campusSlots, ...feedbackSlots];
