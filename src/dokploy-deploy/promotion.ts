/**
 * Promotion (`promote-from`): a deploy goes ahead only when the environment it promotes from
 * (staging) runs the same content and answers its health targets now. "Verified" is read from what
 * both runs can see without extra permissions: Dokploy's own newest record of the staging service
 * (done, and which commit it deployed: Dokploy's `Commit: <sha>` rewrite or the kit's
 * `owner/repo@<sha>` description) and, for docker-sourced applications, the image the staging
 * service is set to. Git content is compared by tree, so a merge of staging into main counts.
 * A rollback or a failed deploy in staging leaves a newer record that is not a verified deploy,
 * which revokes the verification until staging is deployed again.
 */
import type { DokployClient, Deployment, ServiceInfo, ServiceRef } from '../lib/dokploy-client.js';
import { describeNames, findService } from '../lib/dokploy-targets.js';
import { formatDuration } from '../lib/duration.js';
import { deployedCommit } from '../lib/deployed-commit.js';
import { KitError } from '../lib/errors.js';
import type { GitRunner } from '../lib/git-runner.js';
import type { ServiceNames } from '../lib/platform.js';
import { parseTargets, redactor, secretsOf, waitHealthy, type WaitOptions } from '../wait-healthy/index.js';
import type { DeployDeps } from './events.js';

/** Inputs `promote-from` and its companions: deploy only what that environment verified. */
export interface PromotionRequest {
  /** Input `promote-from`: the environment's name (staging), for messages. */
  from: string;
  /** Input `promote-from-id`: its service's id (same kind as the target); '' with names. */
  target: ServiceRef;
  /** Inputs `promote-from-project`, `-project-environment`, `-service`: the service by name. */
  targetNames: ServiceNames | undefined;
  /** Input `promote-from-health`: health target lines that must answer now ([] = none). */
  health: string[];
  /** How long they may take to answer (default PROMOTION_HEALTH's 30s: they should already). */
  healthTimeoutMs?: number;
}

/** What the promotion check needs from outside: the checkout (trees) and a fetch for the probes. */
export interface PromotionDeps {
  git: GitRunner | undefined;
  probeFetch: typeof globalThis.fetch;
}

/** What the promoted-from environment verified. */
export interface PromotionOutcome {
  from: string;
  /** Its newest record, done. */
  deploymentId: string;
  /** "commit abc1234 (tree 89abcde)" or "image registry/web:v2". */
  content: string;
}

/** The promoted-from environment has not verified what this deploy would run: nothing was deployed. */
export class PromotionRefusedError extends KitError {
  override name = 'PromotionRefusedError';
}

/** How long the promoted-from environment's health targets may take to answer: they should already. */
export const PROMOTION_HEALTH: WaitOptions = {
  timeoutMs: 30_000,
  intervalMs: 2_000,
  requestTimeoutMs: 5_000,
  consecutiveSuccesses: 1,
  insecureTls: false,
};

/**
 * Checks that `request.from` verified what this deploy of `service` will run.
 * @param wanted.image - the image this deploy sets (input docker-image), if any
 * @param wanted.sha - the commit this deploy builds (GITHUB_SHA)
 * @throws PromotionRefusedError naming what the environment last verified
 * @throws KitError when the comparison cannot be made (no checkout, an unknown commit)
 */
export async function checkPromotion(
  client: DokployClient,
  request: PromotionRequest,
  service: ServiceInfo,
  wanted: { image: string | undefined; sha: string | undefined },
  deps: DeployDeps & { promotion: PromotionDeps },
): Promise<PromotionOutcome> {
  const { from } = request;
  const ref = request.targetNames
    ? findService(await client.projects(), service.kind, request.targetNames)
    : request.target;
  const source = await client.service(ref);
  const where = request.targetNames
    ? `${from} (${describeNames(service.kind, request.targetNames)})`
    : `${from} (${service.kind} ${source.name}, ${ref.id})`;
  const refuse = (why: string): never => {
    throw new PromotionRefusedError(`Promotion from ${from} refused: ${why}; nothing was deployed`);
  };
  const last = newestRecord(await client.deployments(ref));
  if (last === undefined) refuse(`${where} has no deployment yet: deploy there first`);
  const record = last as Deployment;
  if (record.status !== 'done') {
    const state = record.status === 'running' ? 'is still running' : `ended ${record.status}`;
    refuse(`the last deployment of ${where}, ${record.deploymentId}, ${state}: it verified nothing`);
  }
  let content: string;
  if (service.kind === 'application' && service.sourceType === 'docker') {
    const image = wanted.image ?? service.dockerImage ?? '';
    const verified = source.dockerImage ?? '';
    if (image !== verified)
      refuse(
        `${where} runs the image ${verified || '(none)'}, this deploy would run ${image || '(none)'}: deploy ${image} there first`,
      );
    content = `image ${image}`;
  } else {
    const commit = deployedCommit(record);
    if (commit === undefined)
      refuse(
        `the last deployment of ${where}, ${record.deploymentId}, does not say which commit it deployed (${JSON.stringify(record.description ?? '')}): a rollback or a deploy from outside the kit; deploy there with the kit first`,
      );
    if (!wanted.sha)
      throw new KitError(
        'Promotion needs the commit being deployed (GITHUB_SHA), which this run does not give',
      );
    const git = deps.promotion.git;
    if (git === undefined)
      throw new KitError(
        "Promotion compares git trees and needs the repository checked out: add actions/checkout (fetch-depth: 0) before this step, or set 'working-directory'",
      );
    const theirs = await treeOf(git, commit as string, from);
    const ours = await treeOf(git, wanted.sha, 'this deploy');
    const short = (sha: string): string => sha.slice(0, 7);
    if (theirs !== ours)
      refuse(
        `${where} last verified commit ${short(commit as string)} (tree ${short(theirs)}), this deploy is ${short(wanted.sha)} (tree ${short(ours)}): deploy this commit there first`,
      );
    content = `commit ${short(commit as string)} (tree ${short(theirs)})`;
  }
  if (request.health.length > 0) {
    const targets = parseTargets(request.health, `Input 'promote-from-health'`);
    const redact = redactor(secretsOf(targets));
    const options = { ...PROMOTION_HEALTH, timeoutMs: request.healthTimeoutMs ?? PROMOTION_HEALTH.timeoutMs };
    const report = await waitHealthy(targets, options, {
      clock: deps.clock,
      fetch: deps.promotion.probeFetch,
      signal: deps.signal ?? new AbortController().signal,
      log: deps.log,
    });
    if (!report.healthy) {
      const sick = report.results.find((r) => !r.healthy);
      refuse(
        redact(
          `${where} runs ${content} but is not healthy now (${sick?.target}: ${sick?.detail || sick?.status || 'no answer'} within ${formatDuration(options.timeoutMs)})`,
        ),
      );
    }
  }
  deps.log.info(
    `Promotion from ${from}: ${where} verified ${content} (deployment ${record.deploymentId}, done${request.health.length > 0 ? ', healthy now' : ''})`,
  );
  return { from, deploymentId: record.deploymentId, content };
}

/** The newest record by creation time (Dokploy lists them newest first, but does not promise it). */
function newestRecord(records: readonly Deployment[]): Deployment | undefined {
  return [...records].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
}

/** A commit's tree; a commit missing from a shallow checkout is fetched once. */
async function treeOf(git: GitRunner, commit: string, whose: string): Promise<string> {
  const parse = () =>
    git.run(['rev-parse', '--verify', '--quiet', `${commit}^{tree}`], { allowFailure: true });
  let result = await parse();
  if (result.code !== 0) {
    await git.run(['fetch', '--quiet', '--no-tags', '--depth=1', 'origin', commit], { allowFailure: true });
    result = await parse();
  }
  if (result.code !== 0)
    throw new KitError(
      `Promotion: the commit ${commit.slice(0, 7)} of ${whose} is not in the checkout at ${git.cwd} and could not be fetched: check out with fetch-depth: 0`,
    );
  return result.stdout.trim();
}
