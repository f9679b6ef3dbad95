/**
 * Set-Cookie parsing and RFC 6265 scoping: which hosts a browser sends a cookie back to.
 * A cookie without Domain is host-only (sent to the exact host that set it); with Domain=d it is sent
 * to d and every subdomain of d, so `Domain=example.com` set by bizoholic.example.com also reaches
 * coreldove.example.com. Ports never separate cookies (RFC 6265 §8.5).
 */
import { isIP } from 'node:net';

/** One parsed Set-Cookie line (the value is kept out: it may be a session secret). */
export interface SetCookie {
  name: string;
  /** The Domain attribute, lowercased and without a leading dot; `undefined` for a host-only cookie. */
  domain: string | undefined;
  /** The line with the value replaced by `…`, for evidence. */
  display: string;
  /** The raw value, so that callers can redact it from any text they show. */
  value: string;
  /** True when the line deletes the cookie (Max-Age ≤ 0 or Expires in the past). */
  expired: boolean;
}

/** Where a cookie set by `setter` goes. */
export type CookieScope =
  | { kind: 'host-only'; host: string }
  | { kind: 'domain'; domain: string }
  | { kind: 'rejected'; reason: string };

/**
 * Parses one Set-Cookie header line (RFC 6265 §5.2); `undefined` when the line has no name=value pair.
 * @example parseSetCookie('sid=abc; Domain=.Example.com; Path=/', 0)?.domain // 'example.com'
 */
export function parseSetCookie(line: string, nowMs: number): SetCookie | undefined {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq < 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  let domain: string | undefined;
  let expired = false;
  for (const attribute of attributes) {
    const [key = '', ...rest] = attribute.split('=');
    const attrValue = rest.join('=').trim();
    switch (key.trim().toLowerCase()) {
      case 'domain': {
        const d = attrValue.replace(/^\./, '').toLowerCase();
        domain = d === '' ? undefined : d;
        break;
      }
      case 'max-age':
        if (/^-?\d+$/.test(attrValue) && Number(attrValue) <= 0) expired = true;
        break;
      case 'expires': {
        const at = Date.parse(attrValue);
        if (!Number.isNaN(at) && at <= nowMs) expired = true;
        break;
      }
    }
  }
  const display = [`${name}=…`, ...attributes.map((a) => a.trim()).filter((a) => a !== '')].join('; ');
  return { name, domain, display, value, expired };
}

/** Returns where a cookie set by `setterHost` is scoped, or why a browser would refuse it. */
export function cookieScope(cookie: SetCookie, setterHost: string): CookieScope {
  const host = setterHost.toLowerCase();
  if (cookie.domain === undefined) return { kind: 'host-only', host };
  if (isIP(host) !== 0 && cookie.domain !== host) {
    return { kind: 'rejected', reason: `Domain=${cookie.domain} set by the IP address ${host}` };
  }
  if (!domainMatches(host, cookie.domain)) {
    return { kind: 'rejected', reason: `Domain=${cookie.domain} does not cover the setting host ${host}` };
  }
  return { kind: 'domain', domain: cookie.domain };
}

/** True when a browser would send a cookie with this scope to `host`. */
export function isSentTo(scope: CookieScope, host: string): boolean {
  const target = host.toLowerCase();
  if (scope.kind === 'host-only') return scope.host === target;
  if (scope.kind === 'domain') return domainMatches(target, scope.domain);
  return false;
}

/** RFC 6265 §5.1.3 domain-match: the host is the domain or a subdomain of it (never for IPs). */
export function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return isIP(host) === 0 && host.endsWith(`.${domain}`);
}
