import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { machineSettingsPath } from '../core/machine-settings/location';
import { launchCore } from '../launch';
import { startBridgeServer } from './bridge-server';
import { FileTokenStore } from './file-token-store';

/**
 * `npm run web`: the whole client in a browser. The same main core runs under Node, with
 * the embedded backend by default, and the renderer is served to any local browser.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      demo: { type: 'boolean', default: false },
      'backend-url': { type: 'string' },
      port: { type: 'string', default: process.env.DESKBELL_WEB_PORT ?? '0' },
      'data-dir': { type: 'string', default: process.env.DESKBELL_DATA_DIR ?? join(homedir(), '.deskbell-web') },
      // IT's machine-wide settings, as the desktop app reads them (or DESKBELL_MACHINE_SETTINGS).
      'machine-settings': { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const dataDir = resolve(values['data-dir']);
  const log = (level: string, message: string, data?: Record<string, unknown>) => {
    if (level !== 'debug') console.error(`[${level}] ${message}${data ? ` ${JSON.stringify(data)}` : ''}`);
  };
  const { core, embedded } = await launchCore({
    dataDir,
    backendUrl: values['backend-url'] ?? process.env.DESKBELL_BACKEND_URL ?? null,
    demo: values.demo,
    machineSettingsPath: machineSettingsPath(values['machine-settings'], process.env, process.platform),
    tokenStore: new FileTokenStore(join(dataDir, 'session.json')),
    log,
  });
  const bridge = await startBridgeServer({ core, rendererDir: resolve('out/web'), port, log });
  console.log(`Deskbell (browser shell) is running.`);
  console.log(`  Operator board: ${bridge.operatorUrl}`);
  if (embedded) {
    console.log(`  Backend:        ${embedded.url}`);
    console.log(`  Patron widget:  ${embedded.patronUrl('gateway')}  (any campus id from config/campuses.json)`);
  }
  const stop = async () => {
    await bridge.close();
    await core.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`deskbell web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
