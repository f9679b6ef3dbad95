import {
  cookieScope,
  domainMatches,
  isSentTo,
  parseSetCookie,
} from '../../src/run-e2e-separation/cookies.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');

function parsed(line: string) {
  const cookie = parseSetCookie(line, NOW);
  if (!cookie) throw new Error(`no cookie in ${line}`);
  return cookie;
}

describe('parseSetCookie', () => {
  it('reads the name and Domain, and keeps the value out of the display form', () => {
    const cookie = parsed('sid=abc123; Domain=.Example.COM; Path=/; HttpOnly; Secure');
    expect(cookie).toEqual({
      name: 'sid',
      value: 'abc123',
      domain: 'example.com',
      display: 'sid=…; Domain=.Example.COM; Path=/; HttpOnly; Secure',
      expired: false,
    });
  });

  it('treats a missing or empty Domain as host-only', () => {
    expect(parsed('a=1; Path=/').domain).toBeUndefined();
    expect(parsed('a=1; Domain=').domain).toBeUndefined();
  });

  it('keeps the last Domain attribute, as browsers do', () => {
    expect(parsed('a=1; Domain=a.example.com; domain=example.com').domain).toBe('example.com');
  });

  it('recognises deletions by Max-Age or a past Expires', () => {
    expect(parsed('a=; Max-Age=0').expired).toBe(true);
    expect(parsed('a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT').expired).toBe(true);
    expect(parsed('a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT').expired).toBe(false);
    expect(parsed('a=1; Max-Age=3600').expired).toBe(false);
  });

  it('ignores a line without a name=value pair', () => {
    expect(parseSetCookie('garbage; Path=/', NOW)).toBeUndefined();
  });
});

describe('cookie scope', () => {
  it('sends a parent-domain cookie to every sibling host', () => {
    const scope = cookieScope(parsed('s=1; Domain=example.com'), 'bizoholic.example.com');
    expect(scope).toEqual({ kind: 'domain', domain: 'example.com' });
    expect(isSentTo(scope, 'coreldove.example.com')).toBe(true);
    expect(isSentTo(scope, 'example.com')).toBe(true);
    expect(isSentTo(scope, 'coreldove.example.org')).toBe(false);
    expect(isSentTo(scope, 'notexample.com')).toBe(false);
  });

  it('keeps a host-only cookie on its exact host, whatever the port', () => {
    const scope = cookieScope(parsed('s=1; Path=/'), 'bizoholic.example.com');
    expect(scope).toEqual({ kind: 'host-only', host: 'bizoholic.example.com' });
    expect(isSentTo(scope, 'BIZOHOLIC.example.com')).toBe(true);
    expect(isSentTo(scope, 'coreldove.example.com')).toBe(false);
    expect(isSentTo(scope, 'sub.bizoholic.example.com')).toBe(false);
  });

  it('sends a cookie scoped to its own host to that host and its subdomains only', () => {
    const scope = cookieScope(parsed('s=1; Domain=bizoholic.example.com'), 'bizoholic.example.com');
    expect(isSentTo(scope, 'api.bizoholic.example.com')).toBe(true);
    expect(isSentTo(scope, 'coreldove.example.com')).toBe(false);
  });

  it('knows that browsers refuse a Domain the setting host is not under', () => {
    const scope = cookieScope(parsed('s=1; Domain=coreldove.example.com'), 'bizoholic.example.com');
    expect(scope).toEqual({
      kind: 'rejected',
      reason: 'Domain=coreldove.example.com does not cover the setting host bizoholic.example.com',
    });
    expect(isSentTo(scope, 'coreldove.example.com')).toBe(false);
  });

  it('never domain-matches IP addresses by suffix', () => {
    expect(domainMatches('10.0.0.1', '0.0.1')).toBe(false);
    expect(cookieScope(parsed('s=1; Domain=0.1'), '10.0.0.1').kind).toBe('rejected');
  });
});
