/**
 * `dokploy-deploy monitor`: one run of workflows-templates/monitor.yml from anywhere (a cron job,
 * GitLab CI, Jenkins): probe every platform's health targets (and the separation checks), then keep
 * one GitHub issue per platform × environment incident with report-incident's core. GITHUB_TOKEN and
 * MONITOR_WEBHOOK_URL come from the environment only, and every secret is masked in all output.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../lib/clock.js';
import { formatDuration } from '../lib/duration.js';
import { CancelledError, describeFailure, KitError } from '../lib/errors.js';
import { createTransport } from '../lib/http-transport.js';
import { consoleLogger } from '../lib/logger.js';
import { DEFAULT_MANIFEST_PATH } from '../lib/manifest.js';
import { renderMonitor } from '../monitor/render.js';
import { runMonitor } from '../monitor/run.js';
import { DEFAULT_SETTINGS as INCIDENT_DEFAULTS } from '../report-incident/settings.js';
import { redactor, WAIT_HEALTHY_DEFAULT_SETTINGS } from '../wait-healthy/index.js';
import type { Command } from './command.js';
import { readMonitorConfig, type MonitorConfig } from './monitor-config.js';

const OPTIONS = {
  environment: { type: 'string', default: '' },
  manifest: { type: 'string', default: '' },
  spec: { type: 'string', default: '' },
  'no-separation': { type: 'boolean', default: false },
  // monitor.yml's health-timeout: short, a monitor run is not a deploy.
  timeout: { type: 'string', default: '2m' },
  // wait-healthy's and report-incident's own defaults (5s, 1h), spelled as the options are.
  interval: { type: 'string', default: `${WAIT_HEALTHY_DEFAULT_SETTINGS.intervalMs / 1000}s` },
  repository: { type: 'string' },
  label: { type: 'string', default: INCIDENT_DEFAULTS.label },
  'comment-interval': { type: 'string', default: `${INCIDENT_DEFAULTS.commentIntervalMs / 3_600_000}h` },
  'run-url': { type: 'string', default: '' },
  'dry-run': { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  C: { type: 'string', short: 'C' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = `Usage: dokploy-deploy monitor [options]

Checks every platform the way workflows-templates/monitor.yml does, once: probes each platform's
health targets from the manifest in each environment (and the separation checks, when there is a
spec), prints a table of targets, latency and state, and keeps one GitHub issue per platform and
environment: the first failed check opens "Incident: <platform> in <environment>" (label
${INCIDENT_DEFAULTS.label}), a lasting incident gets a comment at most once per --comment-interval, and the
first passing check closes it with the downtime. Run it from cron, GitLab CI or Jenkins.

Options:
  --environment LIST       the environments to check, comma-separated (default: every environment
                           the manifest maps)
  --manifest PATH          the platforms manifest (default: ${DEFAULT_MANIFEST_PATH})
  --spec PATH              the separation spec (default: .github/separation.yml when present)
  --no-separation          do not run the separation checks
  --timeout DUR            per platform, until its health targets answer (default ${OPTIONS.timeout.default})
  --interval DUR           longest wait between two probes of a target (default ${OPTIONS.interval.default})
  --repository OWNER/NAME  where the incident issues live (default: $GITHUB_REPOSITORY)
  --label NAME             the label of incident issues (default ${OPTIONS.label.default})
  --comment-interval DUR   least time between two comments on an open incident (default ${OPTIONS['comment-interval'].default})
  --run-url URL            a link to this run for the issues (e.g. GitLab's $CI_JOB_URL; default none)
  --dry-run                read the open incidents and print what would be opened, commented on or
                           closed; change nothing (also what happens without GITHUB_TOKEN, then
                           without asking GitHub)
  --verbose                also print the probes' log lines (on stderr)
  -C DIR                   run in DIR (default: the current directory)

Environment:
  GITHUB_TOKEN             a token that may write the repository's issues (never printed)
  GITHUB_REPOSITORY        owner/name, when --repository is not given
  GITHUB_API_URL           the GitHub API (default https://api.github.com; GitHub Enterprise: its /api/v3)
  MONITOR_WEBHOOK_URL      a Slack-compatible incoming webhook for the same events (never printed)
  <credential names>       the test credentials the separation spec names (auth.credential)

Exit codes: 0 every check passed, 1 a check failed (or GitHub refused the report), 2 bad usage,
130 cancelled (Ctrl-C, SIGTERM).
`;

export const command: Command = {
  summary: 'probe every platform once and keep its GitHub incident issue, as monitor.yml does (cron, any CI)',
  async run(args, context) {
    const { values } = parseArgs({ args, options: OPTIONS, strict: true });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    // Before the configuration is read: an error line must not show the secrets either.
    let redact = redactor([context.env.GITHUB_TOKEN ?? '', context.env.MONITOR_WEBHOOK_URL ?? '']);
    const errLine = (line: string): void => void process.stderr.write(`${redact(line)}\n`);
    let config: MonitorConfig;
    try {
      config = readMonitorConfig(values, { env: context.env, cwd: resolve(context.cwd, values.C ?? '.') });
    } catch (error) {
      if (!(error instanceof KitError)) throw error;
      errLine(`dokploy-deploy monitor: ${error.message}`);
      return 2;
    }
    redact = redactor(config.secrets);
    const out = (text: string): void => void process.stdout.write(redact(text));
    const { request } = config;
    if (request.checks.length === 0) {
      out(`Nothing to monitor in ${config.environments.join(', ')}: no platform has health targets there.\n`);
      return 0;
    }
    out(describeRun(config));
    const log = consoleLogger(
      { out: values.verbose ? errLine : () => undefined, err: errLine },
      values.verbose,
    );
    const http = await createTransport(context.env);
    try {
      const result = await runMonitor(request, {
        clock: systemClock,
        fetch: http.fetch,
        signal: context.signal,
        log,
      });
      out(`\n${renderMonitor(result)}`);
      if (result.githubFailure !== undefined) {
        errLine(`dokploy-deploy monitor: ${result.githubFailure}`);
        return 1;
      }
      return result.healthy ? 0 : 1;
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.stack && context.env.DOKPLOY_DEPLOY_DEBUG) errLine(failure.stack);
      errLine(`dokploy-deploy monitor: ${failure.message}`);
      return error instanceof CancelledError ? 130 : 1;
    } finally {
      await http.close();
    }
  },
};

/** "Checking 3 platforms and the separation checks in production, staging (timeout 2m); incidents in acme/mono." */
function describeRun(config: MonitorConfig): string {
  const { checks, github, health } = config.request;
  const platforms = new Set(checks.filter((c) => c.kind === 'health').map((c) => c.subject)).size;
  const separation = checks.some((c) => c.kind === 'separation') ? ' and the separation checks' : '';
  const what = `${platforms} platform${platforms === 1 ? '' : 's'}${separation}`;
  const where = github
    ? `incidents in ${github.scope.repository}${github.dryRun ? ' (dry run: nothing is changed)' : ''}`
    : 'GITHUB_TOKEN is not set: a dry run, GitHub is not asked';
  return `Checking ${what} in ${config.environments.join(', ')} (timeout ${formatDuration(health.timeoutMs)}); ${where}.\n`;
}
