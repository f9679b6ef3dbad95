import * as core from '@actions/core';
import { runAction } from '../lib/action-shell.js';
import { systemClock } from '../lib/clock.js';
import { createTransport } from '../lib/http-transport.js';
import { createGitRunner } from '../lib/git-runner.js';
import { readGitHubContext } from '../lib/github-context.js';
import { detectChanges } from './detect.js';
import { buildOutputs } from './outputs.js';
import { readSettings, SECRET_INPUTS } from './settings.js';
import { renderSummary } from './summary.js';

await runAction(core, process, {
  secretInputs: SECRET_INPUTS,
  async run({ log, signal, summary, defer }) {
    const settings = readSettings((name) => core.getInput(name), process.cwd());
    core.debug(
      `settings: ${JSON.stringify({ ...settings, token: settings.token ? '***' : '', manifest: settings.manifest?.source })}`,
    );
    const http = await createTransport(process.env);
    defer(() => http.close());
    const result = await detectChanges(settings, readGitHubContext(process.env), {
      git: () => createGitRunner(settings.workingDirectory, (m) => core.warning(m), process.env),
      fetch: http.fetch,
      clock: systemClock,
      log,
      signal,
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
    await summary(renderSummary({ ...result, fileCount: result.files.length }));
  },
});
