import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { DeskbellServerError } from './errors';

/**
 * The reverse proxies whose `X-Forwarded-For` is believed (`--trust-proxy`), as Express's
 * `trust proxy` takes them: addresses and CIDR ranges, comma-separated, and the names
 * `loopback`, `linklocal` and `uniquelocal`. The header is read only when the socket's own peer
 * is one of them, so a client that connects directly is never believed, whatever it sends.
 */
const NAMED: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** What the old boolean form (`--trust-proxy` alone, DESKBELL_TRUST_PROXY=1, `trustProxy: true`) is told. */
export const OLD_TRUST_PROXY_FORM =
  'trust-proxy now names the proxies whose X-Forwarded-For is believed: "loopback" for a proxy on this machine, or its addresses ' +
  '(e.g. 10.0.0.5 or 10.0.0.0/29, comma-separated); the old on/off form believed any client that connected directly, and is refused';

/** The bare address of a peer or a forwarded hop: no brackets, zone or port. */
function bareAddress(raw: string): string {
  const text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text)?.[1];
  const withoutPort = bracketed ?? /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(text)?.[1] ?? text;
  return withoutPort.replace(/%.*$/, '');
}

export class TrustedProxies {
  private readonly list = new BlockList();

  private constructor(readonly entries: readonly string[]) {
    for (const entry of entries) {
      for (const range of NAMED[entry] ?? [entry]) this.add(range, entry);
    }
  }

  /** Nobody's X-Forwarded-For is believed. */
  static readonly none = new TrustedProxies([]);

  /**
   * From the option: a comma-separated string or a list; empty or absent: none. Throws
   * DeskbellServerError (invalid_input) for anything that is not an address, a range or a name,
   * and for the old boolean form.
   */
  static from(value: unknown, what = 'trustProxy'): TrustedProxies {
    if (value === undefined || value === null || value === false) return TrustedProxies.none;
    if (value === true) throw new DeskbellServerError('invalid_input', `${what}: ${OLD_TRUST_PROXY_FORM}`);
    const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : null;
    if (!items || !items.every((item): item is string => typeof item === 'string')) {
      throw new DeskbellServerError('invalid_input', `${what} must be a comma-separated list of proxy addresses`);
    }
    const entries = items.map((item) => item.trim().toLowerCase()).filter((item) => item !== '');
    try {
      return entries.length === 0 ? TrustedProxies.none : new TrustedProxies(entries);
    } catch (error) {
      throw new DeskbellServerError('invalid_input', `${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  trusts(address: string): boolean {
    const bare = bareAddress(address);
    const version = isIP(bare);
    return version !== 0 && this.list.check(bare, version === 4 ? 'ipv4' : 'ipv6');
  }

  private add(range: string, entry: string): void {
    const [address = '', prefixText, extra] = range.split('/');
    const version = isIP(address);
    const prefix = prefixText === undefined ? (version === 4 ? 32 : 128) : Number(prefixText);
    const max = version === 4 ? 32 : 128;
    if (version === 0 || extra !== undefined || !/^\d{1,3}$/.test(String(prefix)) || prefix > max) {
      throw new Error(`"${entry}" is not an address, a CIDR range (10.0.0.0/29) or one of ${Object.keys(NAMED).join(', ')}`);
    }
    this.list.addSubnet(address, prefix, version === 4 ? 'ipv4' : 'ipv6');
  }
}

/** The hops of X-Forwarded-For, nearest last. */
function forwardedHops(req: IncomingMessage): string[] {
  const header = req.headers['x-forwarded-for'];
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
}

/**
 * Who is asking, as Express's `trust proxy` finds it: the socket's peer, unless it is a trusted
 * proxy; then the nearest forwarded hop that is not itself a trusted proxy (a hop that is not an
 * address at all leaves the proxy that passed it on as the one asking). Hops a client wrote
 * before the proxies' own are never reached while a trusted proxy added its own hop after them.
 */
export function requestAddress(req: IncomingMessage, proxies: TrustedProxies): string {
  let asking = bareAddress(req.socket.remoteAddress ?? '');
  if (proxies.isEmpty) return asking;
  const hops = forwardedHops(req);
  while (proxies.trusts(asking)) {
    const next = hops.pop();
    if (next === undefined || isIP(bareAddress(next)) === 0) break;
    asking = bareAddress(next);
  }
  return asking;
}
