import type { PatronServerFrame } from '../../shared/protocol';

/** The patron end of one chat: a websocket connection. */
export interface PatronLink {
  /** The chat this connection started or resumed, if any. */
  chatId: string | null;
  /** The client address the per-address limits count this connection under. */
  readonly address: string;
  send(frame: PatronServerFrame): void;
  /** A newer connection resumed the chat. */
  terminate(): void;
}

/** The connected patron of each open chat. Entries leave when the chat ends or the socket closes. */
export class PatronHub {
  private readonly links = new Map<string, PatronLink>();

  get size(): number {
    return this.links.size;
  }

  current(chatId: string): PatronLink | undefined {
    return this.links.get(chatId);
  }

  /** One socket per chat: a resume from a new socket replaces a half-open one. */
  bind(chatId: string, link: PatronLink): void {
    const previous = this.links.get(chatId);
    this.links.set(chatId, link);
    link.chatId = chatId;
    if (previous && previous !== link) previous.terminate();
  }

  /** Returns true when `link` was the chat's connected patron. */
  unbind(chatId: string, link?: PatronLink): boolean {
    const current = this.links.get(chatId);
    if (!current || (link && current !== link)) return false;
    this.links.delete(chatId);
    return true;
  }

  send(chatId: string, frame: PatronServerFrame): void {
    this.links.get(chatId)?.send(frame);
  }

  clear(): void {
    this.links.clear();
  }
}
