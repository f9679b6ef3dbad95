/**
 * User-listed comparisons: an endpoint that must answer differently (or identically) on two platforms,
 * e.g. `/api/platform` or a config endpoint that reveals which build variant is served.
 */
import { snippet } from './content.js';
import { resolveUrl, type CheckContext } from './context.js';
import type { Answer } from './requests.js';
import type { Evidence } from './result.js';
import type { Outcome } from './separation.js';
import type { CompareSpec, PlatformSpec } from './spec.js';

/** Rule compare: GET `compare.path` on A and on B; status and body must differ (or match). */
export async function checkCompare(
  context: CheckContext,
  compare: CompareSpec,
  a: PlatformSpec,
  b: PlatformSpec,
): Promise<Outcome> {
  const left = await context.send('GET', resolveUrl(a, compare.path));
  const right = await context.send('GET', resolveUrl(b, compare.path));
  const same = left.status === right.status && left.body.trim() === right.body.trim();
  const evidence = [compareEvidence(left), compareEvidence(right)];
  const holds = compare.expect === 'same' ? same : !same;
  const answered = same ? 'the same' : 'differently';
  if (holds) {
    return {
      verdict: 'passed',
      message: `${compare.path} answers ${answered} on ${a.name} and ${b.name}`,
      evidence,
    };
  }
  return {
    verdict: 'failed',
    message: `${compare.path} must answer ${compare.expect === 'same' ? 'the same' : 'differently'} on ${a.name} and ${b.name} but answered ${answered}: ${evidence.map((e) => `${e.request} → ${e.status}: ${e.detail}`).join('; ')}`,
    evidence,
  };
}

function compareEvidence(answer: Answer): Evidence {
  return { request: `GET ${answer.url}`, status: answer.status, detail: snippet(answer.body.trim(), 0, 80) };
}
