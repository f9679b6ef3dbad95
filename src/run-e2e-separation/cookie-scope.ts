/**
 * The cookie check: no cookie A sets (on its pages, or on its auth endpoint with A's credential) is
 * scoped so that browsers send it to the host B is served from.
 */
import type { CheckContext } from './context.js';
import { cookieScope, isSentTo, parseSetCookie } from './cookies.js';
import { RequestFailedError, type Answer } from './requests.js';
import type { Evidence } from './result.js';
import type { Outcome } from './separation.js';
import type { PlatformSpec } from './spec.js';

/** Rule cookie-scope: none of A's cookies reaches B's host. */
export async function checkCookieScope(
  context: CheckContext,
  a: PlatformSpec,
  b: PlatformSpec,
): Promise<Outcome> {
  const answers = await cookieAnswers(context, a);
  const evidence: Evidence[] = [];
  let count = 0;
  for (const answer of answers) {
    for (const line of answer.setCookies) {
      const cookie = parseSetCookie(line, context.deps.clock.now());
      if (!cookie || cookie.expired) continue;
      count++;
      const scope = cookieScope(cookie, a.host);
      const item = {
        request: `${answer.method} ${answer.url}`,
        status: answer.status,
        detail: `Set-Cookie: ${cookie.display}`,
      };
      evidence.push(item);
      if (!isSentTo(scope, b.host)) continue;
      const why =
        scope.kind === 'domain'
          ? `has Domain=${scope.domain}, so browsers send it to ${b.name}'s host ${b.host}`
          : `is host-only on ${a.host}, which ${b.name} is served from too`;
      return {
        verdict: 'failed',
        message: `cookie '${cookie.name}' set by ${a.name} ${why}: ${answer.method} ${answer.url} answered Set-Cookie: ${cookie.display}`,
        evidence: [item],
      };
    }
  }
  const message =
    count === 0
      ? `${a.name} set no cookies on the ${answers.length} answer(s) read`
      : `none of the ${count} cookie(s) ${a.name} sets reaches ${b.name}'s host ${b.host}`;
  return { verdict: 'passed', message, evidence };
}

/** The answers whose cookies count: A's pages and its own-credential auth answer. */
async function cookieAnswers(context: CheckContext, a: PlatformSpec): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const page of await context.pages(a)) {
    // Without an answer the cookies of that page are unknown: the check cannot pass.
    if (!page.answer) throw new RequestFailedError('GET', page.url, page.error ?? 'no answer');
    answers.push(page.answer);
  }
  if (a.auth) answers.push(await context.ownAuth(a));
  return answers;
}
