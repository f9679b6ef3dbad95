/**
 * The CORS check: A must not let B's origin read its answers with credentials. A preflight (OPTIONS)
 * and a simple GET are sent with `Origin: <B's origin>`; the check fails when A answers
 * `Access-Control-Allow-Credentials: true` together with B's origin or `*`.
 */
import { resolveUrl, type CheckContext } from './context.js';
import type { Answer } from './requests.js';
import type { Evidence } from './result.js';
import type { Outcome } from './separation.js';
import type { PlatformSpec } from './spec.js';

/** An origin no platform has: if A admits it too, A echoes any Origin. */
export const PROBE_ORIGIN = 'https://separation-probe.invalid';

/** Rule cors: none of A's `cors` paths admits B's origin with credentials. */
export async function checkCors(context: CheckContext, a: PlatformSpec, b: PlatformSpec): Promise<Outcome> {
  if (a.origin === b.origin) {
    return {
      verdict: 'failed',
      message: `${a.name} and ${b.name} share the origin ${a.origin}, so browsers treat them as one site; serve them from different hosts`,
      evidence: [],
    };
  }
  const evidence: Evidence[] = [];
  for (const path of a.cors) {
    const url = resolveUrl(a, path);
    const preflightHeaders: Record<string, string> = {
      origin: b.origin,
      'access-control-request-method': 'GET',
    };
    if (a.auth && a.auth.cookie === undefined)
      preflightHeaders['access-control-request-headers'] = a.auth.header.toLowerCase();
    const answers = [
      await context.send('OPTIONS', url, preflightHeaders),
      await context.send('GET', url, { origin: b.origin }),
    ];
    for (const answer of answers) {
      const item = corsEvidence(answer, b.origin);
      evidence.push(item);
      if (!admits(answer, b.origin)) continue;
      const probe = await context.send('GET', url, { origin: PROBE_ORIGIN });
      const echoes =
        admits(probe, PROBE_ORIGIN) && probe.headers.get('access-control-allow-origin') === PROBE_ORIGIN;
      if (echoes) evidence.push(corsEvidence(probe, PROBE_ORIGIN));
      return {
        verdict: 'failed',
        message: `${a.name} admits ${b.name}'s origin with credentials${echoes ? ' (it echoes any Origin)' : ''}: ${answer.method} ${url} with Origin ${b.origin} answered ${item.detail}`,
        evidence,
      };
    }
  }
  return {
    verdict: 'passed',
    message: `${a.name} does not admit ${b.name}'s origin with credentials`,
    evidence,
  };
}

/** True when the answer lets `origin` read it with credentials (exact origin or `*`). */
export function admits(answer: Answer, origin: string): boolean {
  const allowOrigin = answer.headers.get('access-control-allow-origin')?.trim();
  const allowCredentials = answer.headers.get('access-control-allow-credentials')?.trim().toLowerCase();
  return allowCredentials === 'true' && (allowOrigin === origin || allowOrigin === '*');
}

function corsEvidence(answer: Answer, origin: string): Evidence {
  const allowOrigin = answer.headers.get('access-control-allow-origin');
  const allowCredentials = answer.headers.get('access-control-allow-credentials');
  const detail =
    allowOrigin === null && allowCredentials === null
      ? 'no Access-Control-Allow-* headers'
      : `Access-Control-Allow-Origin: ${allowOrigin ?? '(none)'}, Access-Control-Allow-Credentials: ${allowCredentials ?? '(none)'}`;
  return { request: `${answer.method} ${answer.url} (Origin: ${origin})`, status: answer.status, detail };
}
