/**
 * `npm run web`: the whole client in a browser. The same main core runs under Node, with the
 * embedded backend by default, and the renderer (built into out/web) is served to any local
 * browser. scripts/web.ts builds the renderer first; both answer --help before doing anything.
 */
import { join, resolve } from 'node:path';
import { machineSettingsPath } from '../core/machine-settings/location';
import { launchCore } from '../launch';
import { startBridgeServer } from './bridge-server';
import { FileTokenStore } from './file-token-store';
import { failWeb, parseWebOptions, WEB_HELP, type WebOptions } from './web-options';

export async function runWeb(options: WebOptions, rendererDir = resolve('out/web')): Promise<void> {
  const log = (level: string, message: string, data?: Record<string, unknown>) => {
    if (level !== 'debug') console.error(`[${level}] ${message}${data ? ` ${JSON.stringify(data)}` : ''}`);
  };
  const { core, embedded } = await launchCore({
    dataDir: options.dataDir,
    backendUrl: options.backendUrl,
    demo: options.demo,
    campus: options.campus,
    machineSettingsPath: machineSettingsPath(options.machineSettings ?? undefined, process.env, process.platform),
    tokenStore: new FileTokenStore(join(options.dataDir, 'session.json')),
    log,
  });
  const bridge = await startBridgeServer({ core, rendererDir, port: options.port, log });
  const lines = [`Deskbell (browser shell) is running.`, `  Operator board: ${bridge.operatorUrl}`];
  if (embedded) {
    const campus = core.sessionView().operator?.campus ?? embedded.campuses[0]?.id ?? 'gateway';
    const another = embedded.campuses.find((c) => c.id !== campus)?.id ?? campus;
    lines.push(
      `  Backend:        ${embedded.url}`,
      `  Patron widget:  ${embedded.patronUrl(campus)}  (any campus id from config/campuses.json)`,
      '',
      '  A second librarian on this backend (at another campus, say), while this one runs:',
      `    DESKBELL_PASSWORD='a long password' npm run server -- add-operator --db ${join(options.dataDir, 'embedded.db')} --username bo --name "Bo Librarian" --campus ${another}`,
      `    npm run web -- --backend-url ${embedded.url} --data-dir ${options.dataDir}-bo     (then sign in as bo)`,
    );
  }
  console.log(lines.join('\n'));
  const stop = async () => {
    await bridge.close();
    await core.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

// Run directly (the renderer already built): `tsx src/main/browser/cli.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const options = parseWebOptions(process.argv.slice(2), process.env);
    if (!options) process.stdout.write(WEB_HELP);
    else await runWeb(options);
  } catch (error) {
    failWeb(error);
  }
}
