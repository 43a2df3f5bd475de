import type { DeskSnapshot } from '../../shared/desk/events';

/**
 * The desk snapshot a joining operator gets. The part every librarian sees is serialised once
 * per change of the desk: every change to what a snapshot shows is published as a desk event,
 * and transcript lines (`chat.message`) are not in snapshots (chats are summaries), so any
 * other event marks the cached one stale. The librarian's own part (their notes) is small and
 * serialised on each join. At thousands of open chats, building and serialising the whole
 * snapshot on every late join held the event loop for tens of milliseconds.
 */
export class SnapshotCache {
  private version = 0;
  private built = -1;
  private body = '';

  constructor(private readonly build: () => Partial<Omit<DeskSnapshot, 'serverTime'>>) {}

  /** Called for every published event (to everyone or to some). */
  published(eventType: string): void {
    if (eventType !== 'chat.message') this.version += 1;
  }

  /** The snapshot frame for a stream at `seq`, with the backend's clock now and this librarian's own fields (none shared). */
  frame(seq: number, serverTime: number, personal: Partial<DeskSnapshot> = {}): string {
    if (this.built !== this.version) {
      this.body = JSON.stringify(this.build());
      this.built = this.version;
    }
    // serverTime first, then the librarian's fields, then the cached ones: string concatenation per join.
    const mine = JSON.stringify(personal);
    const own = mine === '{}' ? '' : `,${mine.slice(1, -1)}`;
    const rest = this.body === '{}' ? '}' : `,${this.body.slice(1)}`;
    return `{"type":"snapshot","seq":${seq},"snapshot":{"serverTime":${serverTime}${own}${rest}}`;
  }
}
