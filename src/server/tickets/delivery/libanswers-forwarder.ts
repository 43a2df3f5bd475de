import { z } from 'zod';
import type { TicketDetails } from '../../../shared/tickets/schemas';
import { checkSite, LibAnswersError, LIBANSWERS_MAX_RESPONSE_BYTES, libAnswersRequest, LibAnswersToken } from '../../libanswers/client';
import { resolveCredentials } from '../../libanswers/credentials';
import type { LogFn } from '../../platform/log';
import { httpsLinkOn } from '../../../shared/external-links/https-link';
import type { CampusDelivery } from './config';
import { ticketBody } from './ticket-text';

/** LibAnswers cuts a ticket's question at this many characters; the rest goes to the details. */
export const MAX_PQUESTION = 150;

/**
 * The question as LibAnswers takes it: at most 150 characters (cut at a word where one is near,
 * with an ellipsis), and the rest, which opens the details, so nothing of it is lost.
 */
export function splitQuestion(question: string): { pquestion: string; rest: string } {
  const text = question.replace(/\s+/g, ' ').trim();
  if (text.length <= MAX_PQUESTION) return { pquestion: text, rest: '' };
  const room = MAX_PQUESTION - 1; // for the ellipsis
  const space = text.lastIndexOf(' ', room);
  const cut = space > room - 30 ? space : room;
  return { pquestion: `${text.slice(0, cut).trimEnd()}…`, rest: `…${text.slice(cut).trimStart()}` };
}

const Created = z.object({ ticketUrl: z.string().min(1).max(500) }).loose();
const Refused = z.object({ error: z.string().max(1000) }).loose();

type LibAnswersTarget = NonNullable<CampusDelivery['libanswers']>;

/**
 * Creates tickets in a campus's LibAnswers queue: POST /api/1.1/ticket/create, form-encoded, with
 * a token from the shared client (kept per site, renewed when the site refuses it).
 */
export class LibAnswersForwarder {
  private readonly tokens = new Map<string, LibAnswersToken>();

  constructor(
    private readonly timeoutMs: number,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly log: LogFn = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  private limitsOf(target: LibAnswersTarget) {
    return { timeoutMs: this.timeoutMs, maxResponseBytes: target.maxResponseBytes ?? LIBANSWERS_MAX_RESPONSE_BYTES };
  }

  private tokenFor(target: LibAnswersTarget): LibAnswersToken {
    const key = `${target.baseUrl} ${JSON.stringify(target.credentials)}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = new LibAnswersToken(checkSite(target.baseUrl), () => resolveCredentials(target.credentials, this.env), this.limitsOf(target), this.now);
      this.tokens.set(key, token);
    }
    return token;
  }

  /**
   * Resolves with the ticket's LibAnswers address, or '' when the site sent one that may not be a
   * link (not https, or not on the configured site): the ticket was made there, so it is kept
   * (and never sent twice), and the address is dropped with a log line. Rejects with what went wrong.
   */
  async create(target: LibAnswersTarget, ticket: Omit<TicketDetails, 'campusContact'>, campusName: string): Promise<string> {
    const site = checkSite(target.baseUrl);
    const { pquestion, rest } = splitQuestion(ticket.question);
    const details = ticketBody(ticket, campusName);
    const form = new URLSearchParams({
      quid: String(target.queueId),
      pquestion,
      pdetails: rest ? `${rest}\n\n${details}` : details,
      pname: ticket.patronName,
      pemail: ticket.email,
    });
    const token = this.tokenFor(target);
    const post = async (): Promise<unknown> =>
      libAnswersRequest(
        new URL('/api/1.1/ticket/create', site).href,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${await token.get()}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form,
        },
        this.limitsOf(target),
        'ticket',
      );
    let body: unknown;
    try {
      body = await post();
    } catch (error) {
      // An expired (or revoked) token: sign in again once, then try the same ticket again.
      if (!(error instanceof LibAnswersError && error.refused)) throw error;
      token.invalidate();
      body = await post();
    }
    const created = Created.safeParse(body);
    if (created.success) return this.checkedLink(created.data.ticketUrl, site, ticket.encounterId);
    const refused = Refused.safeParse(body);
    if (refused.success) throw new Error(`LibAnswers refused the ticket: ${refused.data.error.slice(0, 300)}`);
    throw new Error('LibAnswers: the reply has neither ticketUrl nor error');
  }

  private checkedLink(ticketUrl: string, site: URL, encounterId: string): string {
    if (httpsLinkOn(ticketUrl, site.hostname) !== null) return ticketUrl;
    this.log('warn', 'LibAnswers sent a ticket address that is not an https link on its site: dropped (the ticket was made)', {
      encounterId,
      site: site.origin,
      scheme: /^[a-z][a-z0-9+.-]*:/i.exec(ticketUrl)?.[0].slice(0, 20) ?? '(none)',
    });
    return '';
  }
}
