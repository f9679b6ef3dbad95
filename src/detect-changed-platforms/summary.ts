import { code, escapeMarkdown, renderTable } from '../lib/report.js';
import type { ChangedFile } from './file.js';
import type { Plan } from './plan.js';
import { describeReason } from './plan.js';

/** How many files the summary lists per platform or filter before it only counts. */
export const SUMMARY_FILES_SHOWN = 20;

/** What the summary shows. */
export interface SummarySource {
  comparison: string;
  fileCount: number;
  filterMatches: Map<string, ChangedFile[]> | undefined;
  plan: Plan | undefined;
}

/** Renders the job summary: the platforms table (selected? why? stage, environment), then the deciding files. */
export function renderSummary(source: SummarySource): string {
  const parts = [
    '## Detected changes\n',
    `${source.fileCount} changed file${source.fileCount === 1 ? '' : 's'} ${escapeMarkdown(source.comparison)}.\n`,
  ];
  const plan = source.plan;
  if (plan) {
    parts.push(
      plan.environment
        ? `Environment: ${code(plan.environment)} (branch ${code(plan.branch)}).\n`
        : `Branch ${code(plan.branch)} maps to no environment: nothing deploys.\n`,
    );
    const deploying = new Set(plan.platforms.map((p) => p.name));
    const rows = plan.decisions.map((d) => [
      code(d.name),
      d.selected ? (deploying.has(d.name) ? 'deploys' : 'selected') : '—',
      d.reason ? escapeMarkdown(describeReason(d.reason)) : 'no matching changes',
      String(d.stage),
      deploying.has(d.name) ? code(plan.environment) : '—',
    ]);
    parts.push(renderTable(['Platform', 'Selected', 'Why', 'Stage', 'Environment'], rows));
    if (plan.separation) {
      const names = plan.separation.platforms.map(code).join(', ');
      parts.push(`\nSeparation checks after stage ${plan.separation.afterStage}: ${names}.\n`);
    }
    for (const warning of plan.warnings) parts.push(`\n> ${escapeMarkdown(warning)}\n`);
    for (const d of plan.decisions.filter((x) => x.files.length > 0)) parts.push(fileList(d.name, d.files));
  }
  if (source.filterMatches) {
    const rows = [...source.filterMatches].map(([name, files]) => [
      code(name),
      String(files.length > 0),
      String(files.length),
    ]);
    parts.push('\n', renderTable(['Filter', 'Changed', 'Files'], rows));
    for (const [name, files] of source.filterMatches) {
      // Only the names shown are mapped: a filter can match 200,000 files.
      if (files.length > 0)
        parts.push(
          fileList(
            name,
            files.slice(0, SUMMARY_FILES_SHOWN + 1).map((f) => f.filename),
            files.length,
          ),
        );
    }
  }
  return parts.join('\n');
}

/** `files`: the first names (at least the shown ones); `count`: how many there are in all. */
function fileList(name: string, files: string[], count = files.length): string {
  const shown = files.slice(0, SUMMARY_FILES_SHOWN).map((f) => `- ${code(f)}`);
  if (count > SUMMARY_FILES_SHOWN) shown.push(`- … and ${count - SUMMARY_FILES_SHOWN} more`);
  return `\n<details><summary>${escapeMarkdown(name)}: ${count} file${count === 1 ? '' : 's'}</summary>\n\n${shown.join('\n')}\n\n</details>\n`;
}
