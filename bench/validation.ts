import { performance } from 'node:perf_hooks';
import * as v from 'valibot';
import { OperatorServerFrame } from '../src/shared/protocol';
import { type Summary, summarize } from './stats';

/**
 * Why zod: the protocol's schemas validate every frame on both ends, so their cost was measured
 * against valibot on the hottest frame (a chat message event) before choosing. The valibot
 * schema here mirrors the zod one field for field; it exists only for this comparison.
 */
const ValibotMessageEvent = v.object({
  type: v.literal('event'),
  seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
  event: v.object({
    type: v.literal('chat.message'),
    message: v.object({
      id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
      chatId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{4,64}$/)),
      seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
      from: v.picklist(['patron', 'operator', 'system']),
      visibility: v.picklist(['patron', 'operators']),
      authorName: v.pipe(v.string(), v.maxLength(200)),
      text: v.pipe(v.string(), v.maxLength(8000)),
      at: v.pipe(v.number(), v.integer(), v.minValue(0)),
    }),
  }),
});

const frame = {
  type: 'event',
  seq: 4242,
  event: {
    type: 'chat.message',
    message: { id: 'm_8f2a1c', chatId: 'c_9d7e6b5a', seq: 17, from: 'patron', visibility: 'patron', authorName: 'Maya', text: 'Do you have the ENG 101 textbook on reserve? I need it for tomorrow.', at: 1_764_340_000_000 },
  },
};

function time(parse: () => unknown, rounds: number, perRound: number): number[] {
  for (let i = 0; i < 20_000; i++) parse(); // warm up the JIT
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) parse();
    samples.push(((performance.now() - start) * 1000) / perRound); // µs per parse
  }
  return samples;
}

/** `size` is for the suite, which checks the mirror still matches the protocol with a few rounds. */
export function validationCost(size = { rounds: 200, perRound: 2_000 }): { zodUs: Summary; valibotUs: Summary; zodOverValibotP50: number } {
  const raw = JSON.stringify(frame);
  const zodParse = () => OperatorServerFrame.safeParse(JSON.parse(raw));
  const valibotParse = () => v.safeParse(ValibotMessageEvent, JSON.parse(raw));
  if (!zodParse().success || !valibotParse().success) throw new Error('the benchmark frame must be valid for both');
  const zodUs = summarize(time(zodParse, size.rounds, size.perRound));
  const valibotUs = summarize(time(valibotParse, size.rounds, size.perRound));
  return { zodUs, valibotUs, zodOverValibotP50: Math.round((zodUs.p50 / valibotUs.p50) * 100) / 100 };
}
