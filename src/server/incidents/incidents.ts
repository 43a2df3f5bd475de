import { randomInt } from 'node:crypto';
import { knownPatronName } from '../../shared/chats/labels';
import type { IncidentCommand } from '../../shared/incidents/events';
import type { IncidentDelivery, IncidentReport } from '../../shared/incidents/schemas';
import { CampusId } from '../../shared/protocol/common';
import { transcriptFileName, transcriptText } from '../../shared/transcripts/format';
import type { CommandTable, ServerCapability, ServerContext } from '../capability';
import { checkRecorder, type Chats } from '../chats/chats';
import type { Mailer } from '../email/mailer';
import { errorData } from '../platform/log';
import { bearerToken, HttpError, type Routes, sendJson } from '../transport/http';
import { type IncidentStore, summaryOf } from './incident-store';
import { messageOf } from '../../shared/narrow';

const ID_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** `INC-20261128-7K3QZP`, like encounter IDs: read aloud and quoted in follow-ups. */
function newIncidentId(at: number): string {
  const day = new Date(at).toISOString().slice(0, 10).replaceAll('-', '');
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return `INC-${day}-${suffix}`;
}

/** The email a director receives: who, how to reach them, which encounter, what happened; the transcript is attached. */
export function incidentMailText(report: IncidentReport, campusName: string): string {
  return [
    `An incident was reported in a chat with the ${campusName}.`,
    '',
    `Report: ${report.id}`,
    `Encounter: ${report.encounterId}`,
    `Reported by: ${report.byName}, ${new Date(report.at).toISOString()}`,
    `Patron: ${report.patronName || 'name not given'}`,
    `Patron email: ${report.patronEmail || 'not given'}`,
    `Patron phone: ${report.patronPhone || 'not given'}`,
    '',
    'What happened, in the librarian’s words:',
    report.note,
    '',
    `The whole transcript is attached (${report.encounterId}.txt).`,
  ].join('\n');
}

/**
 * Incident reports to the campus director about an abusive chat: filled in from the backend's
 * own record of the chat (the patron's name and contact, the encounter ID, the whole transcript),
 * stored first (the director's queue, `GET /api/incidents` for administrators), then emailed to
 * the director where the backend has mail set up and the directory a director's email.
 */
export class Incidents implements ServerCapability {
  private readonly sending = new Set<string>();
  private closed = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly chats: Chats,
    /** Shared with the chat field `incidents` (./chat-field.ts), which reads the summaries from it. */
    readonly store: IncidentStore,
    private readonly mailer: Mailer | null,
  ) {}

  /** After a restart: send what was stored but not yet emailed. */
  recover(): void {
    for (const report of this.store.queued()) this.deliver(report);
  }

  /** The mailer is the server's, closed by it after every capability. */
  close(): void {
    this.closed = true;
  }

  readonly commands: CommandTable<IncidentCommand['kind']> = {
    'incident.report': (operator, { chatId, note }, { now }) => {
      const held = checkRecorder(this.chats.store.get(chatId), chatId, operator);
      if (!held.ok) return held;
      const row = held.value;
      const campus = this.ctx.directory.get(row.campus);
      const campusName = campus?.name ?? row.campus;
      const chat = this.chats.summary(row, this.chats.store.allMessages(chatId));
      const directorEmail = campus?.directorEmail ?? '';
      const delivery: IncidentDelivery = directorEmail === '' ? 'no-director-email' : this.mailer ? 'queued' : 'no-mail-setup';
      let id = newIncidentId(now);
      while (this.store.idTaken(id)) id = newIncidentId(now);
      this.store.add({
        id,
        chatId,
        campus: row.campus,
        encounterId: row.encounter_id,
        at: now,
        operatorId: operator.id,
        operatorName: operator.name,
        patronName: knownPatronName(chat) ?? '',
        patronEmail: chat.patronEmail,
        patronPhone: chat.patronPhone,
        note,
        transcript: transcriptText(chat, { campusName, timeZone: campus?.timeZone ?? 'America/New_York' }),
        directorEmail,
        delivery,
      });
      this.chats.store.transcriptChanged(chatId);
      return {
        ok: true,
        value: {},
        after: () => {
          const report = this.store.get(id);
          if (!report) return;
          this.ctx.log('info', 'incident reported', { id, chatId, campus: row.campus, by: operator.id, delivery });
          this.ctx.publish({ type: 'chat.incident', chatId, incident: summaryOf(report) });
          if (delivery === 'queued') this.deliver(report);
        },
      };
    },
  };

  /** Email one stored report to its director; the outcome is stored and every desk hears of it. */
  private deliver(report: IncidentReport): void {
    const mailer = this.mailer;
    if (!mailer || this.sending.has(report.id) || this.closed) return;
    this.sending.add(report.id);
    const campusName = this.ctx.directory.get(report.campus)?.name ?? report.campus;
    void mailer
      .send({
        to: report.to,
        subject: `Incident report ${report.id}: chat ${report.encounterId} (${campusName})`,
        text: incidentMailText(report, campusName),
        attachments: [{ filename: transcriptFileName({ encounterId: report.encounterId }, 'txt'), content: report.transcript, contentType: 'text/plain; charset=utf-8' }],
      })
      .then(
        () => this.delivered(report, 'emailed', null),
        (error: unknown) => {
          this.ctx.log('error', 'incident report email failed', { id: report.id, ...errorData(error) });
          this.delivered(report, 'email-failed', messageOf(error).slice(0, 500));
        },
      )
      .finally(() => this.sending.delete(report.id));
  }

  private delivered(report: IncidentReport, delivery: IncidentDelivery, error: string | null): void {
    if (this.closed) return;
    try {
      const at = this.ctx.now();
      this.ctx.db.transaction(() => {
        this.store.setDelivery(report.id, delivery, at, error);
        this.chats.store.transcriptChanged(report.chatId);
      })();
      const stored = this.store.get(report.id);
      if (stored) this.ctx.publish({ type: 'chat.incident', chatId: report.chatId, incident: summaryOf(stored) });
    } catch (failure) {
      this.ctx.log('error', 'could not record an incident report delivery', { id: report.id, ...errorData(failure) });
    }
  }

  /** The director's queue, for administrators: `GET /api/incidents?campus=<id>&limit=<n>`. */
  readonly routes: Routes = {
    '/api/incidents': {
      GET: (req, res, url) => {
        const token = bearerToken(req);
        const session = token ? this.ctx.accounts.authenticate(token) : null;
        if (!session) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <session token>');
        if (!this.ctx.accounts.isAdmin(session.operator.id)) throw new HttpError(403, 'forbidden', 'only an administrator may read incident reports');
        const campusParam = url.searchParams.get('campus');
        const campus = campusParam === null ? null : CampusId.safeParse(campusParam);
        if (campus && !campus.success) throw new HttpError(400, 'invalid_request', 'campus must be a campus id');
        const limit = Number(url.searchParams.get('limit') ?? '100');
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, 'invalid_request', 'limit must be 1 to 1000');
        sendJson(res, 200, { reports: this.store.list(campus?.data ?? null, limit) });
      },
    },
  };
}
