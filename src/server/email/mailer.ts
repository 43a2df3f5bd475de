/**
 * Outgoing email, in one place: one SMTP configuration (the environment's DESKBELL_SMTP_*, or
 * the server's `smtp` option in tests against a local SMTP server) and one nodemailer transport.
 * Everything that sends mail goes through `Mailer`: tickets to a campus's ticket address (the
 * tickets' outbox) and incident reports to campus directors.
 */
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { DeskbellServerError } from '../platform/errors';
import { describeIssues } from '../platform/issues';

/** A bare address, or `Name <address>`. */
const SENDER = /^(?:[^<>@]*<\s*[^\s@<>]+@[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+)$/;

export const SmtpSettings = z
  .object({
    host: z.string().trim().min(1).max(253),
    port: z.number().int().min(1).max(65_535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send unless the connection is encrypted (set it whenever the server is not on this machine). */
    requireTls: z.boolean().default(false),
    user: z.string().max(500).optional(),
    password: z.string().max(500).optional(),
    /** The sender every message carries: "deskbell@library.example.edu" or "Deskbell <deskbell@library.example.edu>". */
    from: z.string().trim().max(320).regex(SENDER, 'from must be an email address, or "Name <address>"'),
  })
  .strict()
  .refine((s) => (s.user === undefined) === (s.password === undefined), 'give both the SMTP user and password, or neither');
export type SmtpSettings = z.infer<typeof SmtpSettings>;
export type SmtpSettingsInput = z.input<typeof SmtpSettings>;

/** The environment variables read when the server is given no SMTP settings: no host means no email. */
export const SMTP_ENV = {
  host: 'DESKBELL_SMTP_HOST',
  port: 'DESKBELL_SMTP_PORT',
  secure: 'DESKBELL_SMTP_SECURE',
  requireTls: 'DESKBELL_SMTP_REQUIRE_TLS',
  user: 'DESKBELL_SMTP_USER',
  password: 'DESKBELL_SMTP_PASSWORD',
  from: 'DESKBELL_SMTP_FROM',
} as const;

const flag = (value: string | undefined): boolean | undefined => (value === undefined || value.trim() === '' ? undefined : /^(1|true|yes)$/i.test(value.trim()));
const text = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** SMTP settings from the environment; null when DESKBELL_SMTP_HOST is unset. A half-set environment is an error, said at start. */
export function smtpFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  const host = env[SMTP_ENV.host];
  if (host === undefined || host.trim() === '') return null;
  const port = text(env[SMTP_ENV.port]);
  return parseSmtpSettings(
    {
      host,
      port: port === undefined ? undefined : Number(port),
      secure: flag(env[SMTP_ENV.secure]),
      requireTls: flag(env[SMTP_ENV.requireTls]),
      user: text(env[SMTP_ENV.user]),
      password: text(env[SMTP_ENV.password]),
      from: env[SMTP_ENV.from] ?? '',
    },
    `the SMTP settings in the environment (${Object.values(SMTP_ENV).join(', ')})`,
  );
}

export function parseSmtpSettings(input: SmtpSettingsInput, what = 'the SMTP settings'): SmtpSettings {
  const parsed = SmtpSettings.safeParse(input);
  if (!parsed.success) throw new DeskbellServerError('invalid_config', `${what} are invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  replyTo?: string;
  /** A message's own id, so a resend after an uncertain failure is recognisably the same message. */
  messageId?: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: string; contentType: string }[];
}

export interface Mailer {
  /** Resolves with the accepted message id; rejects when the server did not take the message. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** The one transport; `timeoutMs` bounds connecting, the greeting and each wait on the socket. */
export function createMailer(settings: SmtpSettings, timeoutMs = 20_000): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls,
    auth: settings.user !== undefined && settings.password !== undefined ? { user: settings.user, pass: settings.password } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: settings.from, ...mail });
      if (info.rejected.length > 0) throw new Error(`the mail server refused ${info.rejected.length} recipient(s)`);
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
