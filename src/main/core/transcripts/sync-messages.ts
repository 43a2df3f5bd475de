/** What the core and its transcript sync process say to each other (sync-in-process.ts, sync-process.ts). */
import { z } from 'zod';

/** The core's one message to the child: what to sync, into which file. */
export const SyncProcessData = z.object({ task: z.literal('transcript-sync'), path: z.string().min(1), backend: z.object({ url: z.string().url(), token: z.string().min(1) }) });
export type SyncProcessData = z.infer<typeof SyncProcessData>;

/**
 * The child's first message: it is listening. The task is sent only then, as a message that
 * arrives while the child's modules still load would find no listener and be lost.
 */
export const SyncProcessReady = z.object({ ready: z.literal(true) });
export type SyncProcessReady = z.infer<typeof SyncProcessReady>;

/** The child's last message: how the run went. */
export const SyncProcessResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), pages: z.number().int().nonnegative(), changes: z.number().int().nonnegative() }),
  z.object({ ok: z.literal(false), message: z.string(), sync: z.boolean(), unauthorized: z.boolean() }),
]);
export type SyncProcessResult = z.infer<typeof SyncProcessResult>;
