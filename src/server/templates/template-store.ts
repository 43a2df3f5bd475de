import { DEFAULT_TEMPLATES } from '../../shared/templates/defaults';
import { Template, type TemplateEntry, type TemplateScope } from '../../shared/templates/schemas';
import type { Db } from '../platform/db';

interface TemplateRow {
  scope: string;
  id: string;
  data: string;
  deleted: 0 | 1;
  updated_at: number;
  updated_by: string | null;
}

export interface Editor {
  id: string;
  name: string;
}

/**
 * The message templates as the backend keeps them: one row per (scope, name), a validated JSON
 * document, removals kept as tombstones (a removed default is not seeded back), and every edit
 * recorded. The defaults (src/shared/templates/defaults.ts) seed the institution's templates;
 * a default added in a later version is added at start, and a stored one is never overwritten.
 */
export class TemplateStore {
  private readonly statements;
  /** Every entry, read back and validated; rebuilt after each committed change. */
  private entries: TemplateEntry[] = [];

  constructor(
    private readonly db: Db,
    now: number,
  ) {
    this.statements = {
      seed: db.prepare('INSERT OR IGNORE INTO templates (scope, id, data, deleted, updated_at, updated_by) VALUES (?, ?, ?, 0, ?, NULL)'),
      all: db.prepare<[], TemplateRow>('SELECT * FROM templates ORDER BY scope, id'),
      one: db.prepare<[string, string], TemplateRow>('SELECT * FROM templates WHERE scope = ? AND id = ?'),
      upsert: db.prepare(
        `INSERT INTO templates (scope, id, data, deleted, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (scope, id) DO UPDATE SET data = excluded.data, deleted = excluded.deleted, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
      remove: db.prepare('DELETE FROM templates WHERE scope = ? AND id = ?'),
      record: db.prepare('INSERT INTO template_edits (at, operator_id, operator_name, scope, template_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    };
    db.transaction(() => {
      for (const input of DEFAULT_TEMPLATES) {
        const template = Template.parse(input);
        this.statements.seed.run('institution', template.id, JSON.stringify(template), now);
      }
    })();
    this.reload();
  }

  list(): readonly TemplateEntry[] {
    return this.entries;
  }

  get(scope: TemplateScope, id: string): TemplateEntry | null {
    return this.entries.find((e) => e.scope === scope && e.template.id === id) ?? null;
  }

  /** Store a template (inside the command's transaction); null when nothing changed. */
  save(scope: TemplateScope, template: Template, editor: Editor, at: number): TemplateEntry | null {
    const before = this.statements.one.get(scope, template.id);
    const data = JSON.stringify(template);
    if (before && before.deleted === 0 && before.data === data) return null;
    this.statements.upsert.run(scope, template.id, data, 0, at, editor.name);
    this.statements.record.run(at, editor.id, editor.name, scope, template.id, before ? 'save' : 'add', before?.data ?? null, data);
    return { scope, template, deleted: false, updatedAt: at, updatedBy: editor.name };
  }

  /**
   * Remove a template: a campus's own version is marked removed (the institution's applies
   * again); an institution template too, so the seed never brings it back. Null when there was nothing to remove.
   */
  remove(scope: TemplateScope, id: string, editor: Editor, at: number): TemplateEntry | null {
    const before = this.statements.one.get(scope, id);
    if (!before || before.deleted === 1) return null;
    const template = Template.parse(JSON.parse(before.data));
    this.statements.upsert.run(scope, id, before.data, 1, at, editor.name);
    this.statements.record.run(at, editor.id, editor.name, scope, id, 'delete', before.data, null);
    return { scope, template, deleted: true, updatedAt: at, updatedBy: editor.name };
  }

  /** Read back what is stored; a row that no longer validates (edited by hand) is skipped and reported. */
  reload(): string[] {
    const problems: string[] = [];
    const entries: TemplateEntry[] = [];
    for (const row of this.statements.all.all()) {
      let data: unknown = null;
      try {
        data = JSON.parse(row.data);
      } catch {
        // reported below
      }
      const template = Template.safeParse(data);
      if (!template.success) {
        problems.push(`template ${row.scope}/${row.id} in the database is invalid`);
        continue;
      }
      entries.push({ scope: row.scope, template: template.data, deleted: row.deleted === 1, updatedAt: row.updated_at, updatedBy: row.updated_by });
    }
    this.entries = entries;
    return problems;
  }
}
