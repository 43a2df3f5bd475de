/**
 * Issue 17, item 3: X-Forwarded-For was believed under --trust-proxy from any client, even one
 * connecting directly. Now only the configured proxies are believed (a list, as Express's `trust
 * proxy` takes it). Over real sockets from two loopback addresses: 127.0.0.2 plays the proxy,
 * 127.0.0.1 a client that connects directly and forges the header. The per-address limits count
 * an IPv6 address by its /64. The old on/off form of the option is refused, saying what to write.
 */
import { spawn } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { requestAddress, TrustedProxies } from '../../src/server/platform/trusted-proxies';
import { startTestServer, type TestServer } from '../support/server';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('the trusted proxies', () => {
  it('take addresses, CIDR ranges and the named ranges, comma-separated or as a list; anything else is refused by name', () => {
    const proxies = TrustedProxies.from(' 10.0.0.5, 10.0.1.0/29 ,2001:db8::/32');
    expect(['10.0.0.5', '10.0.1.7', '::ffff:10.0.1.1', '2001:db8:5::1'].map((a) => proxies.trusts(a))).toEqual([true, true, true, true]);
    expect(['10.0.0.6', '10.0.1.8', '2001:db9::1', 'not-an-address', ''].map((a) => proxies.trusts(a))).toEqual([false, false, false, false, false]);
    expect(TrustedProxies.from(['loopback']).trusts('127.0.0.9')).toBe(true);
    expect(TrustedProxies.from('loopback').trusts('::1')).toBe(true);
    expect(TrustedProxies.from('uniquelocal').trusts('192.168.4.4')).toBe(true);
    expect(TrustedProxies.from('linklocal').trusts('fe80::1')).toBe(true);
    for (const empty of [undefined, '', ' , ', []]) expect(TrustedProxies.from(empty).isEmpty).toBe(true);
    expect(() => TrustedProxies.from('10.0.0.5,proxy.example.edu')).toThrow(/"proxy\.example\.edu" is not an address, a CIDR range/);
    expect(() => TrustedProxies.from('10.0.0.0/33')).toThrow(/"10\.0\.0\.0\/33"/);
    expect(() => TrustedProxies.from(true)).toThrow(/the old on\/off form believed any client that connected directly, and is refused/);
  });

  it('the header is read only from a trusted peer; through a chain of trusted proxies, the first hop that is not one is the client', () => {
    const proxies = TrustedProxies.from('10.0.0.2,10.0.0.3');
    expect(requestAddress(request('203.0.113.9', '198.51.100.1'), proxies)).toBe('203.0.113.9');
    expect(requestAddress(request('10.0.0.2', '198.51.100.1'), proxies)).toBe('198.51.100.1');
    // Two proxies: the client's own hop is behind the second proxy's.
    expect(requestAddress(request('10.0.0.2', 'forged-by-client, 198.51.100.1, 10.0.0.3'), proxies)).toBe('198.51.100.1');
    // A hop that is not an address leaves the proxy that passed it on as the one asking.
    expect(requestAddress(request('10.0.0.2', 'garbage'), proxies)).toBe('10.0.0.2');
    expect(requestAddress(request('::ffff:10.0.0.2', '[2001:db8:1:2::7]:443'), proxies)).toBe('2001:db8:1:2::7');
    expect(requestAddress(request('10.0.0.2', '198.51.100.1'), TrustedProxies.none)).toBe('10.0.0.2');
  });
});

describe('over real sockets', () => {
  let t: (TestServer & { problems: string[] }) | null = null;
  const sockets: WebSocket[] = [];
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await t?.close();
  });

  /** A patron socket from a loopback address, with a forwarded-for header: admitted (a pong) or refused (1013). */
  async function patronFrom(from: string, forwardedFor: string): Promise<'admitted' | 'refused'> {
    const server = t!;
    const ws = new WebSocket(server.wsUrl('/ws/patron'), { localAddress: from, headers: { 'X-Forwarded-For': forwardedFor } });
    sockets.push(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => ws.send(JSON.stringify({ type: 'ping', n: 1 })));
      ws.on('message', (data) => {
        if ((JSON.parse(data.toString()) as { type: string }).type === 'pong') resolve('admitted');
      });
      ws.once('close', (code) => (code === 1013 ? resolve('refused') : reject(new Error(`closed ${code}`))));
      ws.once('error', reject);
    });
  }

  it('a client connecting directly is never believed; the proxy is; an IPv6 /64 counts as one address', async () => {
    t = await startTestServer({ trustProxy: '127.0.0.2', limits: { patronConnectionsPerAddress: 1 } });
    // Directly, from 127.0.0.1: its header is ignored, so a second socket is over 127.0.0.1's cap whatever it claims.
    expect(await patronFrom('127.0.0.1', '198.51.100.1')).toBe('admitted');
    expect(await patronFrom('127.0.0.1', '198.51.100.2')).toBe('refused');
    // Through the proxy, each client is counted under its own address.
    expect(await patronFrom('127.0.0.2', '198.51.100.1')).toBe('admitted');
    expect(await patronFrom('127.0.0.2', '198.51.100.3')).toBe('admitted');
    expect(await patronFrom('127.0.0.2', '192.0.2.66, 198.51.100.1')).toBe('refused');
    // One /64, one address; the next /64 is another.
    expect(await patronFrom('127.0.0.2', '2001:db8:1:2::1')).toBe('admitted');
    expect(await patronFrom('127.0.0.2', '2001:db8:1:2:ffff:ffff:ffff:fffe')).toBe('refused');
    expect(await patronFrom('127.0.0.2', '2001:db8:1:3::1')).toBe('admitted');
    expect(t.problems.filter((p) => p.includes('not a trusted proxy'))).toHaveLength(1);
  });

  it('the old on/off form is refused at start, saying what to write; a list starts the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deskbell-trust-proxy-'));
    const run = (args: string[], env: Record<string, string> = {}) =>
      new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', '--port', '0', '--db', join(dir, 'x.db'), ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, DESKBELL_TRUST_PROXY: '', ...env },
        });
        let stderr = '';
        let stdout = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('Deskbell server at')) child.kill('SIGTERM');
        });
        child.on('exit', (code) => resolve({ code, stderr, stdout }));
      });
    try {
      const [bare, bareBeforeFlag, env, listed, junk] = await Promise.all([
        run(['--trust-proxy']),
        run(['--trust-proxy', '--log-level', 'warn']),
        run([], { DESKBELL_TRUST_PROXY: '1' }),
        run(['--trust-proxy', '10.0.0.5,10.0.1.0/29', '--log-level', 'warn']),
        run([], { DESKBELL_TRUST_PROXY: 'proxy.example.edu' }),
      ]);
      for (const refused of [bare, bareBeforeFlag, env]) {
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain('trust-proxy now names the proxies whose X-Forwarded-For is believed');
      }
      expect(env.stderr).toContain('DESKBELL_TRUST_PROXY=1');
      expect(junk.code).toBe(2);
      expect(junk.stderr).toContain('DESKBELL_TRUST_PROXY: "proxy.example.edu" is not an address');
      expect(listed.stdout).toContain('Deskbell server at');
      expect(listed.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
