/**
 * Outgoing email, in one place: one SMTP configuration (the environment's DESKBELL_SMTP_*, or
 * the server's `smtp` option in tests against a local SMTP server) and one nodemailer transport.
 * Everything that sends mail goes through `Mailer`: tickets to a campus's ticket address (the
 * tickets' outbox) and incident reports to campus directors.
 */
import { BlockList, isIP, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { DeskbellServerError } from '../platform/errors';
import { describeIssues } from '../platform/issues';
import { literalSubject } from './literal-subject';

/** A bare address, or `Name <address>`. */
const SENDER = /^(?:[^<>@]*<\s*[^\s@<>]+@[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+)$/;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * A relay on this machine: 127.0.0.0/8, ::1 or the name localhost, written as such (a name that
 * merely resolves to one is not trusted to: DNS can change). Only there may mail go without TLS.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost') return true;
  const family = isIP(name);
  return family !== 0 && LOOPBACK.check(name, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why settings that would send mail (or a password) in clear to another machine are refused; names the option to change. */
function clearTextProblem(s: { host: string; secure: boolean; requireTls?: boolean | undefined; user?: string | undefined }): string | null {
  if (s.secure || s.requireTls !== false || isLoopbackHost(s.host)) return null;
  const what = s.user === undefined ? 'mail' : 'the SMTP user name and password (DESKBELL_SMTP_USER, DESKBELL_SMTP_PASSWORD) and the mail';
  return (
    `${SMTP_ENV.requireTls}=0 (requireTls: false) would send ${what} to ${s.host} unencrypted: ` +
    `TLS may be turned off only for a relay on this machine (127.0.0.1, ::1, localhost). ` +
    `Leave ${SMTP_ENV.requireTls} unset (STARTTLS is then required) or set ${SMTP_ENV.secure}=1 (TLS from the first byte, port 465)`
  );
}

export const SmtpSettings = z
  .object({
    host: z.string().trim().min(1).max(253),
    port: z.number().int().min(1).max(65_535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS. */
    secure: z.boolean().default(false),
    /**
     * Refuse to send unless STARTTLS encrypts the connection. Unset: required for every relay but
     * one on this machine (isLoopbackHost); false is refused for any other relay.
     */
    requireTls: z.boolean().optional(),
    user: z.string().max(500).optional(),
    password: z.string().max(500).optional(),
    /** The sender every message carries: "deskbell@library.example.edu" or "Deskbell <deskbell@library.example.edu>". */
    from: z.string().trim().max(320).regex(SENDER, 'from must be an email address, or "Name <address>"'),
  })
  .strict()
  .refine((s) => (s.user === undefined) === (s.password === undefined), 'give both the SMTP user and password, or neither')
  .superRefine((s, ctx) => {
    const problem = clearTextProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', path: ['requireTls'], message: problem });
  })
  .transform((s) => ({ ...s, requireTls: s.requireTls ?? !isLoopbackHost(s.host) }));
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

/** How to reach the relay instead of a TCP connection to its host and port (a proxy; tests reach a local server under another name). */
export type SmtpConnect = (host: string, port: number) => Socket;

/** The one transport; `timeoutMs` bounds connecting, the greeting and each wait on the socket. */
export function createMailer(settings: SmtpSettings, timeoutMs = 20_000, connect?: SmtpConnect): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls,
    auth: settings.user !== undefined && settings.password !== undefined ? { user: settings.user, pass: settings.password } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    ...(connect ? { getSocket: socketFrom(() => connect(settings.host, settings.port)) } : {}),
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: settings.from, ...mail, subject: literalSubject(mail.subject) });
      if (info.rejected.length > 0) throw new Error(`the mail server refused ${info.rejected.length} recipient(s)`);
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}

/** nodemailer's `getSocket`: the connected socket, or the error that stopped it connecting. */
function socketFrom(connect: () => Socket) {
  return (_options: unknown, callback: (error: Error | null, socket?: { connection: Socket }) => void): void => {
    const socket = connect();
    const failed = (error: Error) => callback(error);
    socket.once('error', failed);
    socket.once('connect', () => {
      socket.off('error', failed);
      callback(null, { connection: socket });
    });
  };
}
