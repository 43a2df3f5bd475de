import type { IncomingMessage } from 'node:http';
import { STATISTICS_MAX_DAYS, STATISTICS_TIME_ZONE, StatisticsQuery, type StatisticsScope } from '../../shared/statistics/schemas';
import { ZoneDays, zoneDay } from '../../shared/statistics/zone-days';
import type { ServerCapability, ServerContext } from '../capability';
import { describeIssues } from '../platform/issues';
import { errorData } from '../platform/log';
import type { SessionInfo } from '../session/accounts';
import { bearerToken, HttpError, type Routes, sendJson } from '../transport/http';
import { computeStatistics, settleDays, type StatisticsMemory } from './compute';
import { Interned, SettledDays } from './day-facts';
import { StatisticsStore } from './statistics-store';

export interface StatisticsOptions {
  /** The pickup goal the within-goal figures count against, in ms. */
  goalMs: number;
}

/**
 * Chat statistics for the head of reference: `GET /api/statistics?from=YYYY-MM-DD&to=YYYY-MM-DD[&campus=id]`
 * answers figures (never chats) for New York calendar days. An administrator reads everyone's;
 * any other librarian reads only their own (the scope is decided here, from the database).
 * Requests are answered one at a time, each computed in slices (./compute.ts).
 */
export class Statistics implements ServerCapability {
  private readonly store: StatisticsStore;
  /** Interned ids and the settled days, kept between requests. */
  private readonly memory: StatisticsMemory = { campuses: new Interned(), operators: new Interned(), settled: new SettledDays() };
  /** The computation under way: the next waits for it, so a burst of requests never runs side by side. */
  private running: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: StatisticsOptions,
  ) {
    this.store = new StatisticsStore(ctx.db);
  }

  /**
   * After a start: the last STATISTICS_MAX_DAYS days are read once in the background, in slices
   * and in turn with requests, so a year's first answer finds its settled days kept.
   */
  recover(): void {
    const now = this.ctx.now();
    const day = (at: number) => zoneDay(STATISTICS_TIME_ZONE, at);
    const zone = new ZoneDays(STATISTICS_TIME_ZONE, day(now - (STATISTICS_MAX_DAYS - 1) * 86_400_000), day(now));
    void this.oneAtATime(() => settleDays(this.store, this.memory, zone, now, () => this.closed)).catch((error: unknown) => {
      this.ctx.log('warn', 'reading the statistics days after the start failed', errorData(error));
    });
  }

  /** The reading under way stops at its next day; the database closes after it. */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  readonly routes: Routes = {
    '/api/statistics': {
      GET: async (req, res, url) => {
        const session = this.session(req);
        const query = parseQuery(url);
        if (query.campus !== undefined && !this.ctx.directory.get(query.campus)) throw new HttpError(400, 'invalid_request', `no campus ${query.campus} in the directory`);
        const me = session.operator;
        const scope: StatisticsScope = this.ctx.accounts.isAdmin(me.id) ? { kind: 'all' } : { kind: 'own', operatorId: me.id };
        const figures = await this.oneAtATime(() => computeStatistics(this.store, this.memory, { query, scope, goalMs: this.options.goalMs, now: this.ctx.now() }));
        // Typed as ChatStatistics by the compiler; the desk validates it on arrival (tests parse it too).
        sendJson(res, 200, figures);
      },
    },
  };

  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const next = this.running.then(work, work);
    this.running = next.catch(() => undefined);
    return next;
  }

  private session(req: IncomingMessage): SessionInfo {
    const token = bearerToken(req);
    const session = token ? this.ctx.accounts.authenticate(token) : null;
    if (!session) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <session token>');
    return session;
  }
}

/** The query string as a StatisticsQuery: each parameter once, no others. */
function parseQuery(url: URL): StatisticsQuery {
  const raw: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (Object.hasOwn(raw, name)) throw new HttpError(400, 'invalid_request', `${name.slice(0, 40)} is given twice`);
    raw[name] = value;
  }
  const query = StatisticsQuery.safeParse(raw);
  if (!query.success) throw new HttpError(400, 'invalid_request', `the statistics query is invalid: ${describeIssues(query.error)}`);
  return query.data;
}
