/** The server option of the waiting feed (`ServerOptions`). */
export interface WaitingFeedServerOptions {
  /**
   * The key for GET /api/waiting, which lets desks ring for waiting chats while nobody is signed
   * in (at least 32 characters). Unset: the feed is off.
   */
  waitingFeedKey?: string | null;
}
