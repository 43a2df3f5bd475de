/**
 * Mail leaves the backend encrypted: STARTTLS is required for every relay but one on this
 * machine, settings that would send a password (or mail) in clear to another machine refuse the
 * start, and a relay on loopback still takes mail without TLS. Against the suite's SMTP server
 * (the `smtp-server` package, no STARTTLS), over real sockets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server';
import { createMailer, isLoopbackHost, parseSmtpSettings, smtpFromEnv } from '../../src/server/email/mailer';
import { DeskbellServerError } from '../../src/server/platform/errors';
import { TestSmtpServer } from '../support/smtp-server';

let smtp: TestSmtpServer;
let dir: string;

beforeAll(async () => {
  smtp = new TestSmtpServer();
  await smtp.start(0);
  dir = mkdtempSync(join(tmpdir(), 'deskbell-smtp-'));
});
afterAll(async () => {
  await smtp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const FROM = 'deskbell@library.example.edu';
const mail = { to: 'tunxis-tickets@library.example.edu', subject: 'Ticket', text: 'A question' };

describe('which relay is on this machine', () => {
  it.each(['127.0.0.1', '127.3.4.5', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(['smtp.library.example.edu', '10.0.0.5', '128.0.0.1', '::2', 'localhost.example.edu', '127.0.0.1.example.edu', '0.0.0.0'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('the SMTP settings', () => {
  it('require STARTTLS for a relay elsewhere, and not for one on this machine, unless told', () => {
    expect(parseSmtpSettings({ host: 'smtp.library.example.edu', from: FROM }).requireTls).toBe(true);
    expect(parseSmtpSettings({ host: '127.0.0.1', from: FROM }).requireTls).toBe(false);
    expect(parseSmtpSettings({ host: 'localhost', from: FROM, requireTls: true }).requireTls).toBe(true);
    // TLS from the first byte needs no STARTTLS.
    expect(parseSmtpSettings({ host: 'smtp.library.example.edu', port: 465, secure: true, requireTls: false, user: 'u', password: 'p', from: FROM }).secure).toBe(true);
  });

  it('refuse TLS turned off for a relay elsewhere, naming the option', () => {
    const refused = () => parseSmtpSettings({ host: 'smtp.library.example.edu', requireTls: false, from: FROM });
    expect(refused).toThrow(DeskbellServerError);
    expect(refused).toThrow(/DESKBELL_SMTP_REQUIRE_TLS=0 .* unencrypted/);
  });

  it('refuse a user name and password without TLS, from the environment too', () => {
    const env = {
      DESKBELL_SMTP_HOST: 'smtp.library.example.edu',
      DESKBELL_SMTP_REQUIRE_TLS: '0',
      DESKBELL_SMTP_USER: 'deskbell',
      DESKBELL_SMTP_PASSWORD: 'secret',
      DESKBELL_SMTP_FROM: FROM,
    };
    expect(() => smtpFromEnv(env)).toThrow(/DESKBELL_SMTP_REQUIRE_TLS=0 .*DESKBELL_SMTP_USER, DESKBELL_SMTP_PASSWORD.* unencrypted/);
    // The same relay with STARTTLS left required is fine.
    expect(smtpFromEnv({ ...env, DESKBELL_SMTP_REQUIRE_TLS: '' })?.requireTls).toBe(true);
  });
});

describe('the backend', () => {
  it('refuses to start with a password that would go in clear', async () => {
    const started = startServer({
      dbPath: join(dir, 'refused.db'),
      port: 0,
      log: () => undefined,
      smtp: { host: 'smtp.library.example.edu', requireTls: false, user: 'deskbell', password: 'secret', from: FROM },
    });
    await expect(started).rejects.toMatchObject({ code: 'invalid_config', message: expect.stringMatching(/DESKBELL_SMTP_REQUIRE_TLS/) });
  });
});

describe('on the wire', () => {
  it('sends nothing, and no password, to a relay elsewhere that offers no STARTTLS', async () => {
    const before = smtp.inbox.length;
    const settings = parseSmtpSettings({ host: 'smtp.library.example.edu', port: 587, user: smtp.user, password: smtp.password, from: FROM });
    // The relay's name is not loopback; the socket reaches the suite's server, which offers no STARTTLS.
    const mailer = createMailer(settings, 5_000, () => connect(smtp.port, '127.0.0.1'));
    try {
      await expect(mailer.send(mail)).rejects.toThrow(/STARTTLS|TLS/i);
    } finally {
      mailer.close();
    }
    expect(smtp.authAttempts).toBe(0);
    expect(smtp.inbox.length).toBe(before);
  });

  it('sends no password to a relay whose STARTTLS certificate is not trusted (a relay played by someone else)', async () => {
    const impostor = new TestSmtpServer();
    impostor.offersStartTls = true;
    await impostor.start(0);
    const mailer = createMailer(
      parseSmtpSettings({ host: 'smtp.library.example.edu', port: 587, user: impostor.user, password: impostor.password, from: FROM }),
      5_000,
      () => connect(impostor.port, '127.0.0.1'),
    );
    try {
      await expect(mailer.send(mail)).rejects.toThrow(/certificate|self.signed|altnames/i);
    } finally {
      mailer.close();
      await impostor.stop();
    }
    expect(impostor.authAttempts).toBe(0);
    expect(impostor.inbox).toHaveLength(0);
  });

  it('still mails through a relay on this machine, signed in, without TLS', async () => {
    const before = smtp.inbox.length;
    const mailer = createMailer(parseSmtpSettings({ host: '127.0.0.1', port: smtp.port, user: smtp.user, password: smtp.password, from: FROM }), 5_000);
    try {
      await mailer.send(mail);
    } finally {
      mailer.close();
    }
    expect(smtp.inbox.length).toBe(before + 1);
    expect(smtp.inbox.at(-1)).toMatchObject({ user: smtp.user, subject: 'Ticket', rcptTo: [mail.to] });
  });
});
