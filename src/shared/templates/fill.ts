/**
 * Template variables: `{patron}`, `{me}`, `{campus}` and the rest, filled from what the desk
 * knows about the chat. One function fills every template, wherever it is sent from (the pane,
 * the nudges, another capability's notice on the server).
 */

/** The variables a template may use, and what each holds. */
export const TEMPLATE_VARIABLES = {
  patron: 'the patron’s name (their given name once you set it)',
  me: 'your first name',
  myName: 'your full name',
  campus: 'the patron’s campus library',
  myCampus: 'your own campus library',
  encounterId: 'the chat’s encounter ID',
  campusPhone: 'the patron’s library phone',
  campusWebsite: 'the patron’s library website',
  publicSafety: 'the patron’s campus public-safety phone',
  director: 'the patron’s library director',
  directorEmail: 'the director’s email',
  counselingUrl: 'the patron’s campus counseling page',
  counselingPhone: 'the patron’s campus counseling phone',
  allLibrariesUrl: 'the page listing every campus library',
  email: 'the patron’s email',
  opensAt: 'when chat opens again, as a sentence (the closed chat page only)',
} as const;
export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;
export type TemplateVars = Partial<Record<string, string>>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]{0,30})\}/g;

/**
 * The text with each `{name}` replaced by its value. A variable with no value (or an empty
 * one) stays as `{name}`, so the librarian sees what is missing before anything is sent;
 * `emptyStays: false` puts an empty value in as empty (a notice nobody reviews). Values are
 * put in as they are, never read as placeholders.
 */
export function fillTemplate(text: string, vars: TemplateVars, { emptyStays = true }: { emptyStays?: boolean } = {}): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    return value !== undefined && (!emptyStays || value.trim() !== '') ? value : whole;
  });
}

/** The `{names}` a text uses, each once, in order. */
export function placeholdersIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) if (match[1] && !names.includes(match[1])) names.push(match[1]);
  return names;
}

/** Placeholders that name no known variable: a typo in a template ("{patorn}"). */
export const unknownVariables = (text: string): string[] => placeholdersIn(text).filter((name) => !Object.prototype.hasOwnProperty.call(TEMPLATE_VARIABLES, name));

/** Known variables still unfilled in a text (a draft): what the librarian must fill in by hand. */
export const unfilledVariables = (text: string): string[] => placeholdersIn(text).filter((name) => Object.prototype.hasOwnProperty.call(TEMPLATE_VARIABLES, name));

/** "Ada Lovelace" -> "Ada": chat is a little informal. */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? name.trim();
