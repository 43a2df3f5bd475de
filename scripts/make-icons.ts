/** Writes the tray and app icons to assets/icons. Run with `npm run icons`; commit the output. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerHelp } from './lib/help';
import { generateIcons } from './lib/icons';

answerHelp('usage: npm run icons\n\nWrites the tray and app icons to assets/icons, deterministically. No options.');

const dir = fileURLToPath(new URL('../assets/icons/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [file, png] of generateIcons()) {
  writeFileSync(`${dir}${file}`, png);
  console.log(`assets/icons/${file}  ${png.length} bytes`);
}
