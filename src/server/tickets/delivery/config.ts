import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CampusId } from '../../../shared/protocol/common';
import { MaxResponseBytes } from '../../libanswers/client';
import { CredentialsSpec, DEFAULT_CREDENTIALS } from '../../libanswers/credentials';
import { DeskbellServerError } from '../../platform/errors';
import { describeIssues } from '../../platform/issues';
import { messageOf } from '../../../shared/narrow';

/**
 * Where each campus's tickets go besides the backend's own queue, both optional: its ticket
 * address (mailed over SMTP) and its LibAnswers queue. No secret lives here: SMTP from the
 * environment (src/server/email), LibAnswers credentials from the environment or a file outside any
 * repository.
 */
export const TicketDeliveryPlan = z
  .object({
    version: z.literal(1),
    campuses: z
      .array(
        z
          .object({
            campus: CampusId,
            email: z.email().max(254).optional(),
            libanswers: z
              .object({
                baseUrl: z.url({ protocol: /^https?$/ }).max(500),
                /** The LibAnswers queue id (`quid`) tickets go to. */
                queueId: z.number().int().positive(),
                credentials: CredentialsSpec.default(DEFAULT_CREDENTIALS),
                /** The largest reply read from the site (default 2 MiB); a larger one fails the attempt. */
                maxResponseBytes: MaxResponseBytes.optional(),
              })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .max(200)
      .refine((list) => new Set(list.map((c) => c.campus)).size === list.length, 'each campus may appear once'),
  })
  .strict();
export type TicketDeliveryPlan = z.infer<typeof TicketDeliveryPlan>;
export type TicketDeliveryPlanInput = z.input<typeof TicketDeliveryPlan>;
export type CampusDelivery = TicketDeliveryPlan['campuses'][number];

export function loadTicketDeliveryPlan(path: string): TicketDeliveryPlan {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DeskbellServerError('invalid_config', `cannot read the ticket delivery plan ${path}: ${messageOf(error)}`, { cause: error });
  }
  const parsed = TicketDeliveryPlan.safeParse(data);
  if (!parsed.success) throw new DeskbellServerError('invalid_config', `ticket delivery plan ${path} is invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
