import type { DeskSnapshot } from '../../shared/desk/events';
import type { Operator } from '../../shared/session/schemas';
import type { TemplateCommand } from '../../shared/templates/events';
import { unknownVariables } from '../../shared/templates/fill';
import { defaultNoticeText, type NoticeName, noticeEditProblem } from '../../shared/templates/notices';
import { templateTextFor } from '../../shared/templates/select';
import type { TemplateEntry } from '../../shared/templates/schemas';
import { type CommandTable, refuse, type ServerContext } from '../capability';
import { TemplateStore } from './template-store';

/**
 * Message templates: stored by the backend per institution and per campus, edited by admins
 * (decided from the backend's own records), synced to every desk by a `templates.changed`
 * event. THE template system: the hand-off notices are templates too, read by other capabilities
 * through ServerContext.templateText, which is `noticeTextFrom` over this store.
 */
/**
 * What the patron is told at a hand-off (ServerContext.templateText): the campus's version,
 * else the institution's, else the default (an administrator removed it).
 */
export function noticeTextFrom(store: Pick<TemplateStore, 'list'>, name: NoticeName, campus: string): string {
  return templateTextFor(store.list(), name, campus) ?? defaultNoticeText(name);
}

export class Templates {
  constructor(
    private readonly ctx: ServerContext,
    /** Built before the context, which reads the hand-off notices from it (`noticeTextFrom`). */
    readonly store: TemplateStore,
  ) {
    for (const problem of this.store.reload()) ctx.log('error', problem);
  }

  snapshot(): Pick<DeskSnapshot, 'templates'> {
    return { templates: [...this.store.list()] };
  }

  /** A named template's text for a chat of `campus` (the campus's own version first); null when there is none. */
  text(name: string, campus: string | null): string | null {
    return templateTextFor(this.store.list(), name, campus);
  }

  private mayEdit(operator: Operator) {
    return this.ctx.accounts.isAdmin(operator.id) ? null : refuse('forbidden', 'only an administrator may edit message templates');
  }

  private publishAfter(entry: TemplateEntry | null) {
    return entry === null
      ? { ok: true as const, value: {} }
      : {
          ok: true as const,
          value: {},
          after: () => {
            this.store.reload();
            this.ctx.log('info', 'message template edited', { scope: entry.scope, id: entry.template.id, deleted: entry.deleted, by: entry.updatedBy });
            this.ctx.publish({ type: 'templates.changed', entries: [entry] });
          },
        };
  }

  readonly commands: CommandTable<TemplateCommand['kind']> = {
    'template.save': (operator, { scope, template }, { now }) => {
      const refused = this.mayEdit(operator);
      if (refused) return refused;
      if (scope !== 'institution' && !this.ctx.directory.get(scope)) return refuse('not_found', `no campus ${scope}`);
      const unknown = unknownVariables(template.text);
      if (unknown.length > 0) return refuse('invalid_frame', `unknown variable ${unknown.map((n) => `{${n}}`).join(', ')} in the template`);
      const notice = noticeEditProblem(template);
      if (notice) return refuse('invalid_frame', notice);
      return this.publishAfter(this.store.save(scope, template, operator, now));
    },
    'template.delete': (operator, { scope, id }, { now }) => {
      const refused = this.mayEdit(operator);
      if (refused) return refused;
      if (!this.store.get(scope, id)) return refuse('not_found', `no template ${id} for ${scope}`);
      return this.publishAfter(this.store.remove(scope, id, operator, now));
    },
  };
}
