/** Which commit a Dokploy deployment record ran, as far as its description says. */
import type { Deployment } from './dokploy-client.js';

const COMMIT_IN_DESCRIPTION = /(?:^Commit: |^Hash: |@|\bcommit )([0-9a-f]{40}|[0-9a-f]{64})\b/;

/**
 * The commit a record deployed: Dokploy's `Commit: <sha>` rewrite (`Hash: <sha>` from a webhook), the action's `owner/repo@<sha>`
 * or the pipeline command's `commit <sha>`.
 */
export function deployedCommit(record: Pick<Deployment, 'description'>): string | undefined {
  return COMMIT_IN_DESCRIPTION.exec(record.description ?? '')?.[1];
}
