import type { DeskSnapshot } from '../../shared/desk/events';

/**
 * The desk snapshot a joining operator gets, serialised once per change of the desk. Every
 * change to what a snapshot shows is published as a desk event, and transcript lines
 * (`chat.message`) are not in snapshots (chats are summaries), so any other event marks the
 * cached one stale. At thousands of open chats, building and serialising the snapshot on every
 * late join held the event loop for tens of milliseconds.
 */
export class SnapshotCache {
  private version = 0;
  private built = -1;
  private body = '';

  constructor(private readonly build: () => Omit<DeskSnapshot, 'serverTime'>) {}

  /** Called for every published event. */
  published(eventType: string): void {
    if (eventType !== 'chat.message') this.version += 1;
  }

  /** The snapshot frame for a stream at `seq`, with the backend's clock now. */
  frame(seq: number, serverTime: number): string {
    if (this.built !== this.version) {
      this.body = JSON.stringify(this.build());
      this.built = this.version;
    }
    // serverTime first, then the cached fields: one string concatenation per join.
    const rest = this.body === '{}' ? '}' : `,${this.body.slice(1)}`;
    return `{"type":"snapshot","seq":${seq},"snapshot":{"serverTime":${serverTime}${rest}}`;
  }
}
