/**
 * wait-healthy's core, for the other shells (the deploy action after a deploy, the CLI):
 *
 * ```ts
 * const targets = parseTargets(platformHealthLines, 'platforms.yml platforms.web.health');
 * for (const secret of secretsOf(targets)) core.setSecret(secret); // before anything is logged
 * const http = await createProbeFetch({ insecureTls: false });
 * try {
 *   const report = await waitHealthy(targets, options, { clock, fetch: http.fetch, signal, log });
 *   if (!report.healthy) throw deadlineError(report, options.timeoutMs);
 * } finally {
 *   await http.close();
 * }
 * ```
 *
 * Everything here is plain values in and out; credentials are already masked in the results.
 */
export { parseTargets, type Target } from './targets.js';
export { secretsOf, redactor } from './credentials.js';
export { createProbeFetch, type ProbeFetch } from './http-fetch.js';
export {
  waitHealthy,
  deadlineError,
  type WaitOptions,
  type WaitDeps,
  type WaitReport,
  type TargetResult,
} from './wait.js';
export { renderSummary, formatFailureLines, formatResults } from './summary.js';
export { targetsFromManifest } from './manifest-targets.js';
export { DEFAULTS as WAIT_HEALTHY_DEFAULTS } from './settings.js';
