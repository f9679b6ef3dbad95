/**
 * wait-healthy's core, for the other shells (the deploy action after a deploy, the CLI):
 *
 * ```ts
 * const targets = parseTargets(platformHealthLines, 'platforms.yml platforms.web.health');
 * for (const secret of secretsOf(targets)) core.setSecret(secret); // before anything is logged
 * const http = await createTransport(process.env, { insecureTls: false }); // src/lib/http-transport.ts
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
export { describeWaitEvent, type WaitEvent } from './events.js';
export {
  DEFAULT_SETTINGS as WAIT_HEALTHY_DEFAULT_SETTINGS,
  resolveWaitOptions,
  type WaitSettingSubjects,
} from './settings.js';
