// The dokploy-deploy action's shell: mask the key, read the inputs, deploy, write outputs and summary.
import * as core from '@actions/core';
import { fetch } from 'undici';
import { systemClock } from '../lib/clock.js';
import { describeFailure } from '../lib/errors.js';
import { actionsLogger } from '../lib/logger.js';
import { runDeploy } from './deploy.js';
import { readSettings, runContextFromEnv, SECRET_INPUTS } from './settings.js';
import { renderSummary, statusOfFailure, toOutputs } from './summary.js';

async function run(): Promise<void> {
  for (const name of SECRET_INPUTS) {
    const value = core.getInput(name);
    if (value) core.setSecret(value);
  }
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGTERM', abort);
  process.once('SIGINT', abort);
  try {
    const settings = readSettings((name) => core.getInput(name), runContextFromEnv(process.env));
    core.debug(
      `settings: ${JSON.stringify({ ...settings, apiKey: '***', env: settings.env.map(([k]) => k) })}`,
    );
    const result = await runDeploy(settings, {
      clock: systemClock,
      fetch,
      signal: controller.signal,
      log: actionsLogger(core),
    });
    for (const [name, value] of Object.entries(toOutputs(result))) core.setOutput(name, value);
    // Outside a runner (a local dry run) there is no summary file to append to.
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderSummary(result), true).write();
    if (result.failure) core.setFailed(result.failure.message);
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.stack) core.debug(failure.stack);
    core.setOutput('status', statusOfFailure(error));
    core.setFailed(failure.message);
  } finally {
    process.off('SIGTERM', abort);
    process.off('SIGINT', abort);
  }
}

await run();
