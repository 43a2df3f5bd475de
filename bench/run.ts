import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { alertLatency, printAlertLatency } from './alert-latency';
import { buildBenchCore } from './build-core';
import { chatStatisticsBench, printChatStatisticsBench } from './chat-statistics';
import { faqSearchBench, printFaqBench } from './faq-search';
import { fmt } from './stats';
import { loadBenchmark } from './load';
import { idleCpu, simulateShift } from './shift';
import { printTranscriptBench, transcriptSearchBench } from './transcript-search';
import { validationCost } from './validation';

const HELP = `usage: npm run bench -- [options]

Runs the benchmarks, prints every figure and saves them (with the machine) to bench/results/<name>.json.
Each builds what it needs (the renderer for the Chromium ones; the core, as the app ships it, for
the ones that spawn a desk's core). Not a test: nothing here asserts.

options:
  --only A,B          run only these: validation, alert-latency, shift, faq-search, transcript-search, load, open-chats,
                      idle, chat-statistics
  --chats N           alert-latency: chats timed one by one (default 200)
  --shift-chats N     shift: chats in the simulated shift (default 2000)
  --faqs N            faq-search: generated FAQs (default 50000)
  --transcripts N     transcript-search: stored chats searched (default 20000)
  --load-steps A,B    load: patrons per step, until the knee (default 1000,2000,3000,4000)
  --load-operators N  load: operators signed in (default 100)
  --load-hold-s N     load: seconds each step runs (default 60)
  --load-ramp-s N     load: seconds over which the patrons start (default 20)
  --open-steps A,B    open-chats: patrons per step, started over 40 s, until the knee (default 6000,8000,10000)
  --idle-seconds N    idle: how long the idle core is watched (default 60)
  --stats-chats N     chat-statistics: chats seeded over the year (default 100000)
  --help              this text
`;

/** The Chromium benchmarks serve the built renderer: build it as `npm run build:web` does. */
async function buildRenderer(): Promise<void> {
  const { build } = await import('vite');
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'vite.web.config.ts', logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = previous;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      chats: { type: 'string', default: '200' },
      'shift-chats': { type: 'string', default: '2000' },
      'idle-seconds': { type: 'string', default: '60' },
      'stats-chats': { type: 'string', default: '100000' },
      faqs: { type: 'string', default: '50000' },
      transcripts: { type: 'string', default: '20000' },
      'load-steps': { type: 'string', default: '1000,2000,3000,4000' },
      'load-operators': { type: 'string', default: '100' },
      'load-hold-s': { type: 'string', default: '60' },
      'load-ramp-s': { type: 'string', default: '20' },
      'open-steps': { type: 'string', default: '6000,8000,10000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30) };
  mkdirSync('bench/results', { recursive: true });
  const save = (name: string, figures: unknown) => {
    const file = `bench/results/${name}.json`;
    writeFileSync(file, `${JSON.stringify({ name, at: new Date().toISOString(), machine, figures }, null, 2)}\n`);
    console.log(`  saved ${file}\n`);
  };
  const want = (name: string) => !values.only || values.only.split(',').includes(name);
  if (want('alert-latency') || want('shift')) await buildRenderer();
  // The parts that spawn a desk's core run it built, as the app ships it (bench/build-core.ts).
  if (want('shift') || want('idle') || want('transcript-search')) await buildBenchCore();

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
    const after = result.afterFirstHour;
    console.log(`  hour 1 -> end (what grows with chats, once the first hour's compiled code is made): core heap ${after.coreHeapPercent}% (${after.coreHeapBytesPerChat} B a chat), renderer heap ${after.rendererHeapPercent}% (${after.rendererHeapBytesPerChat} B a chat)`);
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
  if (want('load')) {
    const steps = values['load-steps'].split(',').map(Number);
    const rampS = Number(values['load-ramp-s']);
    console.log(`The backend under load (its own process), ${values['load-operators']} operators, patrons starting over ${rampS} s and each sending a line every 10 s:`);
    const result = await loadBenchmark({ operators: Number(values['load-operators']), steps, rampMs: rampS * 1000, everyMs: 10_000, holdMs: Number(values['load-hold-s']) * 1000 });
    save('load', result);
  }
  if (want('open-chats')) {
    // The aim: 10,000 open chats with 100 librarians, started over 40 s, fan-out p99 within 5x the floor.
    const steps = values['open-steps'].split(',').map(Number);
    console.log(`Open chats (the backend in its own process), ${values['load-operators']} operators, patrons starting over 40 s and each sending a line every 10 s:`);
    const result = await loadBenchmark({ operators: Number(values['load-operators']), steps, rampMs: 40_000, everyMs: 10_000, holdMs: Number(values['load-hold-s']) * 1000 });
    save('open-chats', result);
  }
  if (want('idle')) {
    const result = await idleCpu(Number(values['idle-seconds']));
    console.log(`Idle main core over ${result.seconds} s, nobody waiting: ${result.cpuSeconds} CPU s = ${result.percentOfOneCore}% of one core (aim < 1%); RSS ${result.rssMiB} MiB`);
    save('idle-cpu', result);
  }
  if (want('chat-statistics')) {
    console.log(`Chat statistics over HTTP (the real server, 100 operators on websockets), a year of ${values['stats-chats']} chats:`);
    const result = await chatStatisticsBench(Number(values['stats-chats']), 100, 50);
    printChatStatisticsBench(result);
    save('chat-statistics', result);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
