/**
 * `npm run web`: check the options (answering --help and mistakes at once), build the renderer
 * into out/web, then start the browser shell (src/main/browser/cli.ts).
 */
import { failWeb, parseWebOptions, WEB_HELP } from '../src/main/browser/web-options';

try {
  const options = parseWebOptions(process.argv.slice(2), process.env);
  if (!options) {
    process.stdout.write(WEB_HELP);
  } else {
    process.stdout.write('Building the renderer (out/web)…\n');
    const { build } = await import('vite');
    await build({ configFile: 'vite.web.config.ts', logLevel: 'warn', mode: 'production' });
    const { runWeb } = await import('../src/main/browser/cli');
    await runWeb(options);
  }
} catch (error) {
  failWeb(error);
}
