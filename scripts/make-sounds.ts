/** Writes the alert sounds to assets/sounds. Run with `npm run sounds`; commit the output. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerHelp } from './lib/help';
import { generateSounds } from './lib/sounds';

answerHelp('usage: npm run sounds\n\nWrites the alert sounds to assets/sounds, deterministically (the same bytes every run). No options.');

const dir = fileURLToPath(new URL('../assets/sounds/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [name, wav] of generateSounds()) {
  writeFileSync(`${dir}${name}.wav`, wav);
  console.log(`assets/sounds/${name}.wav  ${wav.length} bytes`);
}
