import { z } from 'zod';
import { CampusId, MAX_TEXT_CHARS } from '../protocol/common';

/**
 * A template's name: lowercase words joined by dots or dashes ("greeting.by-name",
 * "transfer.notice"). Other capabilities name their patron-facing notices the same way, so
 * each becomes a template here (one template system).
 */
export const TemplateId = z
  .string()
  .regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, 'a template name is lowercase words joined by dots or dashes')
  .max(60);
export type TemplateId = z.infer<typeof TemplateId>;

/** What a template is for: the pane groups them so, and some parts of the pane look for a category. */
export const TEMPLATE_CATEGORIES = ['greeting', 'campus', 'wait', 'followup', 'check', 'closing', 'silence', 'interview', 'abuse', 'crisis', 'handoff', 'other'] as const;
export const TemplateCategory = z.enum(TEMPLATE_CATEGORIES);
export type TemplateCategory = z.infer<typeof TemplateCategory>;

/** A slash word typed in the reply box (`/still`): letters and digits, short. */
export const Shortcut = z.union([z.literal(''), z.string().regex(/^[a-z0-9-]{1,20}$/, 'a shortcut is 1-20 lowercase letters, digits or dashes')]);

export const Template = z
  .object({
    id: TemplateId,
    category: TemplateCategory,
    /** What the button and the picker say. */
    label: z.string().trim().min(1).max(80),
    /** The message, with {variables} (see ./fill.ts). */
    text: z.string().trim().min(1).max(MAX_TEXT_CHARS),
    shortcut: Shortcut.default(''),
    /**
     * `patron`: a message to send. `librarian`: guidance shown to the librarian only (the crisis
     * do's and don'ts, the note of support), never sent. `notice`: a hand-off notice Deskbell
     * sends itself (./notices.ts), never offered in the picker.
     */
    audience: z.enum(['patron', 'librarian', 'notice']).default('patron'),
    /** An administrator should confirm it (a phone number not taken from the workflow guide). */
    check: z.boolean().default(false),
  })
  .strict();
export type Template = z.infer<typeof Template>;
export type TemplateInput = z.input<typeof Template>;

/** Where a template applies: the whole institution, or one campus (which overrides the institution's of the same name). */
export const TemplateScope = z.union([z.literal('institution'), CampusId]);
export type TemplateScope = z.infer<typeof TemplateScope>;

/** A template as stored and synced: its scope, and whether it was removed (a removed institution default stays removed). */
export const TemplateEntry = z.object({
  scope: TemplateScope,
  template: Template,
  deleted: z.boolean().default(false),
  updatedAt: z.number().int().nonnegative(),
  updatedBy: z.string().max(200).nullable(),
});
export type TemplateEntry = z.infer<typeof TemplateEntry>;
