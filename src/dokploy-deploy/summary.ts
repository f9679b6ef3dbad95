/**
 * The job summary row and the outputs of one deploy. Every string from Dokploy or the user is
 * escaped (`core.summary` inserts text as-is).
 */
import { formatDuration } from '../lib/duration.js';
import { CancelledError, DeadlineError } from '../lib/errors.js';
import { code, escapeMarkdown, renderTable } from '../lib/report.js';
import type { DeployResult } from './deploy.js';

const ICONS: Record<DeployResult['status'], string> = {
  done: '✅',
  error: '❌',
  cancelled: '🚫',
  timeout: '⏱️',
  queued: '⏳',
};

/** The action's outputs, by name. */
export function toOutputs(result: DeployResult): Record<string, string> {
  return {
    'deployment-id': result.deploymentId ?? '',
    status: result.status,
    'duration-seconds': String(result.durationSeconds),
    'dokploy-version': result.dokployVersion,
  };
}

/** One Markdown table (heading and one row) for the job summary. */
export function renderSummary(result: DeployResult): string {
  const notes: string[] = [];
  if (result.matchedBy === 'commit') notes.push('recognised by its commit');
  if (result.matchedBy === 'lone') notes.push('recognised as the only new deployment');
  if (result.rolledBackTo) notes.push(`rolled back to ${code(result.rolledBackTo)}`);
  if (result.failure) notes.push(escapeMarkdown(result.failure.message));
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
  return 'error';
}
