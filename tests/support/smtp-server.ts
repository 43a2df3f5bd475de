import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO), which is where the mail really goes. */
  rcptTo: string[];
  mailFrom: string;
  subject: string;
  text: string;
  messageId: string;
  replyTo: string;
  to: string;
  user: string | null;
  /** Attachments by file name, decoded as UTF-8 text. */
  attachments: Record<string, string>;
}

/**
 * The suite's one local SMTP server (the `smtp-server` package), with a user and password, no
 * TLS (loopback only). It can be stopped and started again on the same port, to play a mail
 * server that is down for a while; `refuse` turns recipients away (a failed send).
 */
export class TestSmtpServer {
  readonly inbox: ReceivedMail[] = [];
  /** Every AUTH the server was asked for, right or wrong: a password that reached it. */
  authAttempts = 0;
  private server: SMTPServer | null = null;
  port = 0;

  /** Offer STARTTLS, with smtp-server's own self-signed certificate (one no client should trust). */
  offersStartTls = false;

  constructor(
    readonly user = 'deskbell',
    readonly password = 'smtp-secret-for-tests',
    private readonly refuse: (address: string) => boolean = () => false,
  ) {}

  async start(port = this.port): Promise<void> {
    const server = new SMTPServer({
      disabledCommands: this.offersStartTls ? [] : ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        this.authAttempts++;
        if (auth.username === this.user && auth.password === this.password) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onRcptTo: (address, _session, callback) => {
        if (this.refuse(address.address)) callback(new Error('550 no such mailbox here'));
        else callback();
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const address = (value: typeof mail.to) => (Array.isArray(value) ? value.map((v) => v.text).join(', ') : (value?.text ?? ''));
            this.inbox.push({
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              messageId: mail.messageId ?? '',
              replyTo: mail.replyTo?.text ?? '',
              to: address(mail.to),
              user: typeof session.user === 'string' ? session.user : null,
              attachments: Object.fromEntries(mail.attachments.map((a) => [a.filename ?? '', a.content.toString('utf8')])),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    server.on('error', () => undefined);
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  /** Down: the port refuses connections until started again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
