import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LibAnswersItem {
  faqid: number;
  question: string;
  answer?: string;
  details?: string;
  url: { public: string; admin: string };
  topics: { name: string }[];
  updated: string;
}

/**
 * A local stand-in for a LibAnswers site's API 1.1, as the import uses it: a client-credentials
 * token from POST /api/1.1/oauth/token, then GET /api/1.1/faqs?page=N&limit=M with the bearer
 * token, pages capped at `pageCap` whatever limit is asked for (LibAnswers caps them too).
 */
/** A ticket as the fake received it (POST /api/1.1/ticket/create, form-encoded). */
export interface LibAnswersTicket {
  quid: string;
  pquestion: string;
  pdetails: string;
  pname: string;
  pemail: string;
  url: string;
}

/** How an oversized reply went: bytes written before the client went away, and whether all of it was. */
export interface OversizedReply {
  bytes: number;
  written: number;
  finished: boolean;
}

export class FakeLibAnswers {
  faqs: LibAnswersItem[] = [];
  /** Misbehaviours of real sites: ignore `page` (always page 1); state the list's total; send only the first N FAQs; refuse every token. */
  quirks: { ignorePage?: boolean; statesTotal?: boolean; sendsOnly?: number; refusesTokens?: boolean } = {};
  readonly requests: { method: string; path: string; auth: string | null }[] = [];
  readonly tickets: LibAnswersTicket[] = [];
  /** How ticket/create answers: create it, fail with 500, never answer, or answer {error}. */
  ticketMode: 'ok' | 'fail500' | 'hang' | 'error' = 'ok';
  /** The address ticket/create answers with: by default an https address on this site's host, as LibAnswers does. */
  ticketUrl: (qid: number) => string = (qid) => `https://127.0.0.1:${this.port}/admin/ticket?qid=${qid}`;
  /** The clock tokens expire by, and how long each lives (the reply's expires_in). */
  now: () => number = Date.now;
  tokenLifetimeSeconds = 3600;
  /** Called once a page of FAQs has passed the token check, before it is answered (a test moves its clock here). */
  onFaqPage: (page: number) => void = () => undefined;
  /**
   * The next replies to the FAQ list and ticket/create are this many bytes of valid JSON: with a
   * Content-Length, or streamed without one. `oversized` says how each went.
   */
  oversize: { bytes: number; declared: boolean } | null = null;
  readonly oversized: OversizedReply[] = [];
  /** token -> when it expires, by `now`. */
  private readonly tokens = new Map<string, number>();
  private server: Server | null = null;
  url = '';
  port = 0;

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
    readonly pageCap = 20,
  ) {}

  /** Listen (again) on `port`: a restart keeps the address, so a site that was down comes back. */
  async start(port = this.port): Promise<void> {
    this.server = createServer((req, res) =>
      void this.handle(req).then((answer) => {
        if (answer === 'oversize') this.sendOversized(res);
        else if (answer) res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      }),
    );
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server?.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Every token issued so far stops working (as when they expire). */
  expireTokens(): void {
    this.tokens.clear();
  }

  private validToken(auth: string | null): boolean {
    const token = /^Bearer (.+)$/.exec(auth ?? '')?.[1];
    const until = token === undefined ? undefined : this.tokens.get(token);
    return until !== undefined && this.now() < until && !this.quirks.refusesTokens;
  }

  /** A reply of `oversize.bytes` bytes (one FAQ with a huge answer), written only as fast as the client reads it. */
  private sendOversized(res: ServerResponse): void {
    const { bytes, declared } = this.oversize ?? { bytes: 0, declared: false };
    const head = Buffer.from('{"faqs":[{"faqid":1,"question":"Big?","answer":"');
    const tail = Buffer.from('"}],"ticketUrl":"https://127.0.0.1/admin/ticket?qid=1"}');
    const filler = Buffer.alloc(64 * 1024, 'x');
    const record: OversizedReply = { bytes, written: 0, finished: false };
    this.oversized.push(record);
    res.writeHead(200, { 'content-type': 'application/json', ...(declared ? { 'content-length': String(bytes) } : {}) });
    res.on('close', () => (record.finished = res.writableFinished));
    let left = bytes - head.length - tail.length;
    const write = (chunk: Buffer): boolean => {
      record.written += chunk.length;
      return res.write(chunk);
    };
    const pump = (): void => {
      while (left > 0 && !res.destroyed) {
        const chunk = filler.subarray(0, Math.min(filler.length, left));
        left -= chunk.length;
        if (!write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) {
        record.written += tail.length;
        res.end(tail);
      }
    };
    write(head);
    pump();
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown } | 'oversize' | null> {
    const url = new URL(req.url ?? '/', this.url);
    const auth = req.headers.authorization ?? null;
    this.requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, auth });
    if (req.method === 'POST' && url.pathname === '/api/1.1/oauth/token') {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
        return { status: 401, body: { error: 'invalid_client' } };
      }
      const token = `tok-${Math.random().toString(36).slice(2)}`;
      this.tokens.set(token, this.now() + this.tokenLifetimeSeconds * 1000);
      return { status: 200, body: { access_token: token, expires_in: this.tokenLifetimeSeconds, token_type: 'Bearer', scope: 'faq_read' } };
    }
    if (req.method === 'GET' && url.pathname === '/api/1.1/faqs') {
      if (!this.validToken(auth)) return { status: 403, body: { error: 'invalid token' } };
      const page = this.quirks.ignorePage ? 1 : Number(url.searchParams.get('page') ?? '1');
      this.onFaqPage(page);
      if (this.oversize) return 'oversize';
      const limit = Math.min(Number(url.searchParams.get('limit') ?? '10'), this.pageCap);
      const group = url.searchParams.get('group_id');
      const list = group === null ? this.faqs : this.faqs.filter((f) => f.faqid % 2 === Number(group) % 2);
      const sent = list.slice(0, this.quirks.sendsOnly ?? list.length);
      return { status: 200, body: { faqs: sent.slice((page - 1) * limit, page * limit), ...(this.quirks.statesTotal ? { total: list.length } : {}) } };
    }
    if (req.method === 'POST' && url.pathname === '/api/1.1/ticket/create') {
      if (!this.validToken(auth)) return { status: 401, body: { error: 'invalid or expired token' } };
      if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return { status: 415, body: { error: 'form-encoded only' } };
      let body = '';
      for await (const chunk of req) body += String(chunk);
      if (this.ticketMode === 'hang') return null; // never answers
      if (this.oversize) return 'oversize';
      if (this.ticketMode === 'fail500') return { status: 500, body: { error: 'internal error' } };
      const form = new URLSearchParams(body);
      if (this.ticketMode === 'error') return { status: 200, body: { error: `queue ${form.get('quid') ?? ''} does not exist` } };
      const ticket: LibAnswersTicket = {
        quid: form.get('quid') ?? '',
        pquestion: form.get('pquestion') ?? '',
        pdetails: form.get('pdetails') ?? '',
        pname: form.get('pname') ?? '',
        pemail: form.get('pemail') ?? '',
        url: this.ticketUrl(this.tickets.length + 1000),
      };
      this.tickets.push(ticket);
      return { status: 200, body: { ticketUrl: ticket.url } };
    }
    return { status: 404, body: { error: 'not found' } };
  }
}

export function libAnswersItem(faqid: number, question: string, answerHtml: string, topics: string[] = [], updated = '2026-11-02 14:05:00'): LibAnswersItem {
  return {
    faqid,
    question,
    answer: answerHtml,
    url: { public: `https://tunxis.libanswers.example/faq/${faqid}`, admin: `https://tunxis.libanswers.example/admin/faq/${faqid}` },
    topics: topics.map((name) => ({ name })),
    updated,
  };
}
