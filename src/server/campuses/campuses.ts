import type { CampusCommand } from '../../shared/campuses/events';
import { type Campus, type ChatService, FACT_KEYS, type FactKey, type Provenance } from '../../shared/campuses/schemas';
import { clockLabel, dateLabel } from '../../shared/campuses/hours';
import type { DeskSnapshot } from '../../shared/desk/events';
import type { Operator } from '../../shared/session/schemas';
import { type CommandTable, refuse, type ServerContext } from '../capability';
import { CHAT_SERVICE_TARGET } from './directory';
import { isOneOf } from '../../shared/narrow';

/** The facts an edit of these campus fields concerns: the schedule and time zone are the hours. */
const factOf = (field: string): FactKey | null =>
  field === 'schedule' || field === 'timeZone' ? 'hours' : isOneOf(FACT_KEYS, field) ? field : null;

const utcDate = (at: number): string => new Date(at).toISOString().slice(0, 10);

/**
 * A fact whose value changed while its source was left as it was: the old source no longer
 * vouches for it, so it now says who entered it in the app and when. A fact emptied loses its source.
 */
function stampProvenance(before: Campus, after: Campus, editor: Operator, at: number): Campus {
  const facts: Partial<Record<FactKey, Provenance>> = { ...after.facts };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const old: Partial<Record<string, unknown>> = before;
  for (const [field, value] of Object.entries(after)) {
    const fact = factOf(field);
    if (!fact || same(old[field], value)) continue;
    if (!same(before.facts[fact], after.facts[fact])) continue; // the editor gave a source themselves
    facts[fact] = { source: `Entered in Deskbell by ${editor.name}`, seen: utcDate(at), check: false };
  }
  for (const fact of FACT_KEYS) {
    if (fact !== 'hours' && after[fact] === '') delete facts[fact];
  }
  return { ...after, facts };
}

/**
 * The campus directory on every desk: the snapshot's campuses and chat service, and the
 * admin's edits, checked against the backend's own record of who is an admin.
 */
export class Campuses {
  constructor(private readonly ctx: ServerContext) {}

  snapshot(): Pick<DeskSnapshot, 'campuses' | 'chatService'> {
    return { campuses: [...this.ctx.directory.list()], chatService: this.ctx.directory.chatService() };
  }

  private mayEdit(operator: Operator) {
    return this.ctx.accounts.isAdmin(operator.id) ? null : refuse('forbidden', 'only an administrator may edit the campus directory');
  }

  /**
   * The refusal for an edit based on an older revision than the stored one: another admin saved
   * first, and saving this form would undo their change without either knowing.
   */
  private conflict(target: string, what: string, timeZone: string) {
    const last = this.ctx.directory.edits(target, 1)[0];
    const who = last ? `${last.operatorName} saved a change (${dateLabel(timeZone, last.at)}, ${clockLabel(timeZone, last.at)})` : 'It was changed';
    return refuse('conflict', `${who} to ${what} after you opened it. Reload to see it, then make your change again.`);
  }

  readonly commands: CommandTable<CampusCommand['kind']> = {
    'campus.update': (operator, { campus }, { now }) => {
      const refused = this.mayEdit(operator);
      if (refused) return refused;
      const directory = this.ctx.directory;
      const before = directory.get(campus.id);
      if (!before) return refuse('not_found', `no campus ${campus.id}`);
      if (campus.revision !== before.revision) return this.conflict(campus.id, `the ${before.name}`, before.timeZone);
      const stored = stampProvenance(before, campus, operator, now);
      const fields = directory.updateCampus(stored, operator, now);
      if (fields.length === 0) return { ok: true, value: {} };
      return {
        ok: true,
        value: {},
        after: () => {
          directory.reload();
          this.ctx.log('info', 'campus directory edited', { campus: campus.id, by: operator.id, fields });
          this.ctx.publish({ type: 'campus.updated', campus: directory.get(campus.id) ?? stored });
        },
      };
    },
    'chatService.update': (operator, { chatService }, { now }) => {
      const refused = this.mayEdit(operator);
      if (refused) return refused;
      const directory = this.ctx.directory;
      const unknown = Object.values(chatService.rota)
        .flat()
        .find((id) => !directory.get(id));
      if (unknown) return refuse('invalid_frame', `the rota names an unknown campus "${unknown}"`);
      const before = directory.chatService();
      if (chatService.revision !== before.revision) return this.conflict(CHAT_SERVICE_TARGET, 'the chat service', before.timeZone);
      const stored: ChatService = stampServiceProvenance(before, chatService, operator, now);
      const fields = directory.updateChatService(stored, operator, now);
      if (fields.length === 0) return { ok: true, value: {} };
      return {
        ok: true,
        value: {},
        after: () => {
          directory.reload();
          this.ctx.log('info', 'chat service edited', { by: operator.id, fields });
          this.ctx.publish({ type: 'chatService.updated', chatService: directory.chatService() });
        },
      };
    },
  };
}

function stampServiceProvenance(before: ChatService, after: ChatService, editor: Operator, at: number): ChatService {
  const facts = { ...after.facts };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const pairs = [
    ['rota', ['rota', 'rotaNote']],
    ['hours', ['seasons', 'hoursNote', 'timeZone']],
    ['allLibrariesUrl', ['allLibrariesUrl']],
  ] as const;
  for (const [fact, fields] of pairs) {
    const changed = fields.some((field) => !same(before[field], after[field]));
    if (changed && same(before.facts[fact], after.facts[fact])) facts[fact] = { source: `Entered in Deskbell by ${editor.name}`, seen: utcDate(at), check: false };
  }
  return { ...after, facts };
}
