import { formatWhen } from '../clock';

/** What each action of the audit log says, in words (an action not listed shows as it is stored). */
export const ACTION_WORDS: Record<string, string> = {
  'account.add': 'added the account',
  'account.disable': 'disabled the account',
  'account.enable': 'enabled the account',
  'account.reset-password': 'reset the password of',
  'account.end-sessions': 'ended every session of',
  'account.role': 'changed the role of',
  'account.campus': 'changed the home campus of',
  'template.add': 'added the template',
  'template.save': 'edited the template',
  'template.delete': 'deleted the template',
  'directory.campus': 'edited the directory entry of',
  'directory.chat-service': 'edited the chat service (hours, seasons, rota)',
  'faqs.import': 'imported the FAQs of',
  'faqs.import-refused': 'refused an import of the FAQs of',
};

/** A JSON record's fields, or null when it is not one (the log keeps what each action gives). */
function fields(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : null;
  } catch {
    return null;
  }
}

/** When an entry was made, or a time it records, as the librarian's locale writes it. */
export const when = formatWhen;

/** A field as text; a time (a number in a field named …At, as the stores keep them) as a date, not milliseconds. */
const shown = (key: string, value: unknown): string => {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && key.endsWith('At')) return when(value);
  return JSON.stringify(value);
};

/** What changed between before and after, field by field, as text: `phone: 860-… → 860-…`. */
export function changes(before: string | null, after: string | null): string[] {
  const was = fields(before);
  const now = fields(after);
  if (!was && !now) return [];
  // A new record: what it holds, without the empty fields and the internal id.
  if (!was) return Object.entries(now ?? {}).filter(([key, value]) => value !== null && key !== 'id').map(([key, value]) => `${key}: ${shown(key, value)}`);
  if (!now) return ['removed'];
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])];
  return keys.filter((key) => shown(key, was[key]) !== shown(key, now[key])).map((key) => `${key}: ${shown(key, was[key])} → ${shown(key, now[key])}`);
}
