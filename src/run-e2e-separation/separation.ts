/**
 * The separation run: generates the checks for every platform and every ordered pair (A, B) of
 * platforms, runs them one after the other, and returns one result per check.
 */
import { CancelledError } from '../lib/errors.js';
import { checkForeignCredential, checkOwnCredential } from './auth.js';
import { checkCompare } from './compare.js';
import { checkForeignMarkers, checkOwnMarkers } from './content.js';
import { createContext, type CheckContext, type SeparationOptions } from './context.js';
import { checkCookieScope } from './cookie-scope.js';
import { checkCors } from './cors.js';
import { redactText, secretForms } from './redact.js';
import { RequestFailedError, type SeparationDeps } from './requests.js';
import {
  countResults,
  type CheckResult,
  type Evidence,
  type Rule,
  type Totals,
  type Verdict,
} from './result.js';
import type { AllowKey, PlatformSpec, SeparationSpec } from './spec.js';

/** What a check function decides. */
export interface Outcome {
  verdict: Verdict;
  message: string;
  evidence: Evidence[];
}

/** One planned check. */
export interface PlannedCheck {
  name: string;
  rule: Rule;
  platform: string;
  other: string | undefined;
  run(context: CheckContext): Promise<Outcome>;
}

/** The result of a run. */
export interface SeparationReport {
  environment: string;
  results: CheckResult[];
  totals: Totals;
}

/** Which `allow:` key exempts each pair rule. */
const ALLOW_FOR: Partial<Record<Rule, AllowKey>> = {
  'foreign-markers': 'markers',
  'foreign-credential': 'credentials',
  'cookie-scope': 'cookies',
  cors: 'cors',
};

/**
 * Runs every separation check of `spec`. `credentials` maps a platform name to the value of its
 * credential (read and masked by the shell); values never appear in the results.
 * @throws CancelledError when `deps.signal` aborts
 */
export async function runSeparation(
  spec: SeparationSpec,
  credentials: Readonly<Record<string, string>>,
  options: SeparationOptions,
  deps: SeparationDeps,
): Promise<SeparationReport> {
  const context = createContext(spec, credentials, options, deps);
  const secrets = secretForms(Object.values(credentials));
  const results: CheckResult[] = [];
  const checks = planChecks(spec);
  // One log group per platform under test, then one for the comparisons.
  const groups = [...new Set(checks.map(groupOf))];
  for (const group of groups) {
    await deps.log.group(group, async () => {
      for (const check of checks.filter((c) => groupOf(c) === group)) {
        const result = redact(await runCheck(context, check), secrets);
        const detail = result.verdict === 'passed' ? '' : `: ${result.message}`;
        deps.log.info(`${ICONS[result.verdict]} [${result.rule}] ${result.name}${detail}`);
        results.push(result);
        deps.onEvent?.({ type: 'check', result, done: results.length, total: checks.length });
      }
    });
  }
  return { environment: spec.environment, results, totals: countResults(results) };
}

/** Lists the checks of a spec in run order: per platform A its own checks, then A against each B. */
export function planChecks(spec: SeparationSpec): PlannedCheck[] {
  const checks: PlannedCheck[] = [];
  for (const a of spec.platforms) {
    const auth = a.auth;
    checks.push(own(a, 'own-markers', `${a.name} shows its own markers`, (c) => checkOwnMarkers(c, a)));
    if (auth) {
      checks.push(
        own(a, 'own-credential', `${a.name} accepts its own credential`, (c) =>
          checkOwnCredential(c, a, auth),
        ),
      );
    }
    for (const b of spec.platforms.filter((p) => p !== a)) {
      checks.push(
        pair(a, b, 'foreign-markers', `${a.name} shows no ${b.name} markers`, (c) =>
          checkForeignMarkers(c, a, b),
        ),
      );
      if (auth) {
        const name = `${a.name} rejects ${b.name}'s credential`;
        checks.push(pair(a, b, 'foreign-credential', name, (c) => checkForeignCredential(c, a, auth, b)));
      }
      checks.push(
        pair(a, b, 'cookie-scope', `${a.name}'s cookies do not reach ${b.name}`, (c) =>
          checkCookieScope(c, a, b),
        ),
      );
      checks.push(
        pair(a, b, 'cors', `${a.name} does not admit ${b.name}'s origin with credentials`, (c) =>
          checkCors(c, a, b),
        ),
      );
    }
  }
  for (const compare of spec.compare) {
    const members = spec.platforms.filter((p) => compare.platforms.includes(p.name));
    // Comparisons are symmetric, so each unordered pair is checked once.
    members.forEach((a, i) =>
      members.slice(i + 1).forEach((b) => {
        const name = `${compare.path} answers ${compare.expect === 'same' ? 'the same' : 'differently'} on ${a.name} and ${b.name}`;
        checks.push(pair(a, b, 'compare', name, (c) => checkCompare(c, compare, a, b)));
      }),
    );
  }
  return checks;
}

function groupOf(check: PlannedCheck): string {
  return check.rule === 'compare' ? 'Separation: comparisons' : `Separation: ${check.platform}`;
}

const ICONS: Record<Verdict, string> = { passed: '✔', failed: '✘', error: '✘', skipped: '–' };

async function runCheck(context: CheckContext, check: PlannedCheck): Promise<CheckResult> {
  const started = context.deps.clock.now();
  let outcome: Outcome;
  try {
    outcome = await check.run(context);
  } catch (error) {
    if (error instanceof CancelledError || !(error instanceof RequestFailedError)) throw error;
    outcome = {
      verdict: 'error',
      message: `no answer: ${error.message}`,
      evidence: [{ request: `${error.method} ${error.url}`, status: undefined, detail: error.reason }],
    };
  }
  const { name, rule, platform, other } = check;
  return { name, rule, platform, other, ...outcome, durationMs: context.deps.clock.now() - started };
}

function own(a: PlatformSpec, rule: Rule, name: string, run: PlannedCheck['run']): PlannedCheck {
  return { name, rule, platform: a.name, other: undefined, run };
}

function pair(
  a: PlatformSpec,
  b: PlatformSpec,
  rule: Rule,
  name: string,
  run: PlannedCheck['run'],
): PlannedCheck {
  const allowKey = ALLOW_FOR[rule];
  if (allowKey && a.allow[allowKey].includes(b.name)) {
    const message = `allowed by the spec (platforms.${a.name}.allow.${allowKey} lists ${b.name})`;
    return {
      name,
      rule,
      platform: a.name,
      other: b.name,
      run: async () => ({ verdict: 'skipped', message, evidence: [] }),
    };
  }
  return { name, rule, platform: a.name, other: b.name, run };
}

/** Replaces every secret value in a result's text with `***` (a response may echo a credential). */
function redact(result: CheckResult, secrets: string[]): CheckResult {
  if (secrets.length === 0) return result;
  const clean = (text: string): string => redactText(text, secrets);
  return {
    ...result,
    name: clean(result.name),
    message: clean(result.message),
    evidence: result.evidence.map((e) => ({ ...e, request: clean(e.request), detail: clean(e.detail) })),
  };
}
