import * as core from '@actions/core';
import { describeFailure } from '../lib/errors.js';
import { createGitRunner } from '../lib/git-runner.js';
import { readGitHubContext } from '../lib/github-context.js';
import { actionsLogger } from '../lib/logger.js';
import { detectChanges } from './detect.js';
import { buildOutputs } from './outputs.js';
import { readSettings, SECRET_INPUTS } from './settings.js';
import { renderSummary } from './summary.js';

async function run(): Promise<void> {
  for (const name of SECRET_INPUTS) {
    const value = core.getInput(name);
    if (value) core.setSecret(value);
  }
  try {
    const settings = readSettings((name) => core.getInput(name), process.cwd());
    core.debug(
      `settings: ${JSON.stringify({ ...settings, token: settings.token ? '***' : '', manifest: settings.manifest?.source })}`,
    );
    const log = actionsLogger(core);
    const result = await detectChanges(settings, readGitHubContext(process.env), {
      git: () => createGitRunner(settings.workingDirectory, (m) => core.warning(m)),
      fetch: globalThis.fetch,
      log,
    });
    const outputs = buildOutputs({
      filterMatches: result.filterMatches,
      plan: result.plan,
      listFiles: settings.listFiles,
    });
    await log.group('Outputs', async () => {
      for (const [name, value] of outputs) {
        core.setOutput(name, value);
        if (!name.endsWith('_files'))
          core.info(`${name}: ${value.length > 300 ? `${value.slice(0, 300)}…` : value}`);
      }
    });
    if (process.env.GITHUB_STEP_SUMMARY) {
      await core.summary.addRaw(renderSummary({ ...result, fileCount: result.files.length })).write();
    }
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.stack) core.debug(failure.stack);
    core.setFailed(failure.message);
  }
}

await run();
