/**
 * The hand-off notices: what Deskbell tells a patron on a librarian's behalf (a transfer, a
 * ticket, a request for an email, the closed chat page). Each is a template of the one store
 * (its default text in ./defaults.ts, audience `notice`), so an administrator can reword it per
 * institution or campus; the backend reads it through `templateText(name, campus)`. Each
 * notice is filled with exactly the variables listed here, so an edit may use only those.
 */
import { DEFAULT_TEMPLATES } from './defaults';
import { fillTemplate, placeholdersIn, type TemplateVariable } from './fill';

export const NOTICE_VARIABLES = {
  /** To the patron when the addressee accepts a transfer ("me" is the librarian taking over). */
  'transfer.taking-over': ['myName', 'myCampus'],
  /** To the patron when their chat goes to another campus's queue. */
  'transfer.to-queue': ['campus'],
  /** A ticket made from the chat, with the patron's email. */
  'ticket.made': ['campus', 'encounterId', 'email'],
  /** A ticket made from the chat, without an email. */
  'ticket.made-no-email': ['campus', 'encounterId'],
  /** The one-click "ask for email" of the ticket dialog. */
  'ticket.ask-email': ['campus'],
  /** Shown to a patron who left a ticket from the chat page. */
  'ticket.patron-made': ['patron', 'encounterId', 'campus', 'email'],
  /** The chat page outside the chat hours. */
  'widget.closed': ['campus', 'opensAt'],
} as const satisfies Record<string, readonly TemplateVariable[]>;

export type NoticeName = keyof typeof NOTICE_VARIABLES;
/** The variables a notice is filled with: each must be given. */
export type NoticeVars<N extends NoticeName> = Record<(typeof NOTICE_VARIABLES)[N][number], string>;

export const isNoticeName = (id: string): id is NoticeName => Object.prototype.hasOwnProperty.call(NOTICE_VARIABLES, id);
export const NOTICE_NAMES = Object.keys(NOTICE_VARIABLES).filter(isNoticeName);

/** A notice's default text (the store falls back to it when an administrator removed the notice). */
export function defaultNoticeText(name: NoticeName): string {
  const template = DEFAULT_TEMPLATES.find((t) => t.id === name);
  if (!template) throw new Error(`no default text for the notice ${name}`);
  return template.text;
}

/**
 * A notice's text with its variables put in. Unlike a librarian's template (where an empty
 * variable stays as `{name}` for the librarian to fill), nobody reviews a notice before the
 * patron reads it: an empty value is put in as empty.
 */
export function fillNotice<N extends NoticeName>(text: string, vars: NoticeVars<N>): string {
  return fillTemplate(text, vars, { emptyStays: false });
}

/** Why an edit of a template cannot be saved as it stands with respect to the notices, or null. */
export function noticeEditProblem(template: { id: string; audience: string; text: string }): string | null {
  if (!isNoticeName(template.id)) return template.audience === 'notice' ? 'only Deskbell’s own hand-off notices are sent as notices' : null;
  if (template.audience !== 'notice') return `${template.id} is a hand-off notice: it stays one`;
  const allowed: readonly string[] = NOTICE_VARIABLES[template.id];
  const others = placeholdersIn(template.text).filter((name) => !allowed.includes(name));
  return others.length === 0 ? null : `${template.id} can use only ${allowed.map((n) => `{${n}}`).join(', ')}, not ${others.map((n) => `{${n}}`).join(', ')}`;
}
