import type { DeskEvent } from '../../shared/desk/events';
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
 */
export class ChatSummaries implements SnapshotPart<'chats'> {
  readonly keys = ['chats'] as const;
  private readonly kept = new Map<string, Buffer>();
  private readonly stale = new Set<string>();
  private refreshTimer: NodeJS.Immediate | null = null;
  /** No snapshot since the memo was last emptied: nobody has joined, so nothing is kept warm. */
  private cold = true;

  constructor(
    private readonly store: Pick<ChatStore, 'snapshotChatIds' | 'get' | 'openChats' | 'recentlyEnded'>,
    private readonly summary: (row: ChatRow) => Chat,
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
    return Buffer.from(`"chats":[${rows.map((row) => JSON.stringify(this.summary(row))).join(',')}]`);
  }

  /**
   * Every change to a chat is published as a `chat.*` event naming it (by chatId, or the chat
   * itself), which drops that chat's summary; a `chat.*` event naming none drops them all.
   * Transcript lines and other events leave summaries alone.
   */
  eventPublished(event: DeskEvent): void {
    if (event.type === 'chat.message' || !event.type.startsWith('chat.')) return;
    const named = 'chatId' in event ? event.chatId : 'chat' in event ? event.chat.id : null;
    if (typeof named !== 'string') {
      this.kept.clear();
      this.stale.clear();
      this.cold = true;
      return;
    }
    this.kept.delete(named);
    if (this.cold) return;
    // Rebuilt once the change that published the event has finished (it is committed by then).
    this.stale.add(named);
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
    if (ids.length > BULK_REBUILD_AT) {
      for (const row of [...this.store.openChats(), ...this.store.recentlyEnded(MAX_ENDED_CHATS_KEPT)]) {
        if (wanted.has(row.id)) this.keep(row);
      }
    } else {
      for (const id of ids) {
        const row = this.store.get(id);
        if (row) this.keep(row);
      }
    }
  }

  private keep(row: ChatRow): void {
    this.kept.set(row.id, ownBytes(JSON.stringify(this.summary(row))));
  }
}
