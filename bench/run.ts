import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { alertLatency, printAlertLatency } from './alert-latency';

/**
 * `npm run bench [-- --only alert-latency]`: prints every figure and saves them, with the
 * machine they came from, to bench/results/<name>.json. Not a test: nothing here asserts.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, chats: { type: 'string', default: '200' } } });
  const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30) };
  mkdirSync('bench/results', { recursive: true });
  const save = (name: string, figures: unknown) => {
    const file = `bench/results/${name}.json`;
    writeFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), machine, figures }, null, 2)}\n`);
    console.log(`  saved ${file}\n`);
  };
  const want = (name: string) => !values.only || values.only.split(',').includes(name);

  if (want('alert-latency')) {
    const result = await alertLatency(Number(values.chats), 50);
    printAlertLatency(result);
    save('alert-latency', result);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
