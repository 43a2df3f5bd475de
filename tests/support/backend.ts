import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertTiming } from '../../src/shared/alerts';
import { type RunningServer, type ServerOptions, startServer } from '../../src/server';

export interface TestBackend {
  server: RunningServer;
  dir: string;
  close(): Promise<void>;
}

/** A real backend on 127.0.0.1 with its SQLite file in a fresh temp folder, many patrons allowed. */
export async function startTestBackend(
  timing: Partial<AlertTiming> = {},
  extra: Pick<ServerOptions, 'patronGraceMs' | 'waitingFeedKey' | 'transferAcceptMs' | 'ticketDelivery' | 'smtp' | 'ticketOutbox' | 'chatHours'> = {},
): Promise<TestBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-test-'));
  // Every simulated patron comes from 127.0.0.1, so the per-address limits for anonymous
  // patrons are lifted here (tests/server-platform/limits.test.ts exercises them).
  const limits = { patronStartBurst: 100_000, patronConnectionsPerAddress: 10_000 };
  // No SMTP from the test runner's environment, and a widget never closed by the wall clock, unless a test says so.
  const server = await startServer({ dbPath: join(dir, 'desk.db'), port: 0, timing, limits, smtp: null, chatHours: 'always-open', ...extra });
  return {
    server,
    dir,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
