/** The server option the transfers capability contributes (`ServerOptions`). */
import { z } from 'zod';

export interface TransferServerOptions {
  /** How long the addressee of a transfer has to accept it (default 60 s). */
  transferAcceptMs?: number;
}

/** Its bounds and default, composed into the server's settings schema. */
export const transferSettings = {
  transferAcceptMs: z.number().int().min(1_000).max(15 * 60_000).default(60_000),
};
