/**
 * The session's requests to the backend (a capability's GET or POST, sign-in) run within a
 * deadline that ends with them: a desk asks for a chat's history at every claim, and a timer
 * kept for 10 s after each answer piled up over a busy shift.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHook } from 'node:async_hooks';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { startWorld } from '../support/harness';
import { waitFor } from '../support/wait';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Timers started and not yet ended (fired or cleared), counted as they go, unref'd ones too. */
function pendingTimers(): { count(): number; stop(): void } {
  const pending = new Set<number>();
  const hook = createHook({
    init: (id, type) => void (type === 'Timeout' && pending.add(id)),
    destroy: (id) => void pending.delete(id),
  }).enable();
  return { count: () => pending.size, stop: () => void hook.disable() };
}

describe("the session's requests to the backend", () => {
  it('leave no timer behind once answered, whether the answer is a list, a refusal or a missing ticket', async () => {
    const world = await startWorld();
    cleanups.push(() => world.backend.close());
    world.addOperator('ada', 'Ada Lovelace', world.home.id);
    const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-deadline-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const core = new MainCore({ settings: new SettingsStore(dataDir), tokenStore: new MemoryTokenStore(), timing: world.timing, embedded: null, dataDir });
    cleanups.push(() => core.stop());
    await core.signIn(world.backend.server.url, 'ada', 'ada-password-123');
    await waitFor(() => core.sessionView().status === 'online', 'online');
    // Warm: the link's own timers (heartbeat, syncs) are running before the count.
    await core.call('tickets.search', { status: 'all', text: '', limit: 5 });
    const timers = pendingTimers();
    cleanups.push(() => timers.stop());
    for (let i = 0; i < 10; i++) {
      const listed = await core.call('tickets.search', { status: 'all', text: '', limit: 5 });
      expect(listed.ok).toBe(true);
      const missing = await core.call('tickets.get', { ticketId: `tk_missing${i}` });
      expect(missing.ok ? null : missing.error.code).toBe('not_found');
      const refused = await core.call('accounts.list', {});
      expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    }
    // Thirty requests answered: with a 10 s timer kept for each (AbortSignal.timeout), thirty would be pending.
    expect(timers.count()).toBeLessThan(5);
  });
});
