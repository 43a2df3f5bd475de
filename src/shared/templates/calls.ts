import { z } from 'zod';
import { Empty } from '../protocol/common';
import { Template, TemplateId, TemplateScope } from './schemas';

export const templateCalls = {
  /** An administrator's edit; refused by the backend for anyone else. */
  'template.save': { args: z.object({ scope: TemplateScope, template: Template }).strict(), result: Empty },
  'template.delete': { args: z.object({ scope: TemplateScope, id: TemplateId }).strict(), result: Empty },
} as const;
