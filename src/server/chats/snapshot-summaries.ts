import type { DeskEvent } from '../../shared/desk/events';
import { type ChatsChangedByTable, chatsChangedBy, chatSummariesChangedBy } from '../../shared/desk/snapshot-fields';
import type { Chat } from '../../shared/chats/schemas';
import { MAX_ENDED_CHATS_KEPT } from '../../shared/chats/reduce';
import type { SnapshotPart } from '../transport/snapshot-cache';
import type { ChatRow, ChatStore } from './chat-store';

const OPEN = Buffer.from('"chats":[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * A summary's UTF-8 in memory of its own: a small Buffer.from() is a slice of a shared 8 KiB
 * pool, and one kept summary would keep its whole slab alive after the others were replaced.
 */
function ownBytes(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}

/** Past this many summaries to rebuild, one query for every snapshot row beats a lookup each. */
const BULK_REBUILD_AT = 64;

/**
 * The chats field of the desk snapshot: every open chat and the latest ended ones, as
 * summaries without transcript lines (a client loads a chat's lines when it opens it, see
 * chats/routes.ts). Each summary is kept serialised between late joins, and a chat event drops
 * only its own chat's, which is rebuilt soon after (not on the next join), so a join at
 * thousands of open chats copies kept UTF-8 instead of reading, converting and encoding every row.
 * Which chats an event changes is declared with the event (`chatSummariesChangedBy`), never read from its name.
 */
export class ChatSummaries implements SnapshotPart<'chats'> {
  readonly keys = ['chats'] as const;
  private readonly kept = new Map<string, Buffer>();
  private readonly stale = new Set<string>();
  private refreshTimer: NodeJS.Immediate | null = null;
  /** No snapshot yet: nobody has joined, so nothing is kept warm. */
  private cold = true;

  constructor(
    private readonly store: Pick<ChatStore, 'snapshotChatIds' | 'get' | 'openChats' | 'recentlyEnded'>,
    /** Chats as the snapshot carries them (no lines), many at once: other capabilities' fields are read once for all. */
    private readonly summarize: (rows: readonly ChatRow[]) => Chat[],
    /** Which chats each event changes; the declared table, or a test's. */
    private readonly changedBy: ChatsChangedByTable = chatSummariesChangedBy,
  ) {}

  json(): Buffer {
    const ids = this.store.snapshotChatIds(MAX_ENDED_CHATS_KEPT);
    const missing = ids.filter((id) => !this.kept.has(id));
    if (missing.length > 0) this.rebuild(missing);
    const listed = new Set(ids);
    const parts: Buffer[] = [OPEN];
    for (const id of ids) {
      const json = this.kept.get(id);
      if (json === undefined) continue;
      if (parts.length > 1) parts.push(COMMA);
      parts.push(json);
    }
    parts.push(CLOSE);
    // Chats that left the snapshot (ended long ago) leave the memo too.
    for (const id of this.kept.keys()) if (!listed.has(id)) this.kept.delete(id);
    // From the first snapshot on, a changed chat is rebuilt soon after its event, not on a join.
    this.cold = false;
    return Buffer.concat(parts);
  }

  fresh(): Buffer {
    const rows = [...this.store.openChats(), ...this.store.recentlyEnded(MAX_ENDED_CHATS_KEPT)];
    return Buffer.from(`"chats":[${this.summarize(rows).map((chat) => JSON.stringify(chat)).join(',')}]`);
  }

  /**
   * Drops the summaries of the chats the event says it changed (shared/desk/snapshot-fields.ts
   * declares it per event type); they are rebuilt once the change is done. Transcript lines and
   * events about no chat leave summaries alone.
   */
  eventPublished(event: DeskEvent): void {
    const changed = chatsChangedBy(event, this.changedBy);
    if (changed.length === 0) return;
    for (const id of changed) this.kept.delete(id);
    if (this.cold) return;
    // Rebuilt once the change that published the event has finished (it is committed by then).
    for (const id of changed) this.stale.add(id);
    this.refreshTimer ??= setImmediate(() => {
      this.refreshTimer = null;
      const ids = [...this.stale].filter((id) => !this.kept.has(id));
      this.stale.clear();
      if (ids.length > 0) this.rebuild(ids);
    });
  }

  /** Summaries kept now (for the memory report). */
  get size(): number {
    return this.kept.size;
  }

  close(): void {
    if (this.refreshTimer) clearImmediate(this.refreshTimer);
    this.refreshTimer = null;
  }

  private rebuild(ids: string[]): void {
    const wanted = new Set(ids);
    const rows: ChatRow[] = [];
    if (ids.length > BULK_REBUILD_AT) {
      for (const row of [...this.store.openChats(), ...this.store.recentlyEnded(MAX_ENDED_CHATS_KEPT)]) if (wanted.has(row.id)) rows.push(row);
    } else {
      for (const id of ids) {
        const row = this.store.get(id);
        if (row) rows.push(row);
      }
    }
    for (const chat of this.summarize(rows)) this.kept.set(chat.id, ownBytes(JSON.stringify(chat)));
  }
}
