/**
 * What `dokploy-deploy doctor` checks: the platforms manifest against the live Dokploy, before a
 * deploy finds out. One finding per line (ok, warning, error). Pure: the Dokploy client and the
 * environment (where `{ secret: NAME }` ids live) come in as values; nothing here prints.
 */
import type { DokployClient, Project, ServiceInfo, ServiceKind, ServiceRef } from '../lib/dokploy-client.js';
import { DokployApiError } from '../lib/dokploy-client.js';
import { describeNames, findService } from '../lib/dokploy-targets.js';
import { KitError } from '../lib/errors.js';
import type { Manifest, Platform } from '../lib/platform.js';
import { healthTargetsFor } from '../lib/platform.js';
import { compareVersions } from '../lib/version.js';
import { parseTargets } from '../wait-healthy/targets.js';

/** One thing doctor found. */
export interface Finding {
  level: 'ok' | 'warning' | 'error';
  /** What it is about: "Dokploy", "bizoholic/production". */
  subject: string;
  /** One line. */
  text: string;
}

/** Sources whose pushes reach Dokploy through its provider integration (Auto Deploy needs no webhook). */
const PUSHED_SOURCES = ['github', 'gitlab', 'bitbucket', 'gitea'];
/** The Dokploy version the kit is tested against (the real-server tests run it). */
export const TESTED_VERSION = 'v0.30.2';
/** Older than this, targets by name (environments in project.all) and deployment titles do not work. */
export const OLDEST_SUPPORTED = 'v0.25.0';

/**
 * Checks the manifest's targets in `environments` against Dokploy: the key and version, that each
 * target resolves to a service of the declared kind, Auto Deploy, the git branch, the key's
 * `docker:read` permission, and that the health targets parse.
 */
export async function checkManifest(
  manifest: Manifest,
  options: { environments: string[]; env: Readonly<Record<string, string | undefined>> },
  client: DokployClient,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const version = await checkServer(client, findings);
  if (version === undefined) return findings;
  let projects: Project[] | undefined;
  const services: ServiceInfo[] = [];
  for (const environment of options.environments) {
    const branches = Object.entries(manifest.environments)
      .filter(([, name]) => name === environment)
      .map(([branch]) => branch);
    for (const platform of manifest.platforms) {
      const subject = `${platform.name}/${environment}`;
      checkHealth(manifest, platform, environment, subject, findings);
      const target = platform.targets[environment];
      if (!target) continue;
      const kind: ServiceKind = platform.kind ?? 'application';
      let ref: ServiceRef;
      let from: string;
      if (target.names) {
        projects ??= await client.projects();
        try {
          ref = findService(projects, kind, target.names);
        } catch (error) {
          if (!(error instanceof KitError)) throw error;
          findings.push({ level: 'error', subject, text: error.message });
          continue;
        }
        from = describeNames(kind, target.names);
      } else {
        const id = target.id ?? (options.env[target.secret ?? ''] ?? '').trim();
        if (id === '') {
          const text = `the variable ${target.secret} that holds its id is not set (export it, or name the service: { project, application|compose })`;
          findings.push({ level: 'error', subject, text });
          continue;
        }
        ref = { kind, id };
        from = target.secret ? `id from ${target.secret}` : 'id in the manifest';
      }
      const info = await serviceOf(client, ref, subject, findings);
      if (!info) continue;
      services.push(info);
      findings.push({ level: 'ok', subject, text: `${kind} '${info.name}' (${ref.id}, ${from})` });
      checkService(info, { subject, environment, branches }, findings);
    }
  }
  await checkDockerRead(client, services, findings);
  return findings;
}

/** "2 errors, 1 warning, 9 ok." */
export function summarise(findings: readonly Finding[]): string {
  const count = (level: Finding['level']): number => findings.filter((f) => f.level === level).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('ok')} ok.`;
}

async function checkServer(client: DokployClient, findings: Finding[]): Promise<string | undefined> {
  let version: string;
  try {
    version = await client.version();
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    const limited =
      error instanceof DokployApiError && error.kind === 'unauthorized'
        ? ' (a key created through the API allows 5 calls a day unless it was created with the rate limit off: create one in Settings → Profile → API/CLI)'
        : '';
    findings.push({ level: 'error', subject: 'Dokploy', text: `${error.message}${limited}` });
    return undefined;
  }
  if (compareVersions(version, OLDEST_SUPPORTED) < 0) {
    const text = `${version} is older than ${OLDEST_SUPPORTED}, the oldest the kit supports: upgrade Dokploy`;
    findings.push({ level: 'error', subject: 'Dokploy', text });
  } else {
    const tested =
      compareVersions(version, TESTED_VERSION) === 0 ? '' : ` (the kit is tested with ${TESTED_VERSION})`;
    findings.push({ level: 'ok', subject: 'Dokploy', text: `${version}, the key is accepted${tested}` });
  }
  return version;
}

/** application.one / compose.one; a not-found answer is checked against the other kind. */
async function serviceOf(
  client: DokployClient,
  ref: ServiceRef,
  subject: string,
  findings: Finding[],
): Promise<ServiceInfo | undefined> {
  try {
    return await client.service(ref);
  } catch (error) {
    if (!(error instanceof DokployApiError) || error.kind !== 'not-found') throw error;
    const other: ServiceKind = ref.kind === 'application' ? 'compose' : 'application';
    const isOther = await client.service({ kind: other, id: ref.id }).then(
      () => true,
      () => false,
    );
    const text = isOther
      ? `${ref.id} is a ${other === 'compose' ? 'compose stack' : 'application'}, not ${ref.kind === 'compose' ? 'a compose stack' : 'an application'}: set deploy.kind: ${other}`
      : `no ${ref.kind} has the id ${ref.id} in Dokploy`;
    findings.push({ level: 'error', subject, text });
    return undefined;
  }
}

function checkService(
  info: ServiceInfo,
  where: { subject: string; environment: string; branches: string[] },
  findings: Finding[],
): void {
  const { subject } = where;
  // Dokploy turns Auto Deploy on for every new service, but only a provider source (GitHub, GitLab,
  // Bitbucket, Gitea) receives pushes without a webhook set up by hand: there it deploys twice.
  if (info.autoDeploy === true && PUSHED_SOURCES.includes(info.sourceType)) {
    const text = `Auto Deploy is on for its ${info.sourceType} source: Dokploy deploys every push itself and the pipeline deploys it again; turn Auto Deploy off in its General tab`;
    findings.push({ level: 'warning', subject, text });
  }
  const branch = info.gitBranch;
  if (branch && where.branches.length > 0 && !where.branches.includes(branch)) {
    const text = `it builds branch '${branch}', but ${where.environment} deploys from ${where.branches.map((b) => `'${b}'`).join(', ')}: set its branch in Dokploy`;
    findings.push({ level: 'warning', subject, text });
  }
  // The templates roll an unhealthy deploy back (rollback: on-unhealthy). A docker image or a compose
  // snapshot can always be restored; a built application only through Dokploy's Rollbacks.
  if (info.kind === 'application' && info.sourceType !== 'docker' && !info.rollbackActive) {
    const text =
      "Rollbacks are off: an unhealthy deploy of this built application cannot be rolled back; turn on Rollbacks with a registry in its Advanced tab, or set the variable DOKPLOY_ROLLBACK to 'never'";
    findings.push({ level: 'warning', subject, text });
  }
}

/**
 * Every id secret the manifest names must be passed by each installed workflow that passes id
 * secrets (its `# >>> project ids` blocks): a secret that is set but not passed reads as empty there.
 */
export function checkWorkflowSecrets(
  manifest: Manifest,
  environments: readonly string[],
  workflows: readonly { path: string; text: string }[],
): Finding[] {
  const findings: Finding[] = [];
  const passing = workflows.filter((w) => w.text.includes('# >>> project ids'));
  for (const platform of manifest.platforms) {
    for (const environment of environments) {
      const secret = platform.targets[environment]?.secret;
      if (!secret) continue;
      const missing = passing.filter((w) => !new RegExp(`\\b${secret}\\b`).test(w.text)).map((w) => w.path);
      if (missing.length === 0) continue;
      findings.push({
        level: 'error',
        subject: `${platform.name}/${environment}`,
        text: `the secret ${secret} that holds its id is not passed by ${missing.join(' and ')} (their project ids blocks): even when it is set, the deploy sees it empty; run dokploy-deploy init --sync`,
      });
    }
  }
  return findings;
}

function checkHealth(
  manifest: Manifest,
  platform: Platform,
  environment: string,
  subject: string,
  findings: Finding[],
): void {
  try {
    parseTargets(
      healthTargetsFor(platform, environment),
      `${manifest.source} platforms.${platform.name}.health`,
    );
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    findings.push({ level: 'error', subject, text: error.message });
  }
}

/** The running check after `done` lists the service's tasks: that needs the key's docker:read. */
async function checkDockerRead(
  client: DokployClient,
  services: ServiceInfo[],
  findings: Finding[],
): Promise<void> {
  const application = services.find((s) => s.kind === 'application');
  if (!application) return;
  try {
    await client.tasks(application);
    findings.push({
      level: 'ok',
      subject: 'Dokploy',
      text: 'the key may read Swarm tasks (docker:read, for the running check)',
    });
  } catch (error) {
    if (!(error instanceof DokployApiError) || error.kind !== 'unauthorized') throw error;
    const text =
      "the key may not read Swarm tasks (docker:read): the deploy's running check fails; give the key that permission, or run with stable-for 0";
    findings.push({ level: 'warning', subject: 'Dokploy', text });
  }
}
