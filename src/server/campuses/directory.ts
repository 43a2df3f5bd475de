import { Campus, ChatService } from '../../shared/campuses/schemas';
import type { Db } from '../platform/db';
import type { CampusSeed } from './config';
import { isRecord } from '../../shared/narrow';

interface CampusRow {
  id: string;
  data: string;
}

/** Who changed the directory, for the record. */
export interface Editor {
  id: string;
  name: string;
}

/** How the edit record names the chat service (every other target is a campus id). */
export const CHAT_SERVICE_TARGET = 'chat-service';

/** One stored change to the directory: who changed which fields, when, from what to what. */
export interface DirectoryEdit {
  at: number;
  operatorId: string;
  operatorName: string;
  /** A campus id, or CHAT_SERVICE_TARGET. */
  target: string;
  changes: { field: string; before: unknown; after: unknown }[];
}

/**
 * The campus directory as the backend keeps it: one row per campus and one for the chat
 * service, each a validated JSON document, plus a record of every edit (who, when, which
 * fields, before and after). The config file seeds a new database; campuses it lists that the
 * database lacks are added at start, and nothing already stored is overwritten by it.
 */
export class CampusDirectory {
  private campuses: Campus[] = [];
  private byId = new Map<string, Campus>();
  private service: ChatService;
  private readonly statements;

  constructor(
    private readonly db: Db,
    seed: CampusSeed,
    now: number,
  ) {
    this.statements = {
      seedCampus: db.prepare('INSERT OR IGNORE INTO campuses (id, position, data, updated_at, updated_by) VALUES (?, ?, ?, ?, NULL)'),
      seedService: db.prepare('INSERT OR IGNORE INTO chat_service (id, data, updated_at, updated_by) VALUES (1, ?, ?, NULL)'),
      allCampuses: db.prepare<[], CampusRow>('SELECT id, data FROM campuses ORDER BY position, id'),
      service: db.prepare<[], { data: string }>('SELECT data FROM chat_service WHERE id = 1'),
      updateCampus: db.prepare('UPDATE campuses SET data = ?, updated_at = ?, updated_by = ? WHERE id = ?'),
      updateService: db.prepare('UPDATE chat_service SET data = ?, updated_at = ?, updated_by = ? WHERE id = 1'),
      recordEdit: db.prepare(
        'INSERT INTO directory_edits (at, operator_id, operator_name, target, fields, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      edits: db.prepare<[string, number], { at: number; operator_id: string; operator_name: string; target: string; fields: string; before: string; after: string }>(
        'SELECT at, operator_id, operator_name, target, fields, before, after FROM directory_edits WHERE target = ? ORDER BY at DESC, id DESC LIMIT ?',
      ),
    };
    db.transaction(() => {
      const maxPosition = db.prepare<[], { p: number }>('SELECT COALESCE(MAX(position), -1) AS p FROM campuses').get()?.p ?? -1;
      seed.campuses.forEach((campus, index) => this.statements.seedCampus.run(campus.id, maxPosition + 1 + index, JSON.stringify(campus), now));
      this.statements.seedService.run(JSON.stringify(seed.chatService), now);
    })();
    this.service = seed.chatService;
    this.reload();
  }

  list(): readonly Campus[] {
    return this.campuses;
  }

  get(id: string): Campus | undefined {
    return this.byId.get(id);
  }

  chatService(): ChatService {
    return this.service;
  }

  /**
   * Store an edited campus and record the edit; returns the fields that changed (none: nothing
   * stored). The stored campus takes the next revision. Call inside a transaction, and reload()
   * once it has committed.
   */
  updateCampus(campus: Campus, editor: Editor, at: number): string[] {
    const before = this.byId.get(campus.id);
    if (!before) throw new Error(`no campus ${campus.id}`);
    const stored = { ...campus, revision: before.revision + 1 };
    const fields = changedFields(before, stored);
    if (fields.length === 0) return fields;
    this.statements.updateCampus.run(JSON.stringify(stored), at, editor.id, campus.id);
    this.statements.recordEdit.run(at, editor.id, editor.name, campus.id, JSON.stringify(fields), JSON.stringify(before), JSON.stringify(stored));
    return fields;
  }

  updateChatService(service: ChatService, editor: Editor, at: number): string[] {
    const stored = { ...service, revision: this.service.revision + 1 };
    const fields = changedFields(this.service, stored);
    if (fields.length === 0) return fields;
    this.statements.updateService.run(JSON.stringify(stored), at, editor.id);
    this.statements.recordEdit.run(at, editor.id, editor.name, CHAT_SERVICE_TARGET, JSON.stringify(fields), JSON.stringify(this.service), JSON.stringify(stored));
    return fields;
  }

  /** The latest edits of a campus (or CHAT_SERVICE_TARGET), newest first, with the values before and after. */
  edits(target: string, limit = 50): DirectoryEdit[] {
    return this.statements.edits.all(target, limit).map((row) => {
      const before = recordOrNull(safeJson(row.before));
      const after = recordOrNull(safeJson(row.after));
      const fields = stringsOf(safeJson(row.fields));
      return {
        at: row.at,
        operatorId: row.operator_id,
        operatorName: row.operator_name,
        target: row.target,
        changes: fields.map((field) => ({ field, before: before?.[field], after: after?.[field] })),
      };
    });
  }

  /** Read back what is stored; a row that no longer validates (edited by hand) is skipped and reported. */
  reload(): string[] {
    const problems: string[] = [];
    const campuses: Campus[] = [];
    for (const row of this.statements.allCampuses.all()) {
      const parsed = Campus.safeParse(safeJson(row.data));
      if (parsed.success) campuses.push(parsed.data);
      else problems.push(`campus ${row.id} in the database is invalid: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    this.campuses = campuses;
    this.byId = new Map(campuses.map((c) => [c.id, c]));
    const service = ChatService.safeParse(safeJson(this.statements.service.get()?.data ?? 'null'));
    if (service.success) this.service = service.data;
    else problems.push('the chat service in the database is invalid');
    return problems;
  }
}

const recordOrNull = (value: unknown): Record<string, unknown> | null => (isRecord(value) ? value : null);
const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Top-level fields whose value differs (compared as JSON); the revision is bookkeeping, not a change. */
function changedFields(before: Partial<Record<string, unknown>>, after: Partial<Record<string, unknown>>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('revision');
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}
