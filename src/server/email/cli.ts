/** The mail transport's settings of `serve`: from the environment only (startServer reads them, see ./mailer.ts). */
import type { ServeOption } from '../platform/cli';

export const emailServeOptions: ServeOption = {
  flags: {},
  help: [
    '                      DESKBELL_SMTP_HOST      the SMTP server all email goes through: tickets to campus ticket addresses',
    '                                              and incident reports to campus directors (unset: no email; tickets and',
    '                                              reports are still kept, GET /api/incidents for admins); with it:',
    '                      DESKBELL_SMTP_FROM      the sender, e.g. "Deskbell <deskbell@library.example.edu>" (required)',
    '                      DESKBELL_SMTP_PORT      default 587; DESKBELL_SMTP_SECURE=1 for TLS from the start (port 465)',
    '                      DESKBELL_SMTP_USER, DESKBELL_SMTP_PASSWORD  when the server wants a sign-in (both or neither)',
    '                      DESKBELL_SMTP_REQUIRE_TLS  STARTTLS is required unless the relay is on this machine (127.0.0.0/8, ::1,',
    '                                              localhost); =0 turns it off for such a relay only (refused for any other),',
    '                                              =1 requires it there too',
  ],
  // Nothing to pass: with no `smtp` option, startServer reads DESKBELL_SMTP_* itself.
  read: () => ({}),
};
