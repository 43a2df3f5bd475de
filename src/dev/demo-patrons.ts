import type { Campus } from '../shared/campuses/schemas';
import type { LogFn } from '../main/core/ports';
import { PatronClient } from './patron-client';

const PATRONS = ['Maya', 'Jordan', 'Luis', 'Priya', 'Sam', 'what time does the library close today?', 'Ana', 'Devon', 'Keisha', 'Tom'];
const QUESTIONS = [
  'What time do you close today?',
  'I need a peer-reviewed article on nursing burnout for my NUR 201 class.',
  'How do I get into CINAHL from home?',
  'Can I renew a book online?',
  'Do you have the textbook for ENG 101 on reserve?',
  'How do I cite a website in APA?',
  'I need 3 scholarly sources about climate policy.',
];
const REPLIES = ['Thanks!', 'Ok, one sec', 'That helps, thank you', 'Is there a link for that?', 'great'];

/**
 * Simulated patrons for `--demo`: real patron sockets against the embedded backend, so a
 * newcomer sees and hears a chat arrive. At most `maxActive` at once; each leaves by itself.
 */
export class DemoPatrons {
  private timer: NodeJS.Timeout | null = null;
  private readonly active = new Set<PatronClient>();
  private n = 0;

  constructor(
    private readonly backendUrl: string,
    private readonly campuses: readonly Campus[],
    private readonly log?: LogFn,
    private readonly intervalMs: [number, number] = [25_000, 70_000],
    private readonly maxActive = 3,
  ) {}

  start(firstInMs = 3_000): void {
    this.schedule(firstInMs);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.arrive().catch((error: unknown) => this.log?.('warn', 'demo patron failed', { error: String(error) }));
      const [lo, hi] = this.intervalMs;
      this.schedule(lo + Math.random() * (hi - lo));
    }, ms);
  }

  private pick<T>(list: readonly T[]): T {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the index is below list.length, and the lists picked from are not empty
    return list[Math.floor(Math.random() * list.length)] as T;
  }

  private async arrive(): Promise<void> {
    if (this.active.size >= this.maxActive || this.campuses.length === 0) return;
    const patron = new PatronClient(this.backendUrl);
    this.active.add(patron);
    const done = () => {
      patron.close();
      this.active.delete(patron);
    };
    // Every demo patron leaves within five minutes, whatever happens.
    const lifetime = setTimeout(() => {
      patron.leave();
      setTimeout(done, 500);
    }, 300_000);
    patron.on((frame) => {
      if (frame.type === 'message' && frame.message.from === 'operator' && Math.random() < 0.7) {
        setTimeout(() => patron.say(this.pick(REPLIES)), 2_000 + Math.random() * 4_000);
      }
      if (frame.type === 'status' && frame.state === 'ended') {
        clearTimeout(lifetime);
        done();
      }
    });
    this.n += 1;
    await patron.start(this.pick(this.campuses).id, this.pick(PATRONS), this.pick(QUESTIONS));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const patron of this.active) {
      patron.leave();
      patron.close();
    }
    this.active.clear();
  }
}
