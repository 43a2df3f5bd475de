import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { alertLatency, printAlertLatency } from './alert-latency';
import { faqSearchBench, printFaqBench } from './faq-search';
import { fmt } from './stats';
import { idleCpu, simulateShift } from './shift';
import { printTranscriptBench, transcriptSearchBench } from './transcript-search';
import { validationCost } from './validation';

/**
 * `npm run bench [-- --only alert-latency,faq-search,transcript-search]`: prints every figure and saves them, with the
 * machine they came from, to bench/results/<name>.json. Not a test: nothing here asserts.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, chats: { type: 'string', default: '200' }, 'shift-chats': { type: 'string', default: '2000' }, 'idle-seconds': { type: 'string', default: '60' }, faqs: { type: 'string', default: '50000' }, transcripts: { type: 'string', default: '20000' } },
  });
  const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30) };
  mkdirSync('bench/results', { recursive: true });
  const save = (name: string, figures: unknown) => {
    const file = `bench/results/${name}.json`;
    writeFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), machine, figures }, null, 2)}\n`);
    console.log(`  saved ${file}\n`);
  };
  const want = (name: string) => !values.only || values.only.split(',').includes(name);

  if (want('validation')) {
    const r = validationCost();
    console.log('Frame validation (JSON.parse + schema) of a chat message event, per frame:');
    console.log(`  zod 4     ${fmt(r.zodUs, 'µs')}`);
    console.log(`  valibot   ${fmt(r.valibotUs, 'µs')}   zod/valibot p50 = ${r.zodOverValibotP50}x`);
    save('validation', r);
  }
  if (want('alert-latency')) {
    const result = await alertLatency(Number(values.chats), 50);
    printAlertLatency(result);
    save('alert-latency', result);
  }
  if (want('shift')) {
    console.log(`Simulated shift: ${values['shift-chats']} chats through backend, main core and renderer (Chromium)`);
    const result = await simulateShift(Number(values['shift-chats']));
    console.log(`  growth start -> end: core RSS ${result.growthPercent.coreRss}%, core heap ${result.growthPercent.coreHeap}%, renderer heap ${result.growthPercent.rendererHeap}% (aim < 10%); backend RSS ${result.growthPercent.backendRss}%; ${result.seconds} s`);
    save('shift', result);
  }
  if (want('faq-search')) {
    const result = await faqSearchBench(Number(values.faqs), 200);
    printFaqBench(result, fmt);
    save('faq-search', result);
  }
  if (want('transcript-search')) {
    const result = await transcriptSearchBench(Number(values.transcripts));
    printTranscriptBench(result, fmt);
    save('transcript-search', result);
  }
  if (want('idle')) {
    const result = await idleCpu(Number(values['idle-seconds']));
    console.log(`Idle main core over ${result.seconds} s, nobody waiting: ${result.cpuSeconds} CPU s = ${result.percentOfOneCore}% of one core (aim < 1%); RSS ${result.rssMiB} MiB`);
    save('idle-cpu', result);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
