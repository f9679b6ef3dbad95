/**
 * The credential checks: A's authenticated endpoint accepts A's credential and rejects B's (presented
 * the way A expects it). Bodies are never shown: they may echo the credential or user data.
 */
import { credentialHeaders, resolveUrl, type CheckContext } from './context.js';
import type { Answer } from './requests.js';
import type { Evidence } from './result.js';
import type { Outcome } from './separation.js';
import type { AuthSpec, PlatformSpec } from './spec.js';

/** Rule own-credential: A's endpoint accepts A's credential (the `status` list, or any 2xx). */
export async function checkOwnCredential(
  context: CheckContext,
  a: PlatformSpec,
  auth: AuthSpec,
): Promise<Outcome> {
  const answer = await context.ownAuth(a);
  const evidence = [authEvidence(answer, `${a.name}'s credential`)];
  const accepted =
    auth.status.length > 0
      ? auth.status.includes(answer.status)
      : answer.status >= 200 && answer.status <= 299;
  const expected = auth.status.length > 0 ? listStatuses(auth.status) : 'a 2xx status';
  if (accepted)
    return { verdict: 'passed', message: `${a.name}'s endpoint accepts its own credential`, evidence };
  return {
    verdict: 'failed',
    message: `${a.name}'s endpoint ${auth.endpoint} did not accept its own credential (${auth.credential}): GET ${answer.url} answered ${answer.status}, expected ${expected}`,
    evidence,
  };
}

/** Rule foreign-credential: A's endpoint rejects B's credential with one of A's `foreign-status`. */
export async function checkForeignCredential(
  context: CheckContext,
  a: PlatformSpec,
  auth: AuthSpec,
  b: PlatformSpec,
): Promise<Outcome> {
  const foreign = context.credentials[b.name];
  if (!b.auth || foreign === undefined) {
    return { verdict: 'skipped', message: `${b.name} has no credential in the spec`, evidence: [] };
  }
  const answer = await context.send('GET', resolveUrl(a, auth.endpoint), credentialHeaders(a, foreign));
  const evidence = [authEvidence(answer, `${b.name}'s credential`)];
  if (auth.foreignStatus.includes(answer.status)) {
    return { verdict: 'passed', message: `${a.name}'s endpoint rejects ${b.name}'s credential`, evidence };
  }
  const what = answer.status >= 200 && answer.status <= 299 ? 'accepted' : 'did not reject';
  return {
    verdict: 'failed',
    message: `${a.name}'s endpoint ${auth.endpoint} ${what} ${b.name}'s credential (${b.auth.credential}): GET ${answer.url} answered ${answer.status}, expected ${listStatuses(auth.foreignStatus)}`,
    evidence,
  };
}

function authEvidence(answer: Answer, presented: string): Evidence {
  const type = answer.headers.get('content-type') ?? 'no content type';
  return {
    request: `GET ${answer.url} with ${presented}`,
    status: answer.status,
    detail: `${type}, ${Buffer.byteLength(answer.body)} byte(s) (body not shown)`,
  };
}

function listStatuses(statuses: number[]): string {
  return statuses.length === 1
    ? String(statuses[0])
    : `${statuses.slice(0, -1).join(', ')} or ${statuses.at(-1)}`;
}
