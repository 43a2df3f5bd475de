import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../src/shared/protocol';
import { LoginResponse } from '../../src/shared/session/schemas';
import type { ServerOptions } from '../../src/server';
import { inspectDb, PASSWORD, startTestServer, type TestServer } from '../support/server';

let t: TestServer & { problems: string[] };
let db: ReturnType<typeof inspectDb>;

beforeAll(async () => {
  t = await startTestServer();
  t.server.addOperator({ username: 'http.user', name: 'Hattie Http', campus: 'tunxis', password: PASSWORD });
  db = inspectDb(t);
});
afterAll(async () => {
  db?.close();
  await t?.close();
});

const login = (body: string, contentType = 'application/json') =>
  fetch(`${t.server.url}/api/login`, { method: 'POST', headers: { 'Content-Type': contentType }, body });

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  expect(response.headers.get('content-type')).toContain('application/json');
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

describe('POST /api/login', () => {
  it('signs in with the right credentials', async () => {
    const response = await login(JSON.stringify({ username: 'http.user', password: PASSWORD }));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = LoginResponse.parse(await response.json());
    expect(body.operator).toMatchObject({ name: 'Hattie Http', campus: 'tunxis' });
  });

  it('answers bad requests with typed errors and creates no session', async () => {
    const sessionsBefore = db.counts().sessions;
    expect(await errorOf(await login(JSON.stringify({ username: 'http.user', password: 'wrong password' })))).toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    expect(await errorOf(await login('{"username": "http.user",'))).toMatchObject({ status: 400, code: 'bad_json' });
    const shape = await errorOf(await login(JSON.stringify({ username: 'http.user' })));
    expect(shape).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(shape.message).toContain('password');
    expect(await errorOf(await login(JSON.stringify([1, 2])))).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(await errorOf(await login(JSON.stringify({ username: 5, password: PASSWORD })))).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(await errorOf(await login('username=a&password=b', 'application/x-www-form-urlencoded'))).toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
    });
    expect(await errorOf(await login(JSON.stringify({ username: 'http.user', password: 'x'.repeat(17 * 1024) })))).toMatchObject({
      status: 413,
      code: 'too_large',
    });
    expect(db.counts().sessions).toBe(sessionsBefore);
  });

  it('a body over the limit without a content-length (chunked) is refused too', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${t.server.url}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(`{"username":"http.user","password":"${'x'.repeat(10 * 1024)}`);
      req.write(`${'x'.repeat(10 * 1024)}"}`);
      req.end();
    });
    expect(status).toBe(413);
  });

  it('wrong methods get 405 with Allow', async () => {
    const response = await fetch(`${t.server.url}/api/login`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect((await errorOf(response)).code).toBe('method_not_allowed');
    const del = await fetch(`${t.server.url}/widget`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('other routes', () => {
  it('POST /api/logout needs a bearer token', async () => {
    expect(await errorOf(await fetch(`${t.server.url}/api/logout`, { method: 'POST' }))).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(
      await errorOf(await fetch(`${t.server.url}/api/logout`, { method: 'POST', headers: { Authorization: `Bearer ${'a'.repeat(43)}` } })),
    ).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('GET /api/campuses lists ids and names only', async () => {
    const body = (await (await fetch(`${t.server.url}/api/campuses`)).json()) as { campuses: Record<string, unknown>[] };
    expect(body.campuses).toHaveLength(18);
    expect(body.campuses.every((c) => Object.keys(c).sort().join() === 'id,name')).toBe(true);
    expect(body.campuses).toContainEqual({ id: 'state-library', name: 'Connecticut State Library' });
  });

  it('GET /healthz', async () => {
    const response = await fetch(`${t.server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, protocol: { patron: PROTOCOL_VERSION, operator: OPERATOR_PROTOCOL_VERSION } });
    expect(OPERATOR_PROTOCOL_VERSION).toBe(4);
  });

  it('unknown paths get a JSON 404', async () => {
    expect(await errorOf(await fetch(`${t.server.url}/admin`))).toMatchObject({ status: 404, code: 'not_found' });
    expect(await errorOf(await fetch(`${t.server.url}/widget/../../etc/passwd`))).toMatchObject({ status: 404 });
  });
});

describe('the patron widget', () => {
  it('is served with a strict CSP, nosniff, and no inline script', async () => {
    const response = await fetch(`${t.server.url}/widget?campus=gateway`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toContain('src="widget/widget.js"');
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
    for (const id of ['patron-name', 'patron-question', 'start-chat', 'message-input', 'send', 'messages', 'status', 'ticket-offer', 'leave']) {
      expect(html).toContain(`id="${id}"`);
    }
  });

  it('serves its script and stylesheet, gzipped on request, with ETags', async () => {
    const js = await fetch(`${t.server.url}/widget/widget.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const source = await js.text();
    expect(source).toContain('ws/patron');
    expect(source).not.toContain('innerHTML');
    const css = await fetch(`${t.server.url}/widget/widget.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');

    const raw = await new Promise<{ encoding: string | undefined; body: Buffer; etag: string | undefined }>((resolve, reject) => {
      request(`${t.server.url}/widget/widget.js`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks), etag: res.headers.etag }));
      })
        .on('error', reject)
        .end();
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toBe(source);
    const cached = await fetch(`${t.server.url}/widget/widget.js`, { headers: { 'If-None-Match': raw.etag ?? '' } });
    expect(cached.status).toBe(304);
  });
});

describe('websocket upgrades', () => {
  it('only /ws/operator and /ws/patron are accepted', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${t.server.url.replace('http', 'ws')}/ws/admin`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('upgrade accepted')));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(404);
  });
});

describe('sign-in throttling', () => {
  async function withServer(options: Partial<ServerOptions>, body: (s: TestServer & { problems: string[] }) => Promise<void>): Promise<void> {
    const server = await startTestServer({ trustProxy: 'loopback', ...options });
    try {
      for (const username of ['alice', 'bob', 'carol']) server.server.addOperator({ username, name: username, campus: 'gateway', password: PASSWORD });
      await body(server);
    } finally {
      await server.close();
    }
  }
  const attempt = (s: TestServer, username: string, password: string, from: string, deviceToken?: string) =>
    fetch(`${s.server.url}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from },
      body: JSON.stringify({ username, password, ...(deviceToken ? { deviceToken } : {}) }),
    });
  /** One after another, so which attempt meets the limit is certain. */
  const statuses = async (attempts: (() => Promise<Response>)[]) => {
    const out: number[] = [];
    for (const run of attempts) out.push((await run()).status);
    return out;
  };
  const hour = 3_600_000;
  const ATTACKER = '198.51.100.66';
  const LIBRARY = '198.51.100.7';
  // Small numbers, so an attack fits in a test; the slow-down is capped low so it finishes quickly.
  const limits = { loginPairBurst: 5, loginPairIntervalMs: hour, loginUsernameBurst: 3, loginAddressBurst: 10, loginMaxDelayMs: 300 };

  it('failures for one account from one address refuse that pair only; the librarian still signs in from elsewhere, and from a computer she used before', async () => {
    await withServer({ limits }, async (s) => {
      // She signed in at her desk once: that computer now holds a device token for her.
      const first = (await (await attempt(s, 'alice', PASSWORD, ATTACKER)).json()) as { deviceToken: string };
      expect(first.deviceToken).toMatch(/^[A-Za-z0-9_-]{16,}$/);
      // An attacker guesses her password from the same campus NAT: five failures, then refused.
      expect(await statuses([1, 2, 3, 4, 5, 6].map(() => () => attempt(s, 'alice', 'guess', ATTACKER)))).toEqual([401, 401, 401, 401, 401, 429]);
      const refused = await attempt(s, 'ALICE', PASSWORD, ATTACKER);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await errorOf(refused)).message).toContain('for this user from your network');
      // Her right password from another address gets in (slowed while the account is under attack, never refused)...
      expect((await attempt(s, 'alice', PASSWORD, LIBRARY)).status).toBe(200);
      // ...and so does her own computer, behind the attacker's address, with its device token.
      const again = await attempt(s, 'alice', PASSWORD, ATTACKER, first.deviceToken);
      expect(again.status).toBe(200);
      expect(((await again.json()) as { deviceToken: string }).deviceToken).toBe(first.deviceToken);
      // A device token is alice's alone: it lifts nothing for another username.
      expect((await attempt(s, 'bob', 'guess', ATTACKER, first.deviceToken)).status).toBe(401);
      // An unknown username is treated exactly the same, so a 429 says nothing about who exists.
      expect(await statuses([1, 2, 3, 4, 5, 6].map(() => () => attempt(s, 'nobody-here', 'guess', ATTACKER)))).toEqual([401, 401, 401, 401, 401, 429]);
    });
  });

  it('a flood of failures with random usernames from one address never refuses a colleague there', async () => {
    // The address forgets a failure only once an hour here, so the test's pace cannot matter; the penalty still ends within a minute.
    await withServer({ limits: { ...limits, loginAddressIntervalMs: hour } }, async (s) => {
      const flood = Array.from({ length: 40 }, (_, i) => () => attempt(s, `random-${i}`, 'guess', LIBRARY));
      // Past the address's burst, the flood is refused at once, with when to come back (no password check).
      const answers = await statuses(flood);
      expect(answers.slice(0, 10)).toEqual(Array<number>(10).fill(401));
      expect(new Set(answers.slice(11))).toEqual(new Set([429]));
      const refused = await attempt(s, 'random-x', 'guess', LIBRARY);
      const seconds = Number(refused.headers.get('retry-after'));
      // However many failures: at most a minute after the last one (less the time since, however slow the machine).
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(60);
      expect((await errorOf(refused)).message).toBe(`too many failed sign-ins from this network; try again in ${seconds} s`);
      // Its librarians are not locked out: a name with an account is still checked.
      expect((await attempt(s, 'bob', PASSWORD, LIBRARY)).status).toBe(200);
      expect((await attempt(s, 'carol', PASSWORD, LIBRARY)).status).toBe(200);
    });
  });

  it('successful sign-ins are never counted, and every refusal is logged with its reason but never the password', async () => {
    await withServer({ limits: { ...limits, loginPairBurst: 2 } }, async (s) => {
      for (let i = 0; i < 10; i++) expect((await attempt(s, 'alice', PASSWORD, LIBRARY)).status).toBe(200);
      await statuses([1, 2, 3].map(() => () => attempt(s, 'bob', 'hunter2-secret', ATTACKER)));
      const refusals = s.problems.filter((p) => p.includes('sign-in refused'));
      expect(refusals.filter((p) => p.includes('wrong_username_or_password'))).toHaveLength(2);
      expect(refusals.filter((p) => p.includes('"throttled"'))).toHaveLength(1);
      expect(s.problems.join('\n')).not.toContain('hunter2-secret');
    });
  });

  it('with trustProxy, the pair follows the last forwarded-for hop; without it, the header is ignored', async () => {
    const pairLimits = { ...limits, loginPairBurst: 2 };
    await withServer({ limits: pairLimits }, async (s) => {
      expect(await statuses([1, 2, 3].map(() => () => attempt(s, 'u1', 'guess', '198.51.100.1')))).toEqual([401, 401, 429]);
      // A forged first hop does not give a fresh budget: the proxy's own (last) hop counts.
      expect((await attempt(s, 'u1', 'guess', '192.0.2.200, 198.51.100.1')).status).toBe(429);
      expect((await attempt(s, 'u1', 'guess', '198.51.100.2')).status).toBe(401);
    });
    await withServer({ trustProxy: [], limits: pairLimits }, async (s) => {
      expect(await statuses([10, 11, 12].map((i) => () => attempt(s, 'u1', 'guess', `198.51.100.${i}`)))).toEqual([401, 401, 429]);
    });
  });
});
