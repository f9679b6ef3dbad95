/** What the separation checks return: a name, a verdict and the evidence behind it. */

/** The rules a check can enforce. */
export const RULES = [
  'own-markers',
  'foreign-markers',
  'own-credential',
  'foreign-credential',
  'cookie-scope',
  'cors',
  'compare',
] as const;
/** One rule. */
export type Rule = (typeof RULES)[number];

/** `error` means the check could not be made (no answer); it counts as a failure. */
export const VERDICTS = ['passed', 'failed', 'error', 'skipped'] as const;
/** One verdict. */
export type Verdict = (typeof VERDICTS)[number];

/** One observation behind a verdict: a request made and what it showed. */
export interface Evidence {
  /** The method and URL asked, e.g. `GET http://127.0.0.1:4000/`. */
  request: string;
  /** The HTTP status, or `undefined` when no answer came. */
  status: number | undefined;
  /** What was seen: a matching snippet, a header, a cookie, an error. One line. */
  detail: string;
}

/** The outcome of one check. */
export interface CheckResult {
  /** Unique, readable name, e.g. `coreldove shows no bizoholic markers`. */
  name: string;
  rule: Rule;
  /** The platform under test (A). */
  platform: string;
  /** The other platform of the pair (B), when the check is about a pair. */
  other: string | undefined;
  verdict: Verdict;
  /** One line: the rule, what happened and (on failure) the first evidence. */
  message: string;
  evidence: Evidence[];
  /** Time spent, in ms (from the injected clock). */
  durationMs: number;
}

/** Totals over a list of results. */
export interface Totals {
  total: number;
  passed: number;
  /** Failed plus errors: the checks that did not hold. */
  failed: number;
  errors: number;
  skipped: number;
}

/** Counts the results by verdict. */
export function countResults(results: readonly CheckResult[]): Totals {
  const count = (v: Verdict): number => results.filter((r) => r.verdict === v).length;
  return {
    total: results.length,
    passed: count('passed'),
    failed: count('failed') + count('error'),
    errors: count('error'),
    skipped: count('skipped'),
  };
}

/** Renders one piece of evidence on one line: `GET url → 200: detail`. */
export function formatEvidence(evidence: Evidence): string {
  const status = evidence.status === undefined ? 'no answer' : String(evidence.status);
  return `${evidence.request} → ${status}: ${evidence.detail}`;
}
