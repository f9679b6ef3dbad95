/**
 * The real-Dokploy half of `npm run demo -- --real` (scripts/demo.ts): the Dokploy that
 * `npm run dokploy:up` started, its fixtures (scripts/dokploy/fixtures.ts) in their staging
 * environment, a new release of each (scripts/dokploy/release.ts) whose health gates are the fixture
 * containers' real endpoints, and a verdict read from the deployment records Dokploy created.
 */
import { dokployApi, dokployRoot, ensureFixtures, reachDokploy, type Fixtures } from './dokploy/fixtures.js';
import type { PlatformServers } from '../__tests__/fixtures/separation/servers.js';
import {
  breakRelease,
  deploymentsOf,
  prepareRelease,
  SEED_PLATFORMS,
  type DeploymentRecord,
  type SeedPlatform,
} from './dokploy/release.js';

/** The environment the demo deploys: the other real-server tests deploy the production fixtures. */
const ENVIRONMENT = 'staging';

/** What the demo needs from a Dokploy, sandbox or real. */
export interface DemoTarget {
  /** The lines that say what runs where (the separation checks run on `servers`), after the headline. */
  intro(servers: PlatformServers): string[];
  /** The monorepo's branch (its environment follows from the manifest's `environments:`). */
  branch: string;
  /** The manifest's `environments:` map. */
  environments: Record<string, string>;
  /** The environment deployed, for the separation spec. */
  environment: string;
  /** A platform's manifest `deploy:` entry. */
  deploy(p: SeedPlatform): Record<string, unknown>;
  /** A platform's health targets; `undefined` for the demo's own defaults. */
  health(p: SeedPlatform): string[] | undefined;
  /** DOKPLOY_URL, DOKPLOY_TOKEN and the id variables, for the pipeline. */
  env: Record<string, string>;
  /** Extra pipeline options. */
  pipelineArgs: string[];
  /** Says how it went (the pipeline started at `pipelineStartedAt`, by Date.now); returns the demo's exit code. */
  verdict(exit: number, tookMs: number, pipelineStartedAt: number): Promise<number>;
  close(): Promise<void>;
}

const secretName = (p: SeedPlatform): string => `DOKPLOY_${p.toUpperCase()}_STAGING_ID`;
const stageOf = (p: SeedPlatform): number => (p === 'infrastructure' ? 0 : p === 'management' ? 2 : 1);

/**
 * Connects to the real Dokploy, makes sure the fixtures exist, and sets a new release of each (with
 * `fail`'s release broken: an image the registry does not have).
 * @throws Error with one line when there is no real Dokploy (run `npm run dokploy:up`)
 */
export async function startRealTarget(fail: SeedPlatform | undefined): Promise<DemoTarget> {
  const root = dokployRoot();
  const { url, apiKey, version } = await reachDokploy(root);
  const api = dokployApi(url, apiKey);
  // Without a git URL: the git-built builder keeps its repository (the demo does not deploy it).
  const fixtures = await ensureFixtures(url, apiKey);
  const mark = `demo-${Date.now().toString(36)}`;
  const release = await prepareRelease({ url, apiKey, fixtures, environment: ENVIRONMENT, mark });
  const restore = fail
    ? await breakRelease({ url, apiKey, fixtures, environment: ENVIRONMENT }, fail, release)
    : undefined;
  const before = await recordIds(api, fixtures).catch(async (error: unknown) => {
    await restore?.();
    throw error;
  });
  const service = (p: SeedPlatform) => fixtures[p]![ENVIRONMENT];
  const intro = (servers: PlatformServers) => [
    `  Dokploy           ${url} (${version}, from npm run dokploy:up under ${root}; it runs one deploy at a time)`,
    ...SEED_PLATFORMS.map((p) => {
      const what =
        p === fail
          ? `${release.change[p]}, broken by --fail: its web image is kit/web:missing, which the registry does not have`
          : release.change[p];
      return `  ${p.padEnd(16)}  ${service(p).kind} ${service(p).id} → ${what}\n${' '.repeat(20)}healthy when: ${release.health[p].join(', ')}`;
    }),
    `  separation        on the local fixture platform servers (${Object.values(servers.urls).join(', ')}), as in the sandbox demo: the fixture images carry no platform pages`,
  ];
  return {
    intro,
    branch: ENVIRONMENT,
    environments: { main: 'production', staging: ENVIRONMENT },
    environment: ENVIRONMENT,
    deploy: (p) => ({ kind: service(p).kind, [ENVIRONMENT]: { secret: secretName(p) } }),
    health: (p) => release.health[p],
    env: {
      DOKPLOY_URL: url,
      DOKPLOY_TOKEN: apiKey,
      ...Object.fromEntries(SEED_PLATFORMS.map((p) => [secretName(p), service(p).id])),
    },
    // Deploys may wait behind other work on the server; a new task answers ~10-15 s after `done`.
    pipelineArgs: [
      '--deploy-timeout',
      '10m',
      '--health-timeout',
      '2m',
      '--poll-interval',
      '1s',
      '--stable-for',
      '10s',
    ],
    async verdict(exit, tookMs, startedAt) {
      const created = await newRecords(api, fixtures, before);
      return judge({ exit, took: `${(tookMs / 1000).toFixed(1)}s`, created, fail, startedAt });
    },
    close: async () => restore?.(),
  };
}

const recordsOf = (api: ReturnType<typeof dokployApi>, fixtures: Fixtures, p: SeedPlatform) =>
  deploymentsOf(api, fixtures[p]![ENVIRONMENT]);

async function recordIds(api: ReturnType<typeof dokployApi>, fixtures: Fixtures) {
  const ids = {} as Record<SeedPlatform, Set<string>>;
  for (const p of SEED_PLATFORMS)
    ids[p] = new Set((await recordsOf(api, fixtures, p)).map((r) => r.deploymentId));
  return ids;
}

async function newRecords(
  api: ReturnType<typeof dokployApi>,
  fixtures: Fixtures,
  before: Record<SeedPlatform, Set<string>>,
): Promise<Record<SeedPlatform, DeploymentRecord[]>> {
  const created = {} as Record<SeedPlatform, DeploymentRecord[]>;
  for (const p of SEED_PLATFORMS) {
    created[p] = (await recordsOf(api, fixtures, p)).filter((r) => !before[p].has(r.deploymentId));
  }
  return created;
}

function judge(run: {
  exit: number;
  took: string;
  created: Record<SeedPlatform, DeploymentRecord[]>;
  fail: SeedPlatform | undefined;
  startedAt: number;
}): number {
  const { exit, took, created, fail, startedAt } = run;
  const at = (iso: string | null): string =>
    iso ? `${((Date.parse(iso) - startedAt) / 1000).toFixed(1)}s` : '…';
  const recorded = SEED_PLATFORMS.filter((p) => created[p].length > 0);
  const span = (p: SeedPlatform): string =>
    created[p].map((r) => `${p} ${r.status} ${at(r.createdAt)}–${at(r.finishedAt)}`).join(', ');
  const byStage = [0, 1, 2]
    .map((stage) =>
      recorded
        .filter((p) => stageOf(p) === stage)
        .map(span)
        .join(', '),
    )
    .filter((text) => text !== '')
    .join(' → ');
  const what = recorded.length > 0 ? byStage : 'nothing';
  if (!fail) {
    const one = (p: SeedPlatform) => created[p].length === 1 && created[p][0]!.status === 'done';
    const ok = exit === 0 && SEED_PLATFORMS.every(one) && inStageOrder(created);
    console.log(
      ok
        ? `demo: done in ${took}. Dokploy recorded 4 deploys, stage by stage (start–end, from the pipeline's start): ${what}. Try it failing: npm run demo -- --real --fail infrastructure`
        : `demo: the pipeline exited with ${exit} (expected 0); Dokploy recorded: ${what}`,
    );
    return ok ? 0 : 1;
  }
  const later = SEED_PLATFORMS.filter((p) => stageOf(p) > stageOf(fail));
  const leaked = later.filter((p) => created[p].length > 0);
  const failed = created[fail].length === 1 && created[fail][0]!.status === 'error';
  const ok = exit === 1 && failed && leaked.length === 0;
  console.log(
    ok
      ? `demo: as intended, ${fail}'s deploy ended 'error' on Dokploy, the pipeline exited with 1 and Dokploy recorded no deploy for ${later.join(', ') || '(no later stage)'} (${took}). Dokploy recorded: ${what}.`
      : `demo: expected ${fail}'s deploy to end 'error', the pipeline to exit with 1 and no deploy after stage ${stageOf(fail)}; it exited with ${exit} and Dokploy recorded: ${what}`,
  );
  return ok ? 0 : 1;
}

/** Every stage's records began after every record of the stage before it had finished. */
function inStageOrder(created: Record<SeedPlatform, DeploymentRecord[]>): boolean {
  const records = SEED_PLATFORMS.flatMap((p) => created[p].map((r) => ({ stage: stageOf(p), ...r })));
  return records.every((later) =>
    records
      .filter((earlier) => earlier.stage < later.stage)
      .every((earlier) => earlier.finishedAt !== null && earlier.finishedAt <= later.createdAt),
  );
}
