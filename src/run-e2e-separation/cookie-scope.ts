/**
 * The cookie check: no cookie A sets (on its pages, on its auth endpoint with A's credential, or, in
 * browser mode, from its scripts) is scoped so that browsers send it to the host B is served from.
 */
import type { BrowserCookie } from './browser.js';
import type { CheckContext } from './context.js';
import { cookieScope, isSentTo, parseSetCookie, type CookieScope } from './cookies.js';
import { RequestFailedError } from './requests.js';
import type { Evidence } from './result.js';
import type { Outcome } from './separation.js';
import type { PlatformSpec } from './spec.js';

/** A cookie A set, where it was seen and how it is scoped. */
interface SeenCookie {
  name: string;
  scope: CookieScope;
  evidence: Evidence;
  /** How it was set, for the message: "set by bizoholic" or "set by bizoholic's scripts". */
  setter: string;
}

/** Rule cookie-scope: none of A's cookies reaches B's host. */
export async function checkCookieScope(
  context: CheckContext,
  a: PlatformSpec,
  b: PlatformSpec,
): Promise<Outcome> {
  const cookies = await seenCookies(context, a);
  for (const cookie of cookies) {
    if (!isSentTo(cookie.scope, b.host)) continue;
    const why =
      cookie.scope.kind === 'domain'
        ? `has Domain=${cookie.scope.domain}, so browsers send it to ${b.name}'s host ${b.host}`
        : `is host-only on ${a.host}, which ${b.name} is served from too`;
    const { request, status, detail } = cookie.evidence;
    return {
      verdict: 'failed',
      message: `cookie '${cookie.name}' ${cookie.setter} ${why}: ${request} answered ${status ?? 'nothing'} with ${detail}`,
      evidence: [cookie.evidence],
    };
  }
  const message =
    cookies.length === 0
      ? `${a.name} set no cookies`
      : `none of the ${cookies.length} cookie(s) ${a.name} sets reaches ${b.name}'s host ${b.host}`;
  return { verdict: 'passed', message, evidence: cookies.map((c) => c.evidence) };
}

/** The cookies A sets: Set-Cookie of its pages and own-credential answer, and the browser's jar. */
async function seenCookies(context: CheckContext, a: PlatformSpec): Promise<SeenCookie[]> {
  const seen: SeenCookie[] = [];
  const pages = await context.pages(a);
  const answers = pages.flatMap((page) => {
    // Without an answer the cookies of that page are unknown: the check cannot pass.
    if (!page.answer) throw new RequestFailedError('GET', page.url, page.error ?? 'no answer');
    return page.hops;
  });
  if (a.auth) answers.push(await context.ownAuth(a));
  for (const answer of answers) {
    for (const line of answer.setCookies) {
      const cookie = parseSetCookie(line, context.deps.clock.now());
      if (!cookie || cookie.expired) continue;
      seen.push({
        name: cookie.name,
        scope: cookieScope(cookie, a.host),
        setter: `set by ${a.name}`,
        evidence: {
          request: `${answer.method} ${answer.url}`,
          status: answer.status,
          detail: `Set-Cookie: ${cookie.display}`,
        },
      });
    }
  }
  const known = new Set(seen.map((c) => c.name));
  for (const page of pages) {
    for (const cookie of page.rendered?.cookies ?? []) {
      if (known.has(cookie.name)) continue;
      known.add(cookie.name);
      seen.push({
        name: cookie.name,
        scope: browserScope(cookie),
        setter: `set by ${a.name}'s scripts`,
        evidence: {
          request: `BROWSER ${page.rendered?.url ?? page.url}`,
          status: page.rendered?.status,
          detail: `document.cookie in the browser: ${cookie.display}`,
        },
      });
    }
  }
  return seen;
}

/** The browser stores a domain cookie with a leading dot and a host-only cookie without one. */
function browserScope(cookie: BrowserCookie): CookieScope {
  const domain = cookie.domain.toLowerCase();
  return domain.startsWith('.')
    ? { kind: 'domain', domain: domain.slice(1) }
    : { kind: 'host-only', host: domain };
}
