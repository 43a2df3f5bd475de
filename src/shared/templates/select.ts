import { DEFAULT_TEMPLATES } from './defaults';
import { TEMPLATE_CATEGORIES, type Template, type TemplateCategory, type TemplateEntry } from './schemas';

/** Within a category, the defaults keep their written order; other templates follow by name. */
const DEFAULT_ORDER = new Map(DEFAULT_TEMPLATES.map((t, i) => [t.id, i]));

/**
 * The templates that apply to a chat of `campus`: the institution's, each replaced by the
 * campus's own version where it has one; removed ones left out. Sorted by category, then as stored.
 */
export function templatesFor(entries: Iterable<TemplateEntry>, campus: string | null): Template[] {
  const institution = new Map<string, TemplateEntry>();
  const own = new Map<string, TemplateEntry>();
  for (const entry of entries) {
    if (entry.scope === 'institution') institution.set(entry.template.id, entry);
    else if (entry.scope === campus) own.set(entry.template.id, entry);
  }
  const result: Template[] = [];
  for (const id of new Set([...institution.keys(), ...own.keys()])) {
    const campusEntry = own.get(id);
    const chosen = campusEntry && !campusEntry.deleted ? campusEntry : institution.get(id);
    if (chosen && !chosen.deleted) result.push(chosen.template);
  }
  const order = (category: TemplateCategory) => TEMPLATE_CATEGORIES.indexOf(category);
  const position = (t: Template) => DEFAULT_ORDER.get(t.id) ?? Number.MAX_SAFE_INTEGER;
  return result.sort((a, b) => order(a.category) - order(b.category) || position(a) - position(b) || a.id.localeCompare(b.id));
}

/** One template's text for a campus (its own version first), or null: how another capability reads a named notice. */
export function templateTextFor(entries: Iterable<TemplateEntry>, id: string, campus: string | null): string | null {
  return templatesFor(entries, campus).find((t) => t.id === id)?.text ?? null;
}

/**
 * The picker's matches for what follows the slash: a shortcut starting with the query first,
 * then templates whose label or name holds every typed word. Guidance for the librarian is
 * never offered to send.
 */
export function matchTemplates(templates: readonly Template[], query: string): Template[] {
  const sendable = templates.filter((t) => t.audience === 'patron');
  const q = query.trim().toLowerCase();
  if (q === '') return sendable;
  const words = q.split(/\s+/);
  const byShortcut = sendable.filter((t) => t.shortcut !== '' && t.shortcut.startsWith(q));
  const byWords = sendable.filter((t) => !byShortcut.includes(t) && words.every((w) => `${t.label} ${t.id} ${t.category}`.toLowerCase().includes(w)));
  return [...byShortcut, ...byWords];
}

/** The reply box starts with `/word`: the picker is open on `word`. */
export function slashQuery(draft: string): string | null {
  const match = /^\/([a-z0-9 -]{0,30})$/i.exec(draft);
  return match ? (match[1] ?? '') : null;
}
