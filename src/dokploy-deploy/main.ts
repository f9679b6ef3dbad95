// The dokploy-deploy action's shell: mask the key, read the inputs, deploy, write outputs and summary.
import * as core from '@actions/core';
import { runAction } from '../lib/action-shell.js';
import { systemClock } from '../lib/clock.js';
import { createGitRunner, type GitRunner } from '../lib/git-runner.js';
import { createTransport } from '../lib/http-transport.js';
import { runDeploy } from './deploy.js';
import { asGitHubDeployment } from './github-deployment.js';
import { runManualRollback } from './manual-rollback.js';
import { readSettings, runContextFromEnv, SECRET_INPUTS } from './settings.js';
import { renderSummary, statusOfFailure, toOutputs } from './summary.js';

await runAction(core, process, {
  secretInputs: SECRET_INPUTS,
  async run({ log, signal, summary, defer }) {
    const settings = readSettings((name) => core.getInput(name), runContextFromEnv(process.env));
    core.debug(
      `settings: ${JSON.stringify({
        ...settings,
        apiKey: '***',
        env: settings.env.map(([k]) => k),
        githubDeployment: settings.githubDeployment && { ...settings.githubDeployment, token: '***' },
      })}`,
    );
    const http = await createTransport(process.env);
    defer(() => http.close());
    const deps = {
      clock: systemClock,
      fetch: http.fetch,
      signal,
      log,
      promotion: settings.promotion && {
        git: checkoutAt(
          core.getInput('working-directory').trim() || process.env.GITHUB_WORKSPACE || process.cwd(),
        ),
        probeFetch: http.fetch,
      },
    };
    // `rollback-to` restores a kept version instead of deploying (rollback.yml, the health hand-back).
    const deploy = settings.rollbackTo === undefined ? runDeploy : runManualRollback;
    const { result, githubDeploymentId } = await asGitHubDeployment(
      settings,
      () => deploy(settings, deps),
      deps,
    );
    for (const [name, value] of Object.entries(toOutputs(result))) core.setOutput(name, value);
    core.setOutput('github-deployment-id', githubDeploymentId);
    await summary(renderSummary(result));
    if (result.failure) core.setFailed(result.failure.message);
  },
  onFailure: (error) => core.setOutput('status', statusOfFailure(error)),
});

/** The git checkout `promote-from` compares trees in; undefined when the directory is not one. */
function checkoutAt(cwd: string): GitRunner | undefined {
  const git = createGitRunner(cwd, (message) => core.warning(message), process.env);
  const inside = git.runSync(['rev-parse', '--is-inside-work-tree'], { allowFailure: true });
  return inside.code === 0 && inside.stdout.trim() === 'true' ? git : undefined;
}
