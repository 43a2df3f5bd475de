/**
 * `npm start [-- --demo | --backend-url=URL ...]`: make sure Electron's binary is there
 * (downloading it once), build, and start the desktop app with the given arguments. Where the
 * binary cannot be fetched, it says so in two lines and what to do instead, and exits 1.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { LaunchOptionError, parseLaunchOptions } from '../src/main/electron/launch-options';
import { ensureElectron } from './lib/electron-binary';

const HELP = `usage: npm start -- [options]

Starts the desktop app (fetching Electron's binary once, then building). Without a backend URL it
runs the chat backend inside the app and signs in its desk librarian.

options (each with its environment variable; the flag wins):
  --demo                    simulated patrons arrive every half minute or so (built-in backend only)
  --campus=ID               the built-in desk librarian's home campus (default: IT's, else the first)
  --backend-url=URL         DESKBELL_BACKEND_URL        sign in to this backend (https, or http to this computer)
  --machine-settings=PATH   DESKBELL_MACHINE_SETTINGS   IT's settings file (default: the usual place per OS; docs/deploy.md)
  --help                    this text

where Electron's download host cannot be reached:
  ELECTRON_MIRROR=URL                 fetch the binary from a mirror instead
  ELECTRON_OVERRIDE_DIST_PATH=DIR     use an unpacked Electron already on this computer
  electron_config_cache=DIR           where downloaded Electron zips are cached
  or run the same client in a browser: npm run web -- --demo
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(HELP);
  process.exit(0);
}
// Mistakes are said before anything is downloaded or built.
try {
  parseLaunchOptions(args, process.env);
} catch (error) {
  if (!(error instanceof LaunchOptionError)) throw error;
  console.error(`deskbell: ${error.message} (npm start -- --help)`);
  process.exit(2);
}

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
