import { createServer, type IncomingMessage, type Server } from 'node:http';
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

export class FakeLibAnswers {
  faqs: LibAnswersItem[] = [];
  /** Misbehaviours of real sites: ignore `page` (always page 1); state the list's total; send only the first N FAQs. */
  quirks: { ignorePage?: boolean; statesTotal?: boolean; sendsOnly?: number } = {};
  readonly requests: { method: string; path: string; auth: string | null }[] = [];
  readonly tickets: LibAnswersTicket[] = [];
  /** How ticket/create answers: create it, fail with 500, never answer, or answer {error}. */
  ticketMode: 'ok' | 'fail500' | 'hang' | 'error' = 'ok';
  private readonly tokens = new Set<string>();
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
        if (answer) res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
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

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown } | null> {
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
      this.tokens.add(token);
      return { status: 200, body: { access_token: token, expires_in: 3600, token_type: 'Bearer', scope: 'faq_read' } };
    }
    if (req.method === 'GET' && url.pathname === '/api/1.1/faqs') {
      const token = /^Bearer (.+)$/.exec(auth ?? '')?.[1];
      if (!token || !this.tokens.has(token)) return { status: 403, body: { error: 'invalid token' } };
      const limit = Math.min(Number(url.searchParams.get('limit') ?? '10'), this.pageCap);
      const page = this.quirks.ignorePage ? 1 : Number(url.searchParams.get('page') ?? '1');
      const group = url.searchParams.get('group_id');
      const list = group === null ? this.faqs : this.faqs.filter((f) => f.faqid % 2 === Number(group) % 2);
      const sent = list.slice(0, this.quirks.sendsOnly ?? list.length);
      return { status: 200, body: { faqs: sent.slice((page - 1) * limit, page * limit), ...(this.quirks.statesTotal ? { total: list.length } : {}) } };
    }
    if (req.method === 'POST' && url.pathname === '/api/1.1/ticket/create') {
      const token = /^Bearer (.+)$/.exec(auth ?? '')?.[1];
      if (!token || !this.tokens.has(token)) return { status: 401, body: { error: 'invalid or expired token' } };
      if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return { status: 415, body: { error: 'form-encoded only' } };
      let body = '';
      for await (const chunk of req) body += String(chunk);
      if (this.ticketMode === 'hang') return null; // never answers
      if (this.ticketMode === 'fail500') return { status: 500, body: { error: 'internal error' } };
      const form = new URLSearchParams(body);
      if (this.ticketMode === 'error') return { status: 200, body: { error: `queue ${form.get('quid') ?? ''} does not exist` } };
      const ticket: LibAnswersTicket = {
        quid: form.get('quid') ?? '',
        pquestion: form.get('pquestion') ?? '',
        pdetails: form.get('pdetails') ?? '',
        pname: form.get('pname') ?? '',
        pemail: form.get('pemail') ?? '',
        url: `${this.url}/admin/ticket?qid=${this.tickets.length + 1000}`,
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
