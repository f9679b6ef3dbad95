/**
 * The job summary row and the outputs of one deploy. Every string from Dokploy or the user is
 * escaped (`core.summary` inserts text as-is).
 */
import { formatDuration } from '../lib/duration.js';
import { CancelledError, DeadlineError } from '../lib/errors.js';
import { code, escapeMarkdown, renderTable } from '../lib/report.js';
import type { DeployResult } from './deploy.js';
import { PromotionRefusedError } from './promotion.js';
import { restoreReference } from './rollback.js';

const ICONS: Record<DeployResult['status'], string> = {
  done: '✅',
  unhealthy: '🩺',
  error: '❌',
  cancelled: '🚫',
  timeout: '⏱️',
  queued: '⏳',
  refused: '🛑',
};

/** The action's outputs, by name. */
export function toOutputs(result: DeployResult): Record<string, string> {
  return {
    'deployment-id': result.deploymentId ?? '',
    status: result.status,
    'duration-seconds': String(result.durationSeconds),
    'dokploy-version': result.dokployVersion,
    rollback: result.rollback ? (result.rollback.ok ? 'restored' : 'failed') : 'none',
    'rolled-back-to': result.rollback?.ok ? result.rollback.to : '',
    // One line: "running again in 12s", or why the rollback failed.
    'rollback-detail': result.rollback?.detail ?? '',
    // What a later step's rollback-to restores if the health check fails (the templates' hand-back).
    'restore-point': result.handBack ? (restoreReference(result.handBack.point) ?? '') : '',
  };
}

/** One Markdown table (heading and one row) for the job summary. */
export function renderSummary(result: DeployResult): string {
  const notes: string[] = [];
  if (result.matchedBy === 'commit') notes.push('recognised by its commit');
  if (result.matchedBy === 'lone') notes.push('recognised as the only new deployment');
  if (result.runningCheckedMs !== undefined && result.status === 'done')
    notes.push(`running, checked in ${formatDuration(result.runningCheckedMs)}`);
  if (result.promotion)
    notes.push(escapeMarkdown(`promoted: ${result.promotion.from} verified ${result.promotion.content}`));
  for (const hook of result.hooks) notes.push(`${hook.phase} command ran (${formatDuration(hook.tookMs)})`);
  // The failure line carries both outcomes, the deploy's and the rollback's ("; rolled back to …").
  if (result.failure) notes.push(escapeMarkdown(result.failure.message));
  else if (result.rollback?.ok)
    notes.push(escapeMarkdown(`rolled back to ${result.rollback.to}, ${result.rollback.detail}`));
  const row = [
    escapeMarkdown(result.label),
    result.deploymentId ? code(result.deploymentId) : '—',
    `${ICONS[result.status]} ${result.status}`,
    result.status === 'queued' ? '—' : formatDuration(result.durationSeconds * 1000),
    notes.join('; ') || '—',
  ];
  return `### Dokploy deploy\n\n${renderTable(['Service', 'Deployment', 'Status', 'Duration', 'Notes'], [row])}`;
}

/** The `status` output for a failure that ended the run before a result existed. */
export function statusOfFailure(error: unknown): DeployResult['status'] {
  if (error instanceof CancelledError) return 'cancelled';
  if (error instanceof DeadlineError) return 'timeout';
  if (error instanceof PromotionRefusedError) return 'refused';
  return 'error';
}
