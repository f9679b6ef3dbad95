/**
 * `dokploy-deploy pipeline`: the whole staged pipeline outside GitHub Actions (a laptop, GitLab CI,
 * Jenkins) with the actions' own cores: plan → deploy each stage → wait healthy → separation → next
 * stage. Secrets come from the environment only (DOKPLOY_TOKEN, the id variables the manifest names,
 * the spec's credential variables), never from flags, and are never printed.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { detectChanges } from '../detect-changed-platforms/detect.js';
import { getCurrentRef } from '../detect-changed-platforms/git.js';
import type { Plan } from '../detect-changed-platforms/plan.js';
import {
  readManifestFile,
  resolveSettings as resolveDetectSettings,
} from '../detect-changed-platforms/settings.js';
import { systemClock } from '../lib/clock.js';
import { InputError } from '../lib/errors.js';
import { createTransport } from '../lib/http-transport.js';
import { createGitRunner } from '../lib/git-runner.js';
import { parseList } from '../lib/input.js';
import type { Logger } from '../lib/logger.js';
import { DEFAULT_MANIFEST_PATH } from '../lib/manifest.js';
import { readSeparationPlacementInput } from '../lib/separation-placement.js';
import { renderFinal } from '../pipeline/render.js';
import { runPipeline } from '../pipeline/run.js';
import { createSteps } from '../pipeline/steps.js';
import type { Command } from './command.js';
import {
  DETECT_OPTION_SUBJECTS,
  localPushContext,
  requireManifest,
  sinceOption,
  resolveCommit,
  upstreamOf,
} from './local-git.js';
import { readPipelineConfig, type PipelineConfig } from './pipeline-config.js';
import { createView, stepLogger } from './pipeline-view.js';

const USAGE = `Usage: dokploy-deploy pipeline [options]

Runs the staged pipeline from this machine: plans what changed, deploys each stage's platforms in
parallel on Dokploy, waits until they are healthy, runs the separation checks after the platforms
stage, and stops at the first stage that fails. Works from a laptop, GitLab CI or Jenkins.

Options:
  --base REV              compare from this commit (default: the branch's upstream, e.g. origin/main)
  --head REV              compare up to this commit (default: HEAD)
  --select LIST           all, or a comma list of platforms (instead of --base/--head)
  --branch NAME           the branch whose environment applies (default: the current branch)
  --environment NAME      override the branch → environment mapping
  --since WHAT            deployed (each platform against the commit Dokploy last deployed; the default)
                          or event (against --base)
  --manifest PATH         the platforms manifest (default: ${DEFAULT_MANIFEST_PATH})
  --spec PATH             the separation spec (default: .github/separation.yml when present)
  --no-separation         do not run the separation checks
  --separation-after N    run the separation checks after stage N (default: the spec's after:, else 1)
  --deploy-timeout DUR    per deployment, queue and build (default 30m)
  --poll-interval DUR     pace of deployment polls: first wait a third of it, up to twice it (default 3s)
  --stable-for DUR        after done, how long the new version must run without a restart (default 20s;
                          0 = no running check)
  --rollback WHEN         restore the last good version: on-failure, on-unhealthy (the deploy's running
                          check or the health check fails) or never (default never)
  --health-timeout DUR    per platform, until its health targets answer (default 5m)
  --health-interval DUR   longest wait between two health probes (default 5s)
  --plain                 print one line per change even on a terminal
  --verbose               also print every step's log lines
  -C DIR                  run in DIR (default: the current directory)

Environment:
  DOKPLOY_URL             your Dokploy server, e.g. https://dokploy.example.com
  DOKPLOY_TOKEN           a Dokploy API key (sent as x-api-key; never printed)
  <secret names>          the Dokploy ids the manifest names with deploy.<environment>.secret
  <credential names>      the test credentials the separation spec names (auth.credential)

Exit codes: 0 every stage passed (or nothing to deploy), 1 a stage or the separation checks failed,
2 bad usage, 130 cancelled (Ctrl-C, SIGTERM).
`;

const OPTIONS = {
  base: { type: 'string' },
  head: { type: 'string', default: 'HEAD' },
  select: { type: 'string', default: '' },
  branch: { type: 'string' },
  environment: { type: 'string', default: '' },
  since: { type: 'string' },
  manifest: { type: 'string', default: '' },
  spec: { type: 'string', default: '' },
  'no-separation': { type: 'boolean', default: false },
  'separation-after': { type: 'string', default: '' },
  'deploy-timeout': { type: 'string', default: '30m' },
  'poll-interval': { type: 'string', default: '3s' },
  'stable-for': { type: 'string', default: '20s' },
  rollback: { type: 'string', default: 'never' },
  'health-timeout': { type: 'string', default: '5m' },
  'health-interval': { type: 'string', default: '5s' },
  plain: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  C: { type: 'string', short: 'C' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

export const command: Command = {
  summary: 'run the staged pipeline from here: plan, deploy each stage, wait healthy, separation',
  async run(args, context) {
    let values: Values;
    try {
      values = parseArgs({ args, options: OPTIONS, strict: true }).values;
    } catch (error) {
      process.stderr.write(`dokploy-deploy pipeline: ${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const cwd = resolve(context.cwd, values.C ?? '.');
    const out = (text: string): void => void process.stdout.write(text);
    const { plan, head, manifestSource } = await planFrom(values, cwd, context.signal);
    for (const warning of plan.warnings) out(`warning: ${warning}\n`);
    if (plan.platforms.length === 0) {
      out(
        plan.environment
          ? `Nothing to deploy to ${plan.environment}: no platform changed.\n`
          : `Nothing to deploy: branch ${plan.branch} maps to no environment.\n`,
      );
      return 0;
    }
    const config = readPipelineConfig(values, plan, { env: context.env, cwd, head, manifestSource });
    out(describePlan(plan, config));
    const view = createView(
      {
        write: out,
        tty: Boolean(process.stdout.isTTY) && !values.plain,
        columns: process.stdout.columns || 120,
      },
      systemClock.now,
    );
    const logs = new Map<string, string[]>();
    const http = await createTransport(context.env);
    try {
      const steps = createSteps(config, {
        clock: systemClock,
        fetch: http.fetch,
        logFor: (name) => stepLogger(name, logs, view, values.verbose),
        git: createGitRunner(cwd, (m) => process.stderr.write(`warning: ${m}\n`), process.env),
      });
      const result = await runPipeline(
        {
          plan,
          separationAfterStage: config.separationAfterStage,
          separationPlatforms: config.separation?.spec.platforms.map((p) => p.name) ?? [],
        },
        { steps, clock: systemClock, signal: context.signal, progress: (state) => view.update(state) },
      );
      view.stop();
      // The logs of what failed come first, so the table and the headline end the output.
      for (const row of [...result.platforms, { name: 'separation', ...result.separation }]) {
        if (row.state !== 'failed') continue;
        const lines = (logs.get(row.name) ?? []).slice(-60);
        if (lines.length > 0) out(`\n── ${row.name}: the last lines of its log\n${lines.join('\n')}\n`);
      }
      out(`\n${renderFinal(result)}`);
      return result.exitCode;
    } finally {
      view.stop();
      await http.close();
    }
  },
};

async function planFrom(
  values: Values,
  cwd: string,
  signal: AbortSignal,
): Promise<{ plan: Plan; head: string; manifestSource: string }> {
  requireManifest(cwd, values.manifest);
  const quiet: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warning: (m) => void process.stderr.write(`warning: ${m}\n`),
    error: (m) => void process.stderr.write(`error: ${m}\n`),
    group: async (_name, fn) => fn(),
  };
  const git = createGitRunner(cwd, (m) => quiet.warning(m), process.env);
  const head = resolveCommit(git, '--head', values.head);
  const manual = values.select.trim() !== '';
  const base = manual ? '' : resolveCommit(git, '--base', values.base ?? upstreamOf(git));
  const branch = values.branch ?? getCurrentRef(git);
  const settings = resolveDetectSettings(
    {
      workingDirectory: cwd,
      manifest: readManifestFile('Option --manifest', values.manifest, cwd),
      select: parseList(values.select),
      environment: values.environment,
      base,
      ref: head,
      ...sinceOption(values.since, process.env),
      // Where the checks go (the spec's after:); the spec itself is read again for its checks.
      separation: values['no-separation']
        ? undefined
        : readSeparationPlacementInput('Option --spec', values.spec, cwd),
    },
    DETECT_OPTION_SUBJECTS,
  );
  const result = await detectChanges(settings, localPushContext(branch), {
    git: () => git,
    fetch: globalThis.fetch, // a local push: git only, the API is never asked
    clock: systemClock,
    log: quiet,
    // The id variables the manifest's `secret:` names, as the deploys read them.
    secretId: (name) => process.env[name]?.trim() || undefined,
    signal,
  });
  if (!result.plan || !settings.manifest)
    throw new InputError('Option --manifest', values.manifest, 'gave no plan');
  return { plan: result.plan, head, manifestSource: settings.manifest.source };
}

function describePlan(plan: Plan, config: PipelineConfig): string {
  const stages = plan.stages
    .map((names, i) => `stage ${i}: ${names.length > 0 ? names.join(', ') : '(nothing)'}`)
    .join(' → ');
  const separation = config.separation
    ? ` (separation checks after stage ${config.separationAfterStage})`
    : '';
  return `Deploying to ${plan.environment} on ${new URL(config.deploy.dokployUrl).host}: ${stages}${separation}\n\n`;
}
