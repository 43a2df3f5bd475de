/**
 * What Deskbell tells a patron on a librarian's behalf (a transfer, a ticket, a request for an
 * email), as named texts with {variables}. These are the defaults; every text must be editable
 * per institution and campus. The backend reads them through one function, templateText(name,
 * campus) (src/server/templates), which the template store of the conversation workspace is to
 * back; nothing else may word these messages.
 */

/** Each template: its default text and the variables it may use (all are filled in). */
export const TEMPLATE_DEFAULTS = {
  /** Sent to the patron when the addressee accepts a transfer. */
  'transfer.taking_over': {
    text: '{operatorName} from the {campusName} is taking over this chat now. They can see everything we have written so far.',
    vars: ['operatorName', 'campusName'],
  },
  /** Sent to the patron when their chat goes to another campus's queue. */
  'transfer.to_queue': {
    text: 'I am passing your question to the {campusName}. A librarian there will join this chat shortly; please stay on this page.',
    vars: ['campusName'],
  },
  /** Sent when a librarian makes a ticket from the chat and has the patron's email. */
  'ticket.made': {
    text: 'I have made a ticket for the {campusName} (reference {encounterId}). A librarian there will reply to {email}. It may take a day or two; thank you for your patience.',
    vars: ['campusName', 'encounterId', 'email'],
  },
  /** Sent when a librarian makes a ticket and the patron gave no email. */
  'ticket.made_no_email': {
    text: 'I have made a ticket for the {campusName} (reference {encounterId}). As we have no email for you, please contact the library and quote that reference; an answer may take a while.',
    vars: ['campusName', 'encounterId'],
  },
  /** The one-click "ask for email" message. */
  'ticket.ask_email': {
    text: 'Could you give me your email address? Then a librarian at the {campusName} can follow up if we get cut off or need more time.',
    vars: ['campusName'],
  },
  /** Shown to a patron who left a ticket from the widget. */
  'ticket.patron_made': {
    text: 'Thank you, {patronName}. Your question is now ticket {encounterId} for the {campusName}; a librarian will reply to {email}. It may take a while.',
    vars: ['patronName', 'encounterId', 'campusName', 'email'],
  },
  /** The widget outside the chat hours. */
  'widget.closed': {
    text: 'Chat with a librarian is closed right now. {opensAt}Leave your question and your email below and a librarian from the {campusName} will reply.',
    vars: ['campusName', 'opensAt'],
  },
} as const satisfies Record<string, { text: string; vars: readonly string[] }>;

export type TemplateName = keyof typeof TEMPLATE_DEFAULTS;
export const TEMPLATE_NAMES = Object.keys(TEMPLATE_DEFAULTS) as TemplateName[];
/** The variables a template takes: each must be given. */
export type TemplateVars<N extends TemplateName> = Record<(typeof TEMPLATE_DEFAULTS)[N]['vars'][number], string>;

/**
 * Put the variables into a text: `{name}` becomes its value. A placeholder with no variable of
 * that name stays as written (an edited template may have a typo; the patron then sees the
 * braces rather than nothing). Values are inserted as they are, never read as placeholders.
 */
export function fillTemplate<V extends string>(text: string, vars: Readonly<Record<V, string>>): string {
  return text.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? (vars as Record<string, string>)[name] ?? whole : whole,
  );
}

/** A named template's default text, filled. */
export function defaultTemplate<N extends TemplateName>(name: N, vars: TemplateVars<N>): string {
  return fillTemplate(TEMPLATE_DEFAULTS[name].text, vars);
}
