import type { DeskEvent, DeskSnapshot } from '../../shared/desk/events';
import { type SharedSnapshot, type SharedSnapshotKey, sharedFieldsChangedBy } from '../../shared/desk/snapshot-fields';

/** Some fields of the shared snapshot, serialised by the capability that owns them. */
export interface SnapshotPart<K extends SharedSnapshotKey = SharedSnapshotKey> {
  readonly keys: readonly K[];
  /** The fields as JSON object members without the braces (`"a":1,"b":[]`), UTF-8 encoded. */
  json(): Buffer;
  /** Told of every published event before it is sent, for a part that keeps finer pieces of its own. */
  eventPublished?(event: DeskEvent): void;
  /** The fields built afresh, bypassing anything kept (for `verify`); json() when the part keeps nothing. */
  fresh?(): Buffer;
}

/** A part made of plain fields, serialised whole whenever an event changes one of them. */
export function fieldsPart<K extends SharedSnapshotKey>(keys: readonly K[], build: () => Pick<SharedSnapshot, K>): SnapshotPart<K> {
  return { keys, json: () => Buffer.from(JSON.stringify(build()).slice(1, -1)) };
}

const SHARED_KEYS = {
  campuses: 0,
  chatService: 0,
  faqRev: 0,
  templates: 0,
  chats: 0,
  operators: 0,
  transfers: 0,
  tickets: 0,
} satisfies Record<SharedSnapshotKey, 0>;
const isSharedKey = (key: string): key is SharedSnapshotKey => Object.prototype.hasOwnProperty.call(SHARED_KEYS, key);
const ALL_SHARED_KEYS = Object.keys(SHARED_KEYS).filter(isSharedKey);

/**
 * The desk snapshot a joining operator gets. Each part of what every librarian sees is kept
 * serialised until an event changes one of its fields (shared/desk/snapshot-fields.ts says
 * which), so a late join mostly copies kept bytes: the joining librarian's own presence event
 * rebuilds the list of who is on, not thousands of chats. The librarian's own part (their
 * notes) is small and serialised on each join. Rebuilding and serialising the whole snapshot
 * on each late join held the backend's event loop for tens of milliseconds at 2,000 chats.
 */
export class SnapshotCache {
  private readonly parts: { part: SnapshotPart; body: Buffer | null }[];
  private readonly partsByKey = new Map<SharedSnapshotKey, { body: Buffer | null }>();

  /**
   * `verify` (for tests) builds every part afresh on each join and reports a kept part that
   * differs: an event missing from shared/desk/snapshot-fields.ts, or a change never published.
   */
  constructor(
    parts: readonly SnapshotPart[],
    private readonly verify?: (fields: readonly SharedSnapshotKey[]) => void,
  ) {
    this.parts = parts.map((part) => ({ part, body: null }));
    for (const entry of this.parts) {
      for (const key of entry.part.keys) {
        if (this.partsByKey.has(key)) throw new Error(`snapshot field "${key}" has two owners`);
        this.partsByKey.set(key, entry);
      }
    }
    const missing = ALL_SHARED_KEYS.filter((key) => !this.partsByKey.has(key));
    if (missing.length > 0) throw new Error(`snapshot fields without an owner: ${missing.join(', ')}`);
  }

  /** Called for every published event (to everyone or to some), before it is sent. */
  published(event: DeskEvent): void {
    for (const { part } of this.parts) part.eventPublished?.(event);
    // An event the table does not know (impossible once compiled) rebuilds everything.
    const changed = sharedFieldsChangedBy[event.type] ?? ALL_SHARED_KEYS;
    for (const key of changed) {
      const entry = this.partsByKey.get(key);
      if (entry) entry.body = null;
    }
  }

  /**
   * The snapshot frame for a stream at `seq`, with the backend's clock now and this
   * librarian's own fields (none shared), as UTF-8: the kept parts are bytes already, and
   * encoding a megabyte of JSON on each join cost as much as building it.
   */
  frame(seq: number, serverTime: number, personal: Partial<DeskSnapshot> = {}): Buffer {
    const mine = JSON.stringify(personal).slice(1, -1);
    const pieces: Buffer[] = [Buffer.from(`{"type":"snapshot","seq":${seq},"snapshot":{"serverTime":${serverTime}${mine ? `,${mine}` : ''}`)];
    for (const entry of this.parts) {
      entry.body ??= entry.part.json();
      if (this.verify && !entry.body.equals(entry.part.fresh?.() ?? entry.part.json())) this.verify(entry.part.keys);
      if (entry.body.length > 0) pieces.push(COMMA, entry.body);
    }
    pieces.push(CLOSE);
    return Buffer.concat(pieces);
  }
}

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from('}}');
