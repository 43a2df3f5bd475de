/**
 * Signed updates: an update installs only when its manifest is signed by a key built into the
 * app and the downloaded file is the one the signed manifest lists. Against a real update
 * server on 127.0.0.1 and electron-updater's real updater (tests/support/update-server.ts);
 * the signatures are real Ed25519 (node:crypto), made by the release script's own code; only
 * the installer's run (doInstall) is recorded instead of done.
 */
import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppUpdater } from 'electron-updater';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdaterEvent } from '../../src/main/core/ports';
import { type CodeSignatureCheck, createUpdaterPort } from '../../src/main/electron/updates/updater-port';
import { trustedUpdateKeys } from '../../src/main/electron/updates/update-signature';
import { manifestFor, newUpdater, signedManifestFor, UpdateServer } from '../support/update-server';
import { waitFor } from '../support/wait';
import { recordingLog } from './fakes';

const ARTEFACT = 'Deskbell-1.0.1-amd64.deb';
const artefact = randomBytes(1024 * 1024);
const itKey = generateKeyPairSync('ed25519');
const strangerKey = generateKeyPairSync('ed25519');

const server = new UpdateServer();
const temps: string[] = [];
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

interface DeskOptions {
  keys?: KeyObject[];
  platform?: NodeJS.Platform;
  publisherNames?: string[];
  codeSignature?: CodeSignatureCheck;
}

/** A desk at 1.0.0 that trusts IT's key, asks the server, and waits for the download's verdict. */
async function deskChecks(options: DeskOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-signed-update-'));
  temps.push(dir);
  const { updater, app } = newUpdater(dir);
  const { log, entries } = recordingLog();
  const port = createUpdaterPort({
    updater: updater as unknown as AppUpdater,
    currentVersion: app.version,
    log,
    platform: options.platform ?? 'linux',
    trust: { keys: options.keys ?? [itKey.publicKey], windowsPublisherNames: options.publisherNames ?? [] },
    codeSignature: options.codeSignature,
  });
  const events: UpdaterEvent[] = [];
  port.onEvent((event) => events.push(event));
  port.configure(server.feedUrl);
  await port.check();
  const verdict = await waitFor(() => events.find((e) => e.type === 'downloaded' || e.type === 'error'), 'the verdict on the download', 20_000);
  const downloadedFile = join(dir, 'cache', 'deskbell-updater', 'pending', ARTEFACT);
  return { updater, app, port, events, entries, verdict, downloadedFile };
}

/** Every refusal: reported as an error, logged, the file deleted, and nothing ever runs it. */
async function expectRefused(desk: Awaited<ReturnType<typeof deskChecks>>, why: RegExp) {
  expect(desk.verdict).toMatchObject({ type: 'error' });
  expect(desk.verdict.type === 'error' && desk.verdict.message).toMatch(why);
  expect(desk.events.map((e) => e.type)).not.toContain('downloaded');
  const logged = desk.entries.find((e) => e.level === 'warn' && e.message.startsWith('update refused:'));
  expect(logged?.message).toMatch(why);
  expect(logged?.data).toMatchObject({ version: '1.0.1' });
  await waitFor(() => !existsSync(desk.downloadedFile), 'the refused file deleted');
  // Neither the librarian's restart nor the next quit runs it.
  expect(() => desk.port.installNow()).toThrow(/signature check/);
  desk.app.quitNow();
  expect(desk.updater.installs).toEqual([]);
  expect(desk.app.quits).toBe(0);
}

describe('an update signed by IT', () => {
  it('installs: at the next quit, and when the librarian confirms', async () => {
    server.manifest = signedManifestFor('1.0.1', ARTEFACT, artefact, itKey.privateKey);
    server.files.set(ARTEFACT, artefact);
    const quitting = await deskChecks();
    expect(quitting.verdict).toEqual({ type: 'downloaded', version: '1.0.1' });
    expect(quitting.entries.some((e) => e.message === 'update signature verified')).toBe(true);
    expect(existsSync(quitting.downloadedFile)).toBe(true);
    quitting.app.quitNow();
    expect(quitting.updater.installs).toEqual([{ isSilent: true, isForceRunAfter: false }]);

    const confirming = await deskChecks();
    expect(confirming.verdict).toEqual({ type: 'downloaded', version: '1.0.1' });
    confirming.port.installNow();
    expect(confirming.updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true }]);
  });
});

describe('updates that are refused', () => {
  it('a tampered file, with the manifest’s sha512 and size changed to match it', async () => {
    const tampered = Buffer.from(artefact);
    tampered.write('#!/bin/sh\nrm -rf ~\n', 0);
    const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');
    // Whoever controls the folder serves their file and rewrites the hash electron-updater compares; the signature stays IT's.
    server.manifest = signedManifestFor('1.0.1', ARTEFACT, artefact, itKey.privateKey).replaceAll(sha512(artefact), sha512(tampered));
    server.files.set(ARTEFACT, tampered);
    await expectRefused(await deskChecks(), /not signed by a key this build trusts/);
  });

  it('a manifest signed by another key', async () => {
    server.manifest = signedManifestFor('1.0.1', ARTEFACT, artefact, strangerKey.privateKey);
    server.files.set(ARTEFACT, artefact);
    await expectRefused(await deskChecks(), /not signed by a key this build trusts/);
  });

  it('a manifest without a signature', async () => {
    server.manifest = manifestFor('1.0.1', ARTEFACT, artefact);
    server.files.set(ARTEFACT, artefact);
    await expectRefused(await deskChecks(), /carries no signature/);
  });

  it('any update, in a build that trusts no key', async () => {
    server.manifest = signedManifestFor('1.0.1', ARTEFACT, artefact, itKey.privateKey);
    server.files.set(ARTEFACT, artefact);
    await expectRefused(await deskChecks({ keys: [] }), /trusts no update key/);
  });

  it('on Windows, an installer whose Authenticode publisher is not the one the build names', async () => {
    server.manifest = signedManifestFor('1.0.1', ARTEFACT, artefact, itKey.privateKey);
    server.files.set(ARTEFACT, artefact);
    const asked: string[][] = [];
    const codeSignature: CodeSignatureCheck = async (names) => {
      asked.push(names);
      return 'publisherNames: Deskbell College, raw info: {"Subject":"CN=Mallory"}';
    };
    await expectRefused(await deskChecks({ platform: 'win32', publisherNames: ['Deskbell College'], codeSignature }), /not signed by Deskbell College/);
    expect(asked).toEqual([['Deskbell College']]);
    // No Authenticode check at all is a refusal too, not a pass.
    await expectRefused(await deskChecks({ platform: 'win32', publisherNames: ['Deskbell College'] }), /no Authenticode check/);
  });
});

describe('what installs is what was verified', () => {
  it('on Windows, a signed update from the named publisher installs', async () => {
    server.manifest = signedManifestFor('1.0.1', ARTEFACT, artefact, itKey.privateKey);
    server.files.set(ARTEFACT, artefact);
    const desk = await deskChecks({ platform: 'win32', publisherNames: ['Deskbell College'], codeSignature: async () => null });
    expect(desk.verdict).toEqual({ type: 'downloaded', version: '1.0.1' });
    desk.app.quitNow();
    expect(desk.updater.installs).toHaveLength(1);
  });

  it('a verified file changed on disk before the install is not run', async () => {
    server.manifest = signedManifestFor('1.0.1', ARTEFACT, artefact, itKey.privateKey);
    server.files.set(ARTEFACT, artefact);
    const desk = await deskChecks();
    expect(desk.verdict).toEqual({ type: 'downloaded', version: '1.0.1' });
    writeFileSync(desk.downloadedFile, 'swapped after the check');
    expect(() => desk.port.installNow()).toThrow(/changed after its signature check/);
    desk.app.quitNow();
    expect(desk.updater.installs).toEqual([]);
    expect(desk.entries.filter((e) => e.message.startsWith('update install refused:'))).toHaveLength(2);
  });
});

describe('the keys built into the app', () => {
  it('reads base64 SPKI Ed25519 keys, and leaves out (and logs) one that is not', () => {
    const good = itKey.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const { log, entries } = recordingLog();
    const keys = trustedUpdateKeys([good, rsa, 'not a key'], log);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.equals(itKey.publicKey)).toBe(true);
    expect(entries.filter((e) => e.level === 'error')).toHaveLength(2);
  });
});
