import * as core from '@actions/core';
import { systemClock } from '../lib/clock.js';
import { runAction } from '../lib/action-shell.js';
import { createTransport } from '../lib/http-transport.js';
import { inputError } from '../lib/errors.js';
import { parseManifest, readManifestInput } from '../lib/manifest.js';
import { targetsFromManifest } from './manifest-targets.js';
import { readSettings, SECRET_INPUTS, type WaitHealthySettings } from './settings.js';
import { formatFailureLines, formatResults, renderSummary } from './summary.js';
import { redactLine, secretsOf } from './credentials.js';
import type { Target } from './targets.js';
import { deadlineError, waitHealthy } from './wait.js';

await runAction(core, process, {
  secretInputs: SECRET_INPUTS,
  redact: redactLine,
  async run({ log, signal, mask, summary, defer }) {
    const settings = readSettings((name) => core.getInput(name));
    const targets = [...settings.targets, ...manifestTargets(settings)];
    for (const secret of secretsOf(targets)) mask(secret);
    const { timeoutMs, intervalMs, requestTimeoutMs, consecutiveSuccesses, insecureTls } = settings;
    core.debug(
      `settings: ${JSON.stringify({ timeoutMs, intervalMs, requestTimeoutMs, consecutiveSuccesses, insecureTls })}`,
    );
    core.debug(`targets (credentials masked): ${targets.map((t) => t.display).join(', ')}`);
    const http = await createTransport(process.env, { insecureTls: settings.insecureTls });
    defer(() => http.close());
    const report = await waitHealthy(targets, settings, {
      clock: systemClock,
      fetch: http.fetch,
      signal,
      log,
    });
    core.setOutput('healthy', String(report.healthy));
    core.setOutput('results', formatResults(report.results));
    core.setOutput('duration-seconds', (report.durationMs / 1000).toFixed(1));
    await summary(renderSummary(report));
    if (!report.healthy) {
      for (const line of formatFailureLines(report)) core.error(line);
      core.setFailed(deadlineError(report, settings.timeoutMs).message);
    }
  },
});

/** The `targets-from` platform's health targets, from the manifest (none without `targets-from`). */
function manifestTargets(settings: WaitHealthySettings): Target[] {
  if (settings.targetsFrom === undefined) return [];
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const text = readManifestInput("Input 'platforms'", settings.platforms, cwd);
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
