import { IncidentDelivery, type IncidentReport, type IncidentSummary } from '../../shared/incidents/schemas';
import type { Db } from '../platform/db';

interface ReportRow {
  id: string;
  chat_id: string;
  campus: string;
  encounter_id: string;
  at: number;
  operator_id: string;
  operator_name: string;
  patron_name: string;
  patron_email: string;
  patron_phone: string;
  note: string;
  transcript: string;
  director_email: string;
  delivery: string;
  delivered_at: number | null;
  error: string | null;
}

export interface NewReport {
  id: string;
  chatId: string;
  campus: string;
  encounterId: string;
  at: number;
  operatorId: string;
  operatorName: string;
  patronName: string;
  patronEmail: string;
  patronPhone: string;
  note: string;
  transcript: string;
  directorEmail: string;
  delivery: IncidentDelivery;
}

const toReport = (row: ReportRow): IncidentReport => ({
  id: row.id,
  at: row.at,
  byName: row.operator_name,
  delivery: IncidentDelivery.parse(row.delivery),
  to: row.director_email,
  chatId: row.chat_id,
  campus: row.campus,
  encounterId: row.encounter_id,
  patronName: row.patron_name,
  patronEmail: row.patron_email,
  patronPhone: row.patron_phone,
  note: row.note,
  transcript: row.transcript,
});

export const summaryOf = (report: IncidentReport): IncidentSummary => ({ id: report.id, at: report.at, byName: report.byName, delivery: report.delivery, to: report.to });

/** Incident reports: stored first (the director's queue), emailed after; every SQL statement about them. */
export class IncidentStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO incident_reports (id, chat_id, campus, encounter_id, at, operator_id, operator_name, patron_name, patron_email, patron_phone, note, transcript, director_email, delivery)
         VALUES (@id, @chatId, @campus, @encounterId, @at, @operatorId, @operatorName, @patronName, @patronEmail, @patronPhone, @note, @transcript, @directorEmail, @delivery)`,
      ),
      byId: db.prepare<[string], ReportRow>('SELECT * FROM incident_reports WHERE id = ?'),
      taken: db.prepare<[string], { id: string }>('SELECT id FROM incident_reports WHERE id = ?'),
      delivered: db.prepare('UPDATE incident_reports SET delivery = ?, delivered_at = ?, error = ? WHERE id = ?'),
      queued: db.prepare<[], ReportRow>(`SELECT * FROM incident_reports WHERE delivery = 'queued' ORDER BY at`),
      forCampus: db.prepare<[string, number], ReportRow>('SELECT * FROM incident_reports WHERE campus = ? ORDER BY at DESC LIMIT ?'),
      latest: db.prepare<[number], ReportRow>('SELECT * FROM incident_reports ORDER BY at DESC LIMIT ?'),
      // Rare: an indexed lookup (incident_reports_chat) that is almost always empty.
      ofChat: db.prepare<[string], ReportRow>('SELECT * FROM incident_reports WHERE chat_id = ? ORDER BY at, id'),
      ofChats: db.prepare<[string], ReportRow>('SELECT * FROM incident_reports WHERE chat_id IN (SELECT value FROM json_each(?)) ORDER BY at, id'),
    };
  }

  idTaken(id: string): boolean {
    return this.statements.taken.get(id) !== undefined;
  }

  add(report: NewReport): void {
    this.statements.insert.run(report);
  }

  get(id: string): IncidentReport | null {
    const row = this.statements.byId.get(id);
    return row ? toReport(row) : null;
  }

  setDelivery(id: string, delivery: IncidentDelivery, at: number, error: string | null): void {
    this.statements.delivered.run(delivery, at, error, id);
  }

  /** Reports still waiting for their email (after a restart, they are sent again). */
  queued(): IncidentReport[] {
    return this.statements.queued.all().map(toReport);
  }

  /** The summaries of the reports about a chat, oldest first (what every desk sees on the chat). */
  summariesOf(chatId: string): IncidentSummary[] {
    return this.statements.ofChat.all(chatId).map((row) => summaryOf(toReport(row)));
  }

  /** The same for many chats with one query: chats without a report are absent. */
  summariesOfChats(chatIds: readonly string[]): Map<string, IncidentSummary[]> {
    const byChat = new Map<string, IncidentSummary[]>();
    for (const row of this.statements.ofChats.all(JSON.stringify(chatIds))) {
      const list = byChat.get(row.chat_id) ?? [];
      list.push(summaryOf(toReport(row)));
      byChat.set(row.chat_id, list);
    }
    return byChat;
  }

  /** The director's queue: a campus's reports (or every campus's), newest first. */
  list(campus: string | null, limit: number): IncidentReport[] {
    return (campus === null ? this.statements.latest.all(limit) : this.statements.forCampus.all(campus, limit)).map(toReport);
  }
}
