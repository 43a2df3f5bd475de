/**
 * What every LibAnswers call shares: the site check, one request with a timeout and a cap on the
 * reply's size, and the client-credentials token (POST /api/1.1/oauth/token), kept until shortly
 * before it expires or until the site refuses it. The FAQ import and the ticket forwarder both go
 * through here.
 */
import { z } from 'zod';
import { DeskbellServerError } from '../platform/errors';
import { isErrorNamed, messageOf } from '../../shared/narrow';

export interface LibAnswersCredentials {
  clientId: string;
  clientSecret: string;
}

/** A LibAnswers call that did not succeed; `status` is the HTTP status when there was one. */
export class LibAnswersError extends DeskbellServerError {
  constructor(
    message: string,
    readonly status: number | null,
    /** The site refused the token or the credentials (401/403). */
    readonly refused: boolean,
    options?: { cause?: unknown },
  ) {
    super('invalid_input', `LibAnswers: ${message}`, options);
  }
}

/** A reply larger than the cap: refused from its Content-Length, or cut off as soon as it passes the cap. */
export class LibAnswersTooLarge extends LibAnswersError {
  constructor(
    what: string,
    readonly limitBytes: number,
  ) {
    super(`${what}: the reply is larger than ${limitBytes} bytes (maxResponseBytes); it was not read`, null, false);
  }
}

/** The most a LibAnswers reply may hold unless a site's settings say otherwise: a page of 100 long FAQs is well under it. */
export const LIBANSWERS_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

/** A site's own cap on replies, in its settings (an FAQ import's source, a campus's ticket delivery): 1 KiB to 64 MiB. */
export const MaxResponseBytes = z.number().int().min(1024).max(64 * 1024 * 1024);

/** What bounds every call to a site: how long it may take, and how big its reply may be. */
export interface LibAnswersLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

const fail = (message: string, cause?: unknown): LibAnswersError => new LibAnswersError(message, null, false, { cause });

/** Plain http would send the client secret in the clear: allowed only to this machine (tests, a local proxy). */
export function checkSite(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw fail(`"${raw.slice(0, 100)}" is not a URL`, error);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw fail('the site must be an https:// URL');
  if (url.username || url.password) throw fail('put credentials in the environment or a credentials file, not in the URL');
  return url;
}

/** One request; every failure (unreachable, timeout, HTTP error, too large, not JSON) is a LibAnswersError. */
export async function libAnswersRequest(url: string, init: RequestInit, limits: LibAnswersLimits, what: string): Promise<unknown> {
  const { timeoutMs } = limits;
  const origin = new URL(url).origin;
  const failed = (error: unknown): LibAnswersError =>
    error instanceof LibAnswersError
      ? error
      : fail(`${what}: ${isErrorNamed(error, 'TimeoutError') ? `no answer from ${origin} within ${timeoutMs} ms` : `cannot reach ${origin}: ${messageOf(error)}`}`, error);
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw failed(error);
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new LibAnswersError(`${what}: the site refused the credentials (HTTP ${response.status})`, response.status, true);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new LibAnswersError(`${what}: HTTP ${response.status}`, response.status, false);
  }
  let text: string;
  try {
    text = await readCapped(response, limits.maxResponseBytes, what);
  } catch (error) {
    throw failed(error);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail(`${what}: the reply is not JSON`, error);
  }
}

/** The reply's text, read chunk by chunk and given up (the connection closed) as soon as it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number, what: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new LibAnswersTooLarge(what, maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let read = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    read += value.byteLength;
    if (read > maxBytes) {
      await reader.cancel();
      throw new LibAnswersTooLarge(what, maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
}

const TokenReply = z.object({ access_token: z.string().min(1).max(4096), expires_in: z.number().positive().optional() }).loose();

/** Tokens are renewed this long before the site says they expire, so none runs out mid-call. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * A site's client-credentials token, fetched when first needed and kept until shortly before it
 * expires; `invalidate` drops it when the site refuses it (an expired token), so the next call
 * signs in again.
 */
export class LibAnswersToken {
  private token: { value: string; until: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly site: URL,
    private readonly credentials: () => LibAnswersCredentials,
    private readonly limits: LibAnswersLimits,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    if (this.token && this.now() < this.token.until) return this.token.value;
    this.pending ??= this.fetch().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  invalidate(): void {
    this.token = null;
  }

  private async fetch(): Promise<string> {
    const { clientId, clientSecret } = this.credentials();
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    const reply = TokenReply.safeParse(
      await libAnswersRequest(
        new URL('/api/1.1/oauth/token', this.site).href,
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body },
        this.limits,
        'sign-in',
      ),
    );
    if (!reply.success) throw fail('sign-in: the reply has no access_token');
    const lifetime = (reply.data.expires_in ?? 3600) * 1000;
    this.token = { value: reply.data.access_token, until: this.now() + Math.max(0, lifetime - EXPIRY_MARGIN_MS) };
    return reply.data.access_token;
  }
}
