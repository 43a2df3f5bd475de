import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { z } from 'zod';
import { MAX_FRAME_BYTES } from '../../shared/protocol/common';
import { requestAddress, type TrustedProxies } from './trusted-proxies';

/**
 * What one client may use. Patrons are anonymous, so the patron socket is limited per client
 * address, and the mail they cause per hour for the whole server. Sign-in counts failures only
 * (see session/sign-in-gate.ts for what holds against a stranger): a guesser is refused per
 * (address, username) pair, a flooding address has its unknown names refused, a username failing
 * from everywhere is slowed; a computer the librarian signed in from before (a device token) is
 * exempt from all three and checked first. Every limit is a server option.
 */
/** The limits one by one (for `--limit NAME=N`, which may name a few); `Limits` checks them together. */
export const LimitFields = z.object({
  /** Patron sockets open at once from one address (a campus NAT is one address: keep room for it). */
  patronConnectionsPerAddress: z.number().int().min(1).max(1_000_000).default(20),
  /** Patron sockets open at once in total: at least maxOpenChats (each open chat has its patron's socket), with room for reconnects. */
  patronConnections: z.number().int().min(1).max(1_000_000).default(6000),
  /** New chats one address may start at once... */
  patronStartBurst: z.number().int().min(1).max(1_000_000).default(5),
  /** ...and then one more per this interval. */
  patronStartIntervalMs: z.number().int().min(1).max(24 * 60 * 60_000).default(20_000),
  /** Largest patron websocket message: above MAX_FRAME_BYTES it gets too_large, above this the socket is closed (1009). */
  patronMaxPayloadBytes: z.number().int().min(MAX_FRAME_BYTES).max(16 * 1024 * 1024).default(256 * 1024),
  /** Messages stored per chat, the question included; the patron's resume replays up to this many. */
  messagesPerChat: z.number().int().min(1).max(100_000).default(2000),
  /** A resent `start` (same client id) gets its chat back only this soon after it was created. */
  startResendWindowMs: z.number().int().min(0).max(24 * 60 * 60_000).default(2 * 60_000),
  /** Mails that patrons cause (their tickets, mailed to the campus) in any hour, for the whole server; beyond it they wait in the outbox. */
  patronMailPerHour: z.number().int().min(1).max(1_000_000).default(200),
  /** Open chats (waiting or claimed) at once: a start beyond it is refused, saying so, so the snapshot stays bounded. */
  maxOpenChats: z.number().int().min(1).max(1_000_000).default(5000),
  /** Operator sockets not yet past hello, from one address... */
  operatorPendingPerAddress: z.number().int().min(1).max(1_000_000).default(20),
  /** ...and in total. A desk whose upgrade carries a valid session token takes none of these places and is never refused for room. */
  operatorPending: z.number().int().min(1).max(1_000_000).default(500),
  /** How long an operator socket opened without a valid session token has to say hello before it is closed (4401). */
  operatorHelloTimeoutMs: z.number().int().min(100).max(60_000).default(2_500),
  /** Failed sign-ins for one username from one address (or one device) before that pair is refused... */
  loginPairBurst: z.number().int().min(1).max(1_000_000).default(10),
  /** ...and then one more per this interval. */
  loginPairIntervalMs: z.number().int().min(1).max(24 * 60 * 60_000).default(30_000),
  /** Failed sign-ins for one username, from anywhere, before each new attempt for it is slowed (never refused)... */
  loginUsernameBurst: z.number().int().min(1).max(1_000_000).default(5),
  /** ...one failure forgotten per this interval. */
  loginUsernameIntervalMs: z.number().int().min(1).max(24 * 60 * 60_000).default(30_000),
  /** Failed sign-ins from one address, for any username, before each new attempt from it is slowed (a campus NAT is one address)... */
  loginAddressBurst: z.number().int().min(1).max(1_000_000).default(50),
  /** ...one failure forgotten per this interval. */
  loginAddressIntervalMs: z.number().int().min(1).max(24 * 60 * 60_000).default(2_000),
  /** The slowest a sign-in is made (the wait doubles per failure beyond the burst, from 250 ms); kept short: a sign-in is never held long. */
  loginMaxDelayMs: z.number().int().min(0).max(60_000).default(2_000),
  /** Password checks (each a full scrypt hash) running at once; the rest wait, desks with a device token first. */
  loginHashConcurrency: z.number().int().min(1).max(64).default(2),
  /** The longest a sign-in waits for its password check to start; then it is answered 429 with Retry-After. */
  loginMaxWaitMs: z.number().int().min(100).max(30_000).default(3_000),
  /** Sign-ins from one address waiting for a password check; one more is answered 429 at once. */
  loginWaitingPerAddress: z.number().int().min(1).max(10_000).default(8),
});

export const Limits = LimitFields.refine((l) => l.patronConnections >= l.maxOpenChats, {
  // Out of the box 2,000 sockets against 5,000 open chats refused patron 2,001 with 1013.
  message: 'patronConnections must be at least maxOpenChats: every open chat holds its patron’s socket',
  path: ['patronConnections'],
});
export type Limits = z.infer<typeof Limits>;

/** Keys tracked per table; beyond it, idle entries go first, then the least constrained. */
const MAX_TRACKED_KEYS = 10_000;

/** Eight 16-bit groups of an IPv6 address, or null. Accepts `::` and a dotted IPv4 tail. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  const dotted = text.lastIndexOf(':');
  if (text.includes('.')) {
    const octets = text.slice(dotted + 1).split('.').map(Number);
    if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return null;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- four octets: the length is checked just above
    const [a, b, c, d] = octets as [number, number, number, number];
    text = `${text.slice(0, dotted + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const part = (s: string | undefined): string[] => (s ? s.split(':') : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return null;
  const groups = [...head, ...Array<string>(fill).fill('0'), ...tail].map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN));
  return groups.length === 8 && groups.every((g) => !Number.isNaN(g)) ? groups : null;
}

/**
 * The key limits are counted under: an IPv4 address as is (an IPv4-mapped IPv6 address as its
 * IPv4), an IPv6 address by its /64, since one subscriber usually holds a whole /64. Not an IP: null.
 */
export function addressKey(raw: string): string | null {
  const address = raw.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return null;
  const groups = ipv6Groups(address);
  if (!groups) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- ipv6Groups returns eight groups or null, so 6 and 7 are there
    const [hi, lo] = groups.slice(6, 8) as [number, number];
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/**
 * Who is asking, for the per-address limits: the socket's peer, or, when that peer is one of the
 * trusted proxies (`--trust-proxy`), the address they say they were asked from; counted under its
 * `addressKey` (an IPv6 address by its /64).
 */
export function clientAddress(req: IncomingMessage, proxies: TrustedProxies): string {
  const asking = requestAddress(req, proxies);
  return addressKey(asking) ?? (asking || 'unknown');
}

/** Per-connection frame budget: a burst, then a steady refill. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Give one token back (up to the burst): what it was taken for did not count after all. */
  refund(): void {
    this.refill();
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /** Tokens available now. */
  get level(): number {
    this.refill();
    return this.tokens;
  }

  /** Milliseconds until a token is available (0 if one is). */
  msUntilToken(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  /** Full again: nothing spent recently. */
  get idle(): boolean {
    return this.level >= this.burst;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}

/** A token bucket per key (an address, a username), in a bounded table. */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly perSecond: number;

  constructor(
    private readonly burst: number,
    intervalMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MAX_TRACKED_KEYS,
  ) {
    this.perSecond = 1000 / intervalMs;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Spend one token for `key`; false when none is left. */
  take(key: string): boolean {
    return this.bucket(key).take();
  }

  /** Give back a token taken for something that turned out not to count (a successful sign-in). */
  refund(key: string): void {
    this.buckets.get(key)?.refund();
  }

  /** How long until `key` has a token again (0 if it has one now). */
  retryAfterMs(key: string): number {
    return this.buckets.get(key)?.msUntilToken() ?? 0;
  }

  private bucket(key: string): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evict();
      bucket = new TokenBucket(this.burst, this.perSecond, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /**
   * Make room: drop every full (idle) bucket; if none is, drop the fullest, so flooding the table
   * with new keys cannot reset a bucket that is holding someone back.
   */
  private evict(): void {
    let fullest: string | null = null;
    let most = -1;
    for (const [key, bucket] of this.buckets) {
      if (bucket.idle) this.buckets.delete(key);
      else if (bucket.level > most) {
        most = bucket.level;
        fullest = key;
      }
    }
    if (this.buckets.size >= this.maxKeys && fullest !== null) this.buckets.delete(fullest);
  }
}

/**
 * Recent failures per key, forgotten one per interval: beyond `free` failures, each new attempt
 * waits, twice as long per failure, up to `maxDelayMs`. Slows a guesser without locking anyone out.
 */
export class FailureMeter {
  private readonly counts = new Map<string, { count: number; at: number }>();

  constructor(
    private readonly free: number,
    private readonly intervalMs: number,
    private readonly maxDelayMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MAX_TRACKED_KEYS,
    /** Failures remembered at most (beyond `free`, this many intervals' worth): what ends a penalty by a set time after the failures stop. */
    private readonly maxOver = Number.POSITIVE_INFINITY,
  ) {}

  /** Whether `key` has failed more than its free failures lately. */
  over(key: string): boolean {
    return this.count(key) > this.free;
  }

  /** How long until `key` is back within its free failures (0 if it is). */
  msUntilFree(key: string): number {
    return Math.max(0, Math.ceil((this.count(key) - this.free) * this.intervalMs));
  }

  /** How long the next attempt for `key` waits. */
  delayMs(key: string): number {
    const over = this.count(key) - this.free;
    if (over <= 0) return 0;
    return Math.min(this.maxDelayMs, 250 * 2 ** Math.min(20, Math.ceil(over) - 1));
  }

  fail(key: string): void {
    const count = Math.min(this.count(key) + 1, this.free + this.maxOver);
    if (!this.counts.has(key) && this.counts.size >= this.maxKeys) this.evict();
    this.counts.set(key, { count, at: this.now() });
  }

  private count(key: string): number {
    const entry = this.counts.get(key);
    if (!entry) return 0;
    const count = entry.count - (this.now() - entry.at) / this.intervalMs;
    if (count > 0) return count;
    this.counts.delete(key);
    return 0;
  }

  /** Make room: forget the keys with the fewest failures (never the ones slowing someone down first). */
  private evict(): void {
    const byCount = [...this.counts.keys()].map((key) => [key, this.count(key)] as const).sort((a, b) => a[1] - b[1]);
    for (const [key] of byCount.slice(0, Math.max(1, Math.floor(this.maxKeys / 10)))) this.counts.delete(key);
  }
}

export type Admission = 'ok' | 'address_full' | 'server_full';

/** Open connections per address and in total. */
export class ConnectionLimiter {
  private readonly perAddress = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly maxPerAddress: number,
    private readonly maxTotal: number,
  ) {}

  get size(): number {
    return this.total;
  }

  /** Count a new connection from `address`, unless a cap is reached (then nothing is counted). */
  acquire(address: string): Admission {
    if (this.total >= this.maxTotal) return 'server_full';
    const open = this.perAddress.get(address) ?? 0;
    if (open >= this.maxPerAddress) return 'address_full';
    this.perAddress.set(address, open + 1);
    this.total += 1;
    return 'ok';
  }

  /** A counted connection closed. */
  release(address: string): void {
    const open = this.perAddress.get(address);
    if (open === undefined) return;
    if (open <= 1) this.perAddress.delete(address);
    else this.perAddress.set(address, open - 1);
    this.total -= 1;
  }
}
