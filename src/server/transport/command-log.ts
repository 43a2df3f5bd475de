import type { Db } from '../platform/db';

/** How long a command's answer is kept for resends; a client retries for minutes, not days. */
export const COMMAND_RESULT_TTL_MS = 24 * 60 * 60_000;

/** Stored answers to operator commands, keyed by (operator, client id), so a resend never acts twice. */
export class CommandLog {
  private readonly find;
  private readonly insert;
  private readonly deleteBefore;

  constructor(db: Db) {
    this.find = db.prepare<[string, string, number], { response: string }>(
      'SELECT response FROM command_results WHERE operator_id = ? AND client_id = ? AND at >= ?',
    );
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO command_results (operator_id, client_id, response, at) VALUES (?, ?, ?, ?)',
    );
    this.deleteBefore = db.prepare('DELETE FROM command_results WHERE at < ?');
  }

  /** The stored response frame (JSON text), or null if this command id is new (or older than the TTL). */
  recall(operatorId: string, clientId: string, now: number): string | null {
    return this.find.get(operatorId, clientId, now - COMMAND_RESULT_TTL_MS)?.response ?? null;
  }

  remember(operatorId: string, clientId: string, response: string, at: number): void {
    this.insert.run(operatorId, clientId, response, at);
  }

  prune(now: number): number {
    return this.deleteBefore.run(now - COMMAND_RESULT_TTL_MS).changes;
  }
}
