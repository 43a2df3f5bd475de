/**
 * `npm start [-- --demo | --backend-url=URL ...]`: make sure Electron's binary is there
 * (downloading it once), build, and start the desktop app with the given arguments. Where the
 * binary cannot be fetched, it says so in two lines and what to do instead, and exits 1.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ensureElectron } from './lib/electron-binary';

const require = createRequire(import.meta.url);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const electron = ensureElectron();
if (!electron.ok) {
  for (const line of electron.message ?? []) console.error(line);
  process.exit(1);
}

const build = spawnSync(npm, ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

// The electron package's own launcher: it honours ELECTRON_OVERRIDE_DIST_PATH and forwards signals.
const app = spawnSync(process.execPath, [require.resolve('electron/cli.js'), '.', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(app.status ?? 1);
