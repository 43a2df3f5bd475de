import { z } from 'zod';
import { Template, TemplateEntry, TemplateId, TemplateScope } from './schemas';

/** Templates changed (an admin saved or removed one): every desk updates its copy at once. */
export const templateEvents = [z.object({ type: z.literal('templates.changed'), entries: z.array(TemplateEntry).min(1).max(200) })] as const;
export type TemplateEvent = z.infer<(typeof templateEvents)[number]>;

/** Admin edits; the backend decides who is an admin from its own records. */
export const templateCommands = [
  z.object({ kind: z.literal('template.save'), scope: TemplateScope, template: Template }),
  /** A campus's own version goes (the institution's applies again); an institution template is removed for good. */
  z.object({ kind: z.literal('template.delete'), scope: TemplateScope, id: TemplateId }),
] as const;
export type TemplateCommand = z.infer<(typeof templateCommands)[number]>;
