/**
 * Outgoing email, in one place: nodemailer over SMTP, configured from the environment (or the
 * server's options, for tests against a local SMTP server). Everything that sends mail
 * (incident reports to campus directors; later the hand-off emails) goes through `Mailer`.
 */
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { DeskbellServerError } from '../platform/errors';
import { describeIssues } from '../platform/issues';

export const MailSettings = z
  .object({
    host: z.string().trim().min(1).max(253),
    port: z.number().int().min(1).max(65_535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
    secure: z.boolean().default(false),
    user: z.string().max(320).default(''),
    password: z.string().max(500).default(''),
    /** The sender every message carries, e.g. "Deskbell <deskbell@library.example>". */
    from: z.string().trim().min(3).max(320),
    /** Refuse to send without TLS (set it whenever the server is not on this machine). */
    requireTls: z.boolean().default(false),
  })
  .strict();
export type MailSettings = z.infer<typeof MailSettings>;
export type MailSettingsInput = z.input<typeof MailSettings>;

/** Environment variables read when the server is given no mail settings: none set means no email. */
export const MAIL_ENV = {
  host: 'DESKBELL_SMTP_HOST',
  port: 'DESKBELL_SMTP_PORT',
  secure: 'DESKBELL_SMTP_SECURE',
  user: 'DESKBELL_SMTP_USER',
  password: 'DESKBELL_SMTP_PASSWORD',
  from: 'DESKBELL_MAIL_FROM',
  requireTls: 'DESKBELL_SMTP_REQUIRE_TLS',
} as const;

const flag = (value: string | undefined): boolean | undefined => (value === undefined ? undefined : /^(1|true|yes)$/i.test(value.trim()));

/** Mail settings from the environment; null when DESKBELL_SMTP_HOST is unset. A half-set environment is an error, said at start. */
export function mailSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MailSettings | null {
  const host = env[MAIL_ENV.host];
  if (host === undefined || host.trim() === '') return null;
  const parsed = MailSettings.safeParse({
    host,
    port: env[MAIL_ENV.port] === undefined ? undefined : Number(env[MAIL_ENV.port]),
    secure: flag(env[MAIL_ENV.secure]),
    user: env[MAIL_ENV.user],
    password: env[MAIL_ENV.password],
    from: env[MAIL_ENV.from],
    requireTls: flag(env[MAIL_ENV.requireTls]),
  });
  if (!parsed.success) throw new DeskbellServerError('invalid_config', `the mail settings (${Object.values(MAIL_ENV).join(', ')}) are invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: string; contentType: string }[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export function createMailer(settings: MailSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls,
    auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text, attachments: mail.attachments });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}

export function parseMailSettings(input: MailSettingsInput): MailSettings {
  const parsed = MailSettings.safeParse(input);
  if (!parsed.success) throw new DeskbellServerError('invalid_config', `the mail settings are invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
