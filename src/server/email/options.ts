/** The server option of the one mail transport (`ServerOptions`). */
import { parseSmtpSettings, type SmtpSettings, type SmtpSettingsInput, smtpFromEnv } from './mailer';

export interface EmailServerOptions {
  /**
   * The SMTP server all email goes through (tickets to campus ticket addresses, incident reports
   * to directors); undefined: from the environment (DESKBELL_SMTP_*, see ./mailer.ts), null: none.
   */
  smtp?: SmtpSettingsInput | null;
}

/** The SMTP settings to use, checked (a half-set environment refuses the start); null: nothing is emailed. */
export function smtpSettings(options: EmailServerOptions): SmtpSettings | null {
  return options.smtp === undefined ? smtpFromEnv() : options.smtp === null ? null : parseSmtpSettings(options.smtp);
}
