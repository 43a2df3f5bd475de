/**
 * One owner for every sound, against a real backend: the escalation (a new chat's ping, then
 * urgent), the message chime and the hand-offs' sounds (a note, a chat offered) all leave the
 * core through the alerts capability, so IT's volume floor holds for each of them, however low
 * the librarian set their own volumes. The chime once skipped the floor (it was decided in the
 * workspace).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { MachinePolicy } from '../../src/main/core/machine-settings/machine-policy';
import { readMachineSettings } from '../../src/main/core/machine-settings/read';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { PatronClient } from '../../src/dev/patron-client';
import { type RunningServer, startServer } from '../../src/server';
import { DEFAULT_TIMING } from '../../src/shared/alerts';
import type { Push, SoundRequest } from '../../src/shared/api';
import { waitFor } from '../support/wait';

const PASSWORD = 'sound-owner-password';
const TIMING = { beepIntervalMs: 300, urgentAfterMs: 1_200, ticketOfferAfterMs: 60_000 };
const FLOOR = 0.6;
const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `deskbell-${name}-`));
  dirs.push(d);
  return d;
};
let server: RunningServer;
const patrons: PatronClient[] = [];
const cores: MainCore[] = [];

/** A desk, with IT's machine-wide settings if given. */
function quietDesk(machine: object | null, timing = TIMING) {
  const dataDir = tempDir('desk');
  let policy: MachinePolicy | undefined;
  if (machine) {
    writeFileSync(join(dataDir, 'machine.json'), JSON.stringify(machine));
    policy = new MachinePolicy(readMachineSettings(join(dataDir, 'machine.json')));
  }
  const core = new MainCore({ settings: new SettingsStore(dataDir), machine: policy, tokenStore: new MemoryTokenStore(), timing, embedded: null, dataDir });
  cores.push(core);
  const pushes: Push[] = [];
  core.onPush((push) => pushes.push(push));
  const sounds = () => pushes.filter((p): p is SoundRequest => p.type === 'sound');
  return { core, sounds };
}

/** The master volume may not go under the floor; the other campuses' factor and the chime's volume may. */
async function turnedDown(core: MainCore): Promise<void> {
  ok(await core.call('alerts.set', { volume: FLOOR, otherCampusVolume: 0.1, messageVolume: 0.2 }));
}

async function signedIn(core: MainCore, username: string): Promise<string> {
  const view = await core.signIn(server.url, username, PASSWORD);
  await waitFor(() => core.sessionView().status === 'online', `${username} online`);
  if (!view.operator) throw new Error(`${username} has no operator`);
  return view.operator.id;
}

const ok = <T>(outcome: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
};

beforeAll(async () => {
  server = await startServer({ dbPath: join(tempDir('server'), 'desk.db'), port: 0, log: () => undefined, passwordHashN: 1 << 14, limits: { patronStartBurst: 1_000 } });
  server.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: PASSWORD });
  server.addOperator({ username: 'bo', name: 'Bo Librarian', campus: 'tunxis', password: PASSWORD });
});
afterAll(async () => {
  for (const p of patrons) p.close();
  for (const core of cores) await core.stop();
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("every sound at IT's volume floor", () => {
  it('plays the ping, the urgent alert, the chime, a note and a chat offered at the floor at least', async () => {
    const ada = quietDesk({ alerts: { minVolume: FLOOR } });
    await turnedDown(ada.core);
    const adaId = await signedIn(ada.core, 'ada');
    const bo = quietDesk(null, DEFAULT_TIMING);
    await signedIn(bo.core, 'bo');
    const soundOf = (name: string) => ada.sounds().find((s) => s.sound === name);

    // Another campus's chat: its pings are at 10% of the master volume, the urgent alert at the master volume.
    const patron = new PatronClient(server.url);
    patrons.push(patron);
    const chatId = await patron.start('gateway', 'Maya', 'Can I renew a book?');
    await waitFor(() => soundOf('urgent'), 'the urgent alert', 10_000);
    expect(soundOf('ping-1')).toMatchObject({ volume: FLOOR, chatIds: [chatId] });
    expect(soundOf('urgent')).toMatchObject({ volume: FLOOR, chatIds: [chatId] });

    // Held and not in front: the patron's line chimes at the floor, not at the librarian's 20%.
    ok(await ada.core.call('chat.claim', { chatId }));
    patron.say('hello?');
    await waitFor(() => soundOf('message'), 'the chime');
    expect(soundOf('message')).toMatchObject({ volume: FLOOR, chatIds: [chatId] });

    // A colleague's note (80% of the master volume) and a chat they offer to her.
    ok(await bo.core.call('note.send', { to: { kind: 'operator', operatorId: adaId }, text: 'Can you take the next Tunxis chat?' }));
    await waitFor(() => soundOf('note'), 'the note sound');
    expect(soundOf('note')?.volume).toBe(FLOOR);
    const other = new PatronClient(server.url);
    patrons.push(other);
    const offered = await other.start('tunxis', 'Rex', 'Where are the study rooms?');
    await waitFor(() => bo.core.state.chats[offered], 'the chat on Bo’s desk');
    ok(await bo.core.call('chat.claim', { chatId: offered }));
    ok(await bo.core.call('transfer.offer', { chatId: offered, to: adaId, note: '' }));
    await waitFor(() => soundOf('transfer'), 'the transfer sound');
    expect(soundOf('transfer')).toMatchObject({ volume: FLOOR, chatIds: [offered] });

    // Every one of them at the floor at least, each with its own id.
    expect(ada.sounds().every((s) => s.volume >= FLOOR)).toBe(true);
    expect(new Set(ada.sounds().map((s) => s.id)).size).toBe(ada.sounds().length);
  });
});
