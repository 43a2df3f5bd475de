/**
 * A mailto link as it may leave the app. RFC 6068 lets its query set any header field: `to`,
 * `cc` and `bcc` add recipients, and some mail clients take `attach` or `attachment` to attach a
 * local file. So a link keeps one address and, of its query, only `subject` and `body`; every
 * other field is dropped. A subject with a line break or a control character (it could add a
 * header line in a client that copies it into the headers), or a body with a control character
 * other than a line break, is dropped too. What is kept is kept as written.
 */
import { mixedScriptHost } from './look-alike-host';

/** The address, then the query; a fragment has no meaning in a mailto link and is refused. */
const MAILTO = /^mailto:([^?#]+)(?:\?([^#]*))?$/i;
/** One address, as decoded: nothing that separates addresses or quotes, a host of letters, digits, dots and dashes. */
const ADDRESS = /^[^\s@,;:<>()[\]\\"]+@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*)$/u;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_BUT_A_LINE_BREAK = /[\0-\t\v\f\x0E-\x1F\x7F-\x9F\u2028\u2029]/u;
const KEPT_FIELDS: Record<string, RegExp> = { subject: CONTROL, body: CONTROL_BUT_A_LINE_BREAK };

function decoded(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** The link with only its address, subject and body; null when its address is not one plain address. */
export function safeMailto(raw: string): string | null {
  const match = MAILTO.exec(raw);
  if (!match) return null;
  const written = match[1] ?? '';
  const address = decoded(written);
  const host = address === null || CONTROL.test(address) ? undefined : ADDRESS.exec(address)?.[1];
  if (host === undefined || mixedScriptHost(host)) return null;
  const kept = new Map<string, string>();
  for (const field of (match[2] ?? '').split('&')) {
    const equals = field.indexOf('=');
    const name = decoded(equals < 0 ? field : field.slice(0, equals))?.toLowerCase() ?? '';
    const value = decoded(equals < 0 ? '' : field.slice(equals + 1));
    const refused = KEPT_FIELDS[name];
    // The first of each only: clients differ on what a repeated field means.
    if (refused === undefined || value === null || kept.has(name) || refused.test(value)) continue;
    kept.set(name, field);
  }
  return `${raw.slice(0, 'mailto:'.length)}${written}${kept.size > 0 ? `?${[...kept.values()].join('&')}` : ''}`;
}
