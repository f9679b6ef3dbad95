import * as core from '@actions/core';
import { systemClock } from '../lib/clock.js';
import { describeFailure, inputError } from '../lib/errors.js';
import { actionsLogger } from '../lib/logger.js';
import { parseManifest, readManifestInput } from '../lib/manifest.js';
import { createProbeFetch, type ProbeFetch } from './http-fetch.js';
import { targetsFromManifest } from './manifest-targets.js';
import { readSettings, SECRET_INPUTS, type WaitHealthySettings } from './settings.js';
import { formatFailureLines, formatResults, renderSummary } from './summary.js';
import { redactLine, secretsOf } from './credentials.js';
import type { Target } from './targets.js';
import { deadlineError, waitHealthy } from './wait.js';

async function run(): Promise<void> {
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGTERM', cancel);
  process.once('SIGINT', cancel);
  let http: ProbeFetch | undefined;
  try {
    for (const name of SECRET_INPUTS) core.setSecret(core.getInput(name));
    const settings = readSettings((name) => core.getInput(name));
    const targets = [...settings.targets, ...manifestTargets(settings)];
    for (const secret of secretsOf(targets)) core.setSecret(secret);
    const { timeoutMs, intervalMs, requestTimeoutMs, consecutiveSuccesses, insecureTls } = settings;
    core.debug(
      `settings: ${JSON.stringify({ timeoutMs, intervalMs, requestTimeoutMs, consecutiveSuccesses, insecureTls })}`,
    );
    core.debug(`targets (credentials masked): ${targets.map((t) => t.display).join(', ')}`);
    http = await createProbeFetch({ insecureTls: settings.insecureTls });
    const log = actionsLogger(core);
    const deps = { clock: systemClock, fetch: http.fetch, signal: controller.signal, log };
    const report = await waitHealthy(targets, settings, deps);
    core.setOutput('healthy', String(report.healthy));
    core.setOutput('results', formatResults(report.results));
    core.setOutput('duration-seconds', (report.durationMs / 1000).toFixed(1));
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderSummary(report)).write();
    if (!report.healthy) {
      for (const line of formatFailureLines(report)) core.error(line);
      core.setFailed(deadlineError(report, settings.timeoutMs).message);
    }
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.stack) core.debug(redactLine(failure.stack));
    core.setFailed(failure.message);
  } finally {
    process.off('SIGTERM', cancel);
    process.off('SIGINT', cancel);
    await http?.close();
  }
}

/** The `targets-from` platform's health targets, from the manifest (none without `targets-from`). */
function manifestTargets(settings: WaitHealthySettings): Target[] {
  if (settings.targetsFrom === undefined) return [];
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const text = readManifestInput('platforms', settings.platforms, cwd);
  if (!text)
    throw inputError(
      'platforms',
      undefined,
      'give the manifest for targets-from (there is no .github/platforms.yml)',
    );
  const branch = process.env.GITHUB_REF_NAME ?? '';
  const request = { platform: settings.targetsFrom, environment: settings.environment, branch };
  return targetsFromManifest(parseManifest(text.text, text.source), request);
}

await run();
