/**
 * `dokploy-deploy plan`: what a push would deploy, from a local git range — the same cores as the
 * detect-changed-platforms action (settings, detection, plan, outputs), outside GitHub Actions.
 */
import { parseArgs } from 'node:util';
import { describeReason } from '../detect-changed-platforms/plan.js';
import { detectChanges } from '../detect-changed-platforms/detect.js';
import { getCurrentRef } from '../detect-changed-platforms/git.js';
import { buildOutputs } from '../detect-changed-platforms/outputs.js';
import { readFiltersInput, readManifestFile, resolveSettings } from '../detect-changed-platforms/settings.js';
import { readSeparationPlacementInput } from '../lib/separation-placement.js';
import { systemClock } from '../lib/clock.js';
import { InputError } from '../lib/errors.js';
import { createGitRunner } from '../lib/git-runner.js';
import { consoleLogger } from '../lib/logger.js';
import { renderTextTable } from '../lib/report.js';
import type { Command } from './command.js';
import { parseList } from '../lib/input.js';
import {
  DETECT_OPTION_SUBJECTS,
  localPushContext,
  requireManifest,
  sinceOption,
  resolveCommit,
  upstreamOf,
} from './local-git.js';

const USAGE = `Usage: dokploy-deploy plan [options]

Shows which platforms a push would deploy, in which stage, to which environment, and why.

Options:
  --base REV          compare from this commit (default: the branch's upstream, e.g. origin/main)
  --head REV          compare up to this commit (default: HEAD)
  --branch NAME       the branch whose environment applies (default: the current branch)
  --manifest PATH     the platforms manifest (default: .github/platforms.yml)
  --filters YAML|PATH dorny-style filters, as in the action
  --select LIST       all, or a comma list of platforms (skips detection: no --base needed)
  --environment NAME  override the branch → environment mapping
  --since WHAT        deployed (each platform against the commit Dokploy last deployed; the default
                      when DOKPLOY_URL and DOKPLOY_TOKEN are set) or event (against --base)
  --format FORMAT     table (default), json (the plan), matrix, or outputs (every action output)
  -C DIR              run in DIR (default: the current directory)
  --verbose           debug logging
`;

const FORMATS = ['table', 'json', 'matrix', 'outputs'] as const;

export const command: Command = {
  summary: 'preview what a push would deploy (the detect-changed-platforms plan for a local git range)',
  async run(args, context) {
    const { values } = parseArgs({
      args,
      options: {
        base: { type: 'string' },
        head: { type: 'string', default: 'HEAD' },
        branch: { type: 'string' },
        manifest: { type: 'string', default: '' },
        filters: { type: 'string', default: '' },
        select: { type: 'string', default: '' },
        environment: { type: 'string', default: '' },
        since: { type: 'string' },
        format: { type: 'string', default: 'table' },
        C: { type: 'string', short: 'C' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format))
      throw new InputError('Option --format', values.format, `use one of ${FORMATS.join(', ')}`);
    const cwd = values.C ?? context.cwd;
    // The plan goes to stdout; progress only with --verbose, warnings always (both on stderr).
    const toStderr = (line: string): void => void process.stderr.write(`${line}\n`);
    const log = consoleLogger(
      { out: (line) => values.verbose && toStderr(line), err: toStderr },
      values.verbose,
    );
    // Dorny-style --filters stand in for a manifest, as in the action.
    if (values.filters === '') requireManifest(cwd, values.manifest);
    const git = createGitRunner(cwd, (m) => log.warning(m), process.env);
    const head = resolveCommit(git, '--head', values.head);
    // A selection skips detection: there is no range to compare, so no base to find.
    const manual = values.select.trim() !== '';
    const base = manual ? '' : resolveCommit(git, '--base', values.base ?? upstreamOf(git));
    const branch = values.branch ?? getCurrentRef(git);
    const filters = readFiltersInput(DETECT_OPTION_SUBJECTS.filters, values.filters, cwd);
    // As in the action: with --filters and no --manifest, .github/platforms.yml is not read.
    const manifest =
      filters && values.manifest === ''
        ? undefined
        : readManifestFile('Option --manifest', values.manifest, cwd);
    const settings = resolveSettings(
      {
        workingDirectory: cwd,
        filters,
        manifest,
        select: parseList(values.select),
        environment: values.environment,
        base,
        ref: head,
        ...sinceOption(values.since, process.env),
        // The action's separation-stage output, from .github/separation.yml as the template has it.
        separation: manifest ? readSeparationPlacementInput('', '', cwd) : undefined,
      },
      DETECT_OPTION_SUBJECTS,
    );
    const result = await detectChanges(settings, localPushContext(branch), {
      git: () => git,
      fetch: globalThis.fetch, // a local push: git only, the API is never asked
      clock: systemClock,
      log,
      secretId: (name) => process.env[name]?.trim() || undefined,
      signal: context.signal,
    });
    const outputs = buildOutputs({
      filterMatches: result.filterMatches,
      plan: result.plan,
      listFiles: 'json',
    });
    const output = Object.fromEntries(outputs);
    if (format === 'json') process.stdout.write(`${output.plan ?? '{}'}\n`);
    else if (format === 'matrix') process.stdout.write(`${output.matrix ?? '{"include":[]}'}\n`);
    else if (format === 'outputs')
      for (const [name, value] of outputs) process.stdout.write(`${name}=${value}\n`);
    else
      process.stdout.write(
        renderPlanTable(result, { branch, manual, environmentOption: values.environment }),
      );
    return 0;
  },
};

function renderPlanTable(
  result: Awaited<ReturnType<typeof detectChanges>>,
  how: { branch: string; manual: boolean; environmentOption: string },
): string {
  const { branch, environmentOption } = how;
  const lines = [
    how.manual
      ? 'Platforms selected by hand (--select): no change detection.'
      : `${result.files.length} changed file(s) ${result.comparison}.`,
  ];
  const plan = result.plan;
  if (!plan) {
    const rows = [...(result.filterMatches ?? [])].map(([name, files]) => [
      name,
      String(files.length > 0),
      String(files.length),
    ]);
    return `${lines.join('\n')}\n\n${renderTextTable(['filter', 'changed', 'files'], rows)}`;
  }
  lines.push(
    environmentOption !== ''
      ? `Deploys to ${plan.environment} (from --environment; branch ${branch}'s mapping is not used).`
      : plan.environment
        ? `Branch ${branch} deploys to ${plan.environment}.`
        : `Branch ${branch} maps to no environment: nothing deploys.`,
  );
  const deploying = new Set(plan.platforms.map((p) => p.name));
  const rows = plan.decisions.map((d) => [
    d.name,
    deploying.has(d.name) ? 'deploys' : d.selected ? 'selected' : '-',
    String(d.stage),
    d.reason ? describeReason(d.reason) : 'no matching changes',
  ]);
  const warnings = plan.warnings.map((w) => `warning: ${w}\n`).join('');
  return `${lines.join('\n')}\n\n${renderTextTable(['platform', 'decision', 'stage', 'why'], rows)}${warnings}`;
}
