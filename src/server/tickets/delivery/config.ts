import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CampusId } from '../../../shared/protocol/common';
import { CredentialsSpec, DEFAULT_CREDENTIALS } from '../../libanswers/credentials';
import { DeskbellServerError } from '../../platform/errors';
import { describeIssues } from '../../platform/issues';

/**
 * Where each campus's tickets go besides the backend's own queue, both optional: its ticket
 * address (mailed over SMTP) and its LibAnswers queue. No secret lives here: SMTP from the
 * environment (smtpFromEnv), LibAnswers credentials from the environment or a file outside any
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
    throw new DeskbellServerError('invalid_config', `cannot read the ticket delivery plan ${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = TicketDeliveryPlan.safeParse(data);
  if (!parsed.success) throw new DeskbellServerError('invalid_config', `ticket delivery plan ${path} is invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The SMTP server tickets are mailed through. */
export const SmtpSettings = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65_535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send unless the connection is encrypted (STARTTLS required). */
    requireTls: z.boolean().default(false),
    user: z.string().max(500).optional(),
    password: z.string().max(500).optional(),
    from: z.email().max(254),
  })
  .strict()
  .refine((s) => (s.user === undefined) === (s.password === undefined), 'give both the SMTP user and password, or neither');
export type SmtpSettings = z.infer<typeof SmtpSettings>;
export type SmtpSettingsInput = z.input<typeof SmtpSettings>;

const flag = (value: string | undefined): boolean | undefined => (value === undefined || value === '' ? undefined : /^(1|true|yes)$/i.test(value));

/**
 * SMTP from the environment: DESKBELL_SMTP_HOST (unset: no email), DESKBELL_SMTP_PORT,
 * DESKBELL_SMTP_SECURE, DESKBELL_SMTP_REQUIRE_TLS, DESKBELL_SMTP_USER, DESKBELL_SMTP_PASSWORD,
 * DESKBELL_SMTP_FROM.
 */
export function smtpFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  if (!env.DESKBELL_SMTP_HOST) return null;
  const parsed = SmtpSettings.safeParse({
    host: env.DESKBELL_SMTP_HOST,
    port: env.DESKBELL_SMTP_PORT ? Number(env.DESKBELL_SMTP_PORT) : undefined,
    secure: flag(env.DESKBELL_SMTP_SECURE),
    requireTls: flag(env.DESKBELL_SMTP_REQUIRE_TLS),
    user: env.DESKBELL_SMTP_USER || undefined,
    password: env.DESKBELL_SMTP_PASSWORD || undefined,
    from: env.DESKBELL_SMTP_FROM,
  });
  if (!parsed.success) throw new DeskbellServerError('invalid_config', `the SMTP settings in the environment are invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
