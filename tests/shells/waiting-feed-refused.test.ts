/**
 * A desk between shifts whose waiting-feed key the backend refuses: it cannot ring, and it
 * says so once; it asks again rarely (a wrong key does not fix itself), while an outage of
 * the backend is retried at the usual pace. A plain HTTP server on 127.0.0.1 stands in for
 * the backend's /api/waiting, so every request is counted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { MachinePolicy } from '../../src/main/core/machine-settings/machine-policy';
import { readMachineSettings } from '../../src/main/core/machine-settings/read';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { DEFAULT_TIMING } from '../../src/shared/alerts';
import { sleep } from '../support/wait';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function feedAnswering(status: number): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/api/waiting') hits += 1;
    res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":{"code":"unauthorized","message":"no"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

function desk(backendUrl: string, logged: string[]): MainCore {
  const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-feed-refused-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const path = join(dataDir, 'machine.json');
  writeFileSync(path, JSON.stringify({ backendUrl, alerts: { ringWhileSignedOut: true, waitingFeedKey: 'k'.repeat(40) } }));
  const core = new MainCore({
    settings: new SettingsStore(dataDir),
    machine: new MachinePolicy(readMachineSettings(path)),
    tokenStore: new MemoryTokenStore(),
    timing: DEFAULT_TIMING,
    embedded: null,
    dataDir,
    waitingWatchTuning: { intervalMs: 50, refusedRetryMs: 400 },
    log: (level, message) => {
      if (level === 'warn') logged.push(message);
    },
  });
  cleanups.push(() => core.stop());
  return core;
}

describe('a refused waiting-feed key', () => {
  it('is asked again at the slow pace, and logged once', async () => {
    const feed = await feedAnswering(401);
    const logged: string[] = [];
    desk(feed.url, logged);
    await sleep(1_000);
    // At the usual 50 ms pace this would be about 20 requests; at 400 ms it is 3 or 4.
    expect(feed.hits()).toBeGreaterThanOrEqual(2);
    expect(feed.hits()).toBeLessThanOrEqual(5);
    expect(logged.filter((line) => line.includes('cannot read the waiting feed'))).toHaveLength(1);
  });

  it('an unavailable backend is retried at the usual pace', async () => {
    const feed = await feedAnswering(503);
    desk(feed.url, []);
    await sleep(1_000);
    expect(feed.hits()).toBeGreaterThanOrEqual(6);
  });
});
