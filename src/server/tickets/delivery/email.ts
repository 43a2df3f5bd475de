import nodemailer from 'nodemailer';
import type { TicketDetails } from '../../../shared/tickets/schemas';
import type { SmtpSettings } from './config';
import { ticketBody } from './ticket-text';

export interface TicketMail {
  /** The campus's ticket address. */
  to: string;
  ticket: Omit<TicketDetails, 'campusContact'>;
  campusName: string;
}

/**
 * Mails tickets through the SMTP server the environment names. The Message-ID is the ticket's
 * own, so a resend after an uncertain failure can be recognised as the same message.
 */
export class TicketMailer {
  private readonly transport;

  constructor(
    private readonly smtp: SmtpSettings,
    timeoutMs: number,
  ) {
    this.transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      requireTLS: smtp.requireTls,
      auth: smtp.user !== undefined && smtp.password !== undefined ? { user: smtp.user, pass: smtp.password } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  /** Resolves with the accepted message id; rejects when the server did not take it. */
  async send(mail: TicketMail): Promise<string> {
    const { ticket } = mail;
    const info = await this.transport.sendMail({
      from: this.smtp.from,
      to: mail.to,
      replyTo: ticket.email || undefined,
      subject: `Ticket ${ticket.encounterId}: ${ticket.patronName || 'a patron'} (${mail.campusName})`,
      text: ticketBody(ticket, mail.campusName),
      messageId: `<${ticket.id}.${ticket.encounterId}@deskbell.invalid>`,
      headers: { 'X-Deskbell-Ticket': ticket.encounterId },
    });
    if (info.rejected.length > 0) throw new Error(`the mail server refused ${info.rejected.length} recipient(s)`);
    return info.messageId;
  }

  close(): void {
    this.transport.close();
  }
}
