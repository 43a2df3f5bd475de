import type { DeskSnapshot } from '../desk/events';
import type { DeskState, EventReducers } from '../desk/state';
import type { TemplateEvent } from './events';
import type { TemplateEntry } from './schemas';

/** Every stored template, by `scope/id`. */
export type TemplatesSlice = Readonly<Record<string, TemplateEntry>>;

export const templateKey = (entry: Pick<TemplateEntry, 'scope'> & { template: { id: string } }): string => `${entry.scope}/${entry.template.id}`;

export const templatesFromSnapshot = (snapshot: DeskSnapshot): Pick<DeskState, 'templates'> => ({
  templates: Object.fromEntries(snapshot.templates.map((entry) => [templateKey(entry), entry])),
});

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export const templateReducers: EventReducers<TemplateEvent> = {
  'templates.changed': (state, { entries }) => {
    const changed = entries.filter((entry) => !sameJson(state.templates[templateKey(entry)], entry));
    if (changed.length === 0) return state;
    return { ...state, templates: { ...state.templates, ...Object.fromEntries(changed.map((entry) => [templateKey(entry), entry])) } };
  },
};
