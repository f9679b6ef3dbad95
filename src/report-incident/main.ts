import * as core from '@actions/core';
import { runAction } from '../lib/action-shell.js';
import { systemClock } from '../lib/clock.js';
import { readGitHubContext } from '../lib/github-context.js';
import { describeCheck } from './incident.js';
import { reportIncident } from './report.js';
import { renderSummary } from './render.js';
import { readSettings, SECRET_INPUTS } from './settings.js';

await runAction(core, process, {
  secretInputs: SECRET_INPUTS,
  async run({ log, signal, summary }) {
    const settings = readSettings((name) => core.getInput(name));
    const context = readGitHubContext(process.env);
    const { subject, environment, outcome, detail, targets, label, commentIntervalMs } = settings;
    core.debug(`settings: ${JSON.stringify({ subject, environment, outcome, label, commentIntervalMs })}`);
    const check = { subject, environment, outcome, detail, targets };
    const runUrl = context.runId
      ? `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}`
      : '';
    const api = {
      apiUrl: context.apiUrl,
      token: settings.token,
      userAgent: 'dokploy-deploy/report-incident',
    };
    const report = await reportIncident(
      {
        check,
        scope: { api, repository: context.repository, label },
        commentIntervalMs,
        webhookUrl: settings.webhookUrl,
        link: { runUrl },
      },
      { clock: systemClock, fetch: globalThis.fetch, signal, log },
    );
    log.info(`${subject} in ${environment}: ${report.action} (${report.reason})`);
    core.setOutput('action', report.action);
    core.setOutput('issue-number', report.issue ? String(report.issue.number) : '');
    core.setOutput('issue-url', report.issue?.url ?? '');
    core.setOutput(
      'down-seconds',
      report.downMs === undefined ? '' : String(Math.round(report.downMs / 1000)),
    );
    await summary(renderSummary(check, report));
    // The run shows red while something is down: the issue is the record, the red run the alarm.
    if (outcome === 'failure') {
      const where = report.issue ? ` (incident #${report.issue.number}: ${report.issue.url})` : '';
      const line = describeCheck(check);
      core.setFailed(`${subject} in ${environment} is failing its checks${where}${line ? `: ${line}` : ''}`);
    }
  },
});
