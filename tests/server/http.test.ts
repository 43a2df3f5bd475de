import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponse } from '../../src/shared/session/schemas';
import type { ServerOptions } from '../../src/server';
import { inspectDb, PASSWORD, startTestServer, type TestServer } from './helpers';

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
    expect(await response.json()).toEqual({ ok: true, protocol: 1 });
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
    expect(csp).toContain("connect-src 'self' ws: wss:");
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
  async function withServer(options: Partial<ServerOptions>, body: (s: TestServer) => Promise<void>): Promise<void> {
    const server = await startTestServer(options);
    try {
      for (const username of ['alice', 'bob', 'carol']) server.server.addOperator({ username, name: username, campus: 'gateway', password: PASSWORD });
      await body(server);
    } finally {
      await server.close();
    }
  }
  const attempt = (s: TestServer, username: string, password: string, forwardedFor?: string) =>
    fetch(`${s.server.url}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}) },
      body: JSON.stringify({ username, password }),
    });
  /** One after another, so which attempt meets the limit is certain. */
  const statuses = async (attempts: (() => Promise<Response>)[]) => {
    const out: number[] = [];
    for (const run of attempts) out.push((await run()).status);
    return out;
  };
  const hour = 3_600_000;

  it('per username: after its failures, that account waits (right password or not, known or not); others from the same address do not', async () => {
    await withServer({ limits: { loginUsernameBurst: 3, loginUsernameIntervalMs: hour, loginAddressBurst: 1000 } }, async (s) => {
      for (let i = 0; i < 3; i++) expect((await attempt(s, 'alice', 'wrong password')).status).toBe(401);
      const blocked = await attempt(s, 'ALICE', PASSWORD);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await errorOf(blocked)).message).toContain('for this username');
      // A colleague behind the same address is unaffected.
      expect((await attempt(s, 'bob', PASSWORD)).status).toBe(200);
      // An unknown username is throttled exactly the same way, so a 429 says nothing about who exists.
      expect(await statuses([1, 2, 3, 4].map(() => () => attempt(s, 'nobody-here', 'guess')))).toEqual([401, 401, 401, 429]);
    });
  });

  it('per address: failures across usernames use it up; successful sign-ins never do', async () => {
    await withServer({ limits: { loginAddressBurst: 4, loginAddressIntervalMs: hour, loginUsernameBurst: 1000 } }, async (s) => {
      // Ten right passwords in a row: more than the burst, none of them counted.
      for (let i = 0; i < 10; i++) expect((await attempt(s, i % 2 ? 'alice' : 'bob', PASSWORD)).status).toBe(200);
      expect(await statuses(['u1', 'u2', 'u3', 'u4'].map((u) => () => attempt(s, u, 'guess')))).toEqual([401, 401, 401, 401]);
      const blocked = await attempt(s, 'carol', PASSWORD);
      expect(blocked.status).toBe(429);
      expect((await errorOf(blocked)).message).toContain('from your network');
    });
  });

  it('with trustProxy, the per-address budget follows the last forwarded-for hop; without it, the header is ignored', async () => {
    const limits = { loginAddressBurst: 2, loginAddressIntervalMs: hour, loginUsernameBurst: 1000 };
    await withServer({ trustProxy: true, limits }, async (s) => {
      expect(await statuses(['u1', 'u2', 'u3'].map((u) => () => attempt(s, u, 'guess', '198.51.100.1')))).toEqual([401, 401, 429]);
      // A forged first hop does not give a fresh budget: the proxy's own (last) hop counts.
      expect((await attempt(s, 'u4', 'guess', '192.0.2.200, 198.51.100.1')).status).toBe(429);
      expect((await attempt(s, 'alice', PASSWORD, '198.51.100.2')).status).toBe(200);
      expect((await attempt(s, 'u5', 'guess', '198.51.100.2')).status).toBe(401);
    });
    await withServer({ limits }, async (s) => {
      expect(await statuses(['u1', 'u2', 'u3'].map((u, i) => () => attempt(s, u, 'guess', `198.51.100.${i + 10}`)))).toEqual([401, 401, 429]);
    });
  });
});
