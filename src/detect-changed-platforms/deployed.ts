/**
 * `since: deployed`: each platform's base is the commit of its newest `done` deployment in the
 * environment, read from Dokploy (one project.all when a target is named, then the records of each
 * platform's service), so a platform whose deploy failed, was cancelled or was skipped stays selected
 * until a deploy of it succeeds, whatever the pushes in between touched. The commit comes from the
 * record's description (`deployedCommit`: Dokploy's `Commit: <sha>`, the kit's `owner/repo@<sha>`).
 */
import type { DokployClient, ServiceRef } from '../lib/dokploy-client.js';
import { findService } from '../lib/dokploy-targets.js';
import type { GitRunner } from '../lib/git-runner.js';
import type { Platform } from '../lib/platform.js';
import { deployedCommit } from '../lib/deployed-commit.js';
import { parseNameStatus } from './file.js';
import { matchPlatforms } from './platform-match.js';

/** What a platform is compared with under `since: deployed`. */
export type DeployedBase =
  /** Its newest done deployment ran this commit; `files` changed since, in its paths. */
  | { type: 'deployed'; commit: string; deploymentId: string; commits: number; files: string[] }
  /** It must deploy whatever changed: never deployed, commit unknown, not an ancestor, not in the clone. */
  | { type: 'behind'; why: string }
  /** Dokploy cannot tell (a target held in a secret detect cannot read): compared with the event. */
  | { type: 'event'; why: string };

/** The newest done deployment's commit per platform (those with a target in `environment`). */
async function deployedCommits(
  client: DokployClient,
  platforms: readonly Platform[],
  environment: string,
  secretId: (name: string) => string | undefined,
): Promise<Map<string, { ref: ServiceRef } | { secret: string }>> {
  const refs = new Map<string, { ref: ServiceRef } | { secret: string }>();
  let projects: Awaited<ReturnType<DokployClient['projects']>> | undefined;
  for (const platform of platforms) {
    const target = platform.targets[environment];
    if (!target || !platform.kind) continue;
    if (target.id) refs.set(platform.name, { ref: { kind: platform.kind, id: target.id } });
    else if (target.names) {
      projects ??= await client.projects();
      refs.set(platform.name, { ref: findService(projects, platform.kind, target.names) });
    } else if (target.secret) {
      const id = secretId(target.secret);
      refs.set(platform.name, id ? { ref: { kind: platform.kind, id } } : { secret: target.secret });
    }
  }
  return refs;
}

/**
 * Each platform's base and changes since its deployed commit.
 * @param head - the commit being planned (resolved, 40 hex)
 * @param secretId - the id a target's `secret:` holds, where the caller can read it (the CLI's environment)
 * @throws DokployApiError when Dokploy refuses (the caller falls back to the event, with a warning)
 */
export async function changesSinceDeployed(
  client: DokployClient,
  git: GitRunner,
  platforms: readonly Platform[],
  environment: string,
  head: string,
  secretId: (name: string) => string | undefined = () => undefined,
): Promise<Map<string, DeployedBase>> {
  const bases = new Map<string, DeployedBase>();
  const commits = new Map<string, string[]>();
  for (const [name, target] of await deployedCommits(client, platforms, environment, secretId)) {
    if ('secret' in target) {
      bases.set(name, {
        type: 'event',
        why: `its ${environment} target is the secret ${target.secret}, which detect cannot read: compared with the event`,
      });
      continue;
    }
    const done = (await client.deployments(target.ref))
      .filter((r) => r.status === 'done')
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
    const commit = done && deployedCommit(done);
    if (!done) bases.set(name, { type: 'behind', why: `never deployed to ${environment}` });
    else if (!commit)
      bases.set(name, {
        type: 'behind',
        why: `the commit of its deployment ${done.deploymentId} in ${environment} is unknown (${JSON.stringify(done.description ?? '')})`,
      });
    else {
      commits.set(commit, [...(commits.get(commit) ?? []), name]);
      bases.set(name, { type: 'deployed', commit, deploymentId: done.deploymentId, commits: 0, files: [] });
    }
  }
  const byName = new Map(platforms.map((p) => [p.name, p]));
  for (const [commit, names] of commits) {
    const short = commit.slice(0, 7);
    const problem = await ancestryProblem(git, commit, head);
    if (problem) {
      for (const name of names) bases.set(name, { type: 'behind', why: `its deployed ${short} ${problem}` });
      continue;
    }
    const count = Number((await git.run(['rev-list', '--count', `${commit}..${head}`])).stdout.trim());
    const files = parseNameStatus(
      (await git.run(['diff', '--no-renames', '--name-status', '-z', commit, head])).stdout,
    );
    const matches = matchPlatforms(
      names.map((n) => byName.get(n) as Platform),
      files,
    );
    for (const name of names) {
      const base = bases.get(name) as Extract<DeployedBase, { type: 'deployed' }>;
      base.commits = count;
      base.files = matches.get(name) ?? [];
    }
  }
  return bases;
}

/** Why `commit` cannot be the base of `head` ('' when it can): not in the clone, or not an ancestor. */
async function ancestryProblem(git: GitRunner, commit: string, head: string): Promise<string> {
  const present = async () =>
    (await git.run(['cat-file', '-e', `${commit}^{commit}`], { allowFailure: true })).code === 0;
  if (!(await present())) {
    // A shallow clone: ask for the commit itself (GitHub serves any reachable commit).
    await git.run(['fetch', '--quiet', '--no-tags', '--depth=1', 'origin', commit], { allowFailure: true });
    if (!(await present())) return 'is not in the clone (check out with fetch-depth: 0)';
  }
  const ancestor = await git.run(['merge-base', '--is-ancestor', commit, head], { allowFailure: true });
  return ancestor.code === 0 ? '' : 'is not an ancestor of the head (a force-push, or a shallow clone)';
}
