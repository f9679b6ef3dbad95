/**
 * A new release of the seed's four fixtures in one environment, for the runs that deploy them in
 * stages (the pipeline test, `npm run demo -- --real`), with health gates that only the new release
 * passes.
 *
 * Each application switches to the other web image (kit/web:v1 ↔ v2: whichever it does not answer
 * now) and the infrastructure stack gets a new KIT_MARK in its environment. Each platform's gate is
 * its real endpoints (/health; for infrastructure also its Redis and its TCP service) plus the one
 * answer only the new release gives: Dokploy's `done` means Swarm took the update, and the old task
 * keeps answering /health until it has stopped (busybox httpd runs as PID 1 and ignores SIGTERM, so
 * Docker waits out its 10 s grace period), so a gate on /health alone passes against the old task.
 */
import {
  deploymentsOf,
  dokployApi,
  fetchText,
  infrastructureCompose,
  infrastructurePorts,
  REGISTRY,
  type EnvironmentName,
  type Fixtures,
} from './fixtures.js';

/** The seed's four projects, in stage order (infrastructure; bizoholic and coreldove; management). */
export const SEED_PLATFORMS = ['infrastructure', 'bizoholic', 'coreldove', 'management'] as const;
/** One of them. */
export type SeedPlatform = (typeof SEED_PLATFORMS)[number];

/** What a release changed and how to see that it runs. */
export interface Release {
  /** What each platform's new release is, for people: `kit/web:v2`, `KIT_MARK=demo-1a2b3c`. */
  change: Record<SeedPlatform, string>;
  /** Each platform's health targets (wait-healthy lines), the new release's answer among them. */
  health: Record<SeedPlatform, string[]>;
}

/** Where to reach the fixtures and which release to make. */
export interface ReleaseOptions {
  url: string;
  apiKey: string;
  fixtures: Fixtures;
  environment: EnvironmentName;
  /** The infrastructure stack's new KIT_MARK (letters, digits, '-'). */
  mark: string;
}

/** Sets the next release on Dokploy (not deployed: the pipeline deploys it) and returns its gates. */
export async function prepareRelease(options: ReleaseOptions): Promise<Release> {
  const { fixtures, environment, mark } = options;
  const api = dokployApi(options.url, options.apiKey);
  const change = {} as Release['change'];
  const health = {} as Release['health'];
  const infra = fixtures.infrastructure![environment];
  const ports = infrastructurePorts(environment);
  await api('compose.saveEnvironment', { composeId: infra.id, env: `KIT_MARK=${mark}`, createEnvFile: true });
  change.infrastructure = `KIT_MARK=${mark}`;
  health.infrastructure = [
    `tcp://127.0.0.1:${ports.tcp}`,
    `redis://127.0.0.1:${ports.redis}`,
    infra.healthUrl,
    `http://127.0.0.1:${ports.web}/env body=KIT_MARK=${mark}`,
  ];
  for (const platform of SEED_PLATFORMS.slice(1)) {
    const service = fixtures[platform]![environment];
    const base = `http://127.0.0.1:${service.port}`;
    const next = (await fetchText(`${base}/version`))?.includes('v2') ? 'v1' : 'v2';
    await saveImage(api, service.id, `kit/web:${next}`);
    change[platform] = `kit/web:${next}`;
    health[platform] = [service.healthUrl, `${base}/version body='${platform} ${next}'`];
  }
  return { change, health };
}

/**
 * Makes `platform`'s next deploy fail the way a bad release does on Dokploy: an image tag the registry
 * does not have (an application's `docker pull`, or the stack's `docker compose up`, fails and the
 * deployment ends `error`). Returns how to put the release back.
 */
export async function breakRelease(
  options: Omit<ReleaseOptions, 'mark'>,
  platform: SeedPlatform,
  release: Release,
): Promise<() => Promise<void>> {
  const { environment } = options;
  const api = dokployApi(options.url, options.apiKey);
  const service = options.fixtures[platform]![environment];
  if (platform === 'infrastructure') {
    const save = (image: string) =>
      api('compose.update', {
        composeId: service.id,
        sourceType: 'raw',
        composeFile: infrastructureCompose(environment, image),
      });
    await save('kit/web:missing');
    return async () => void (await save('kit/web:v1'));
  }
  await saveImage(api, service.id, 'kit/web:missing');
  return async () => saveImage(api, service.id, release.change[platform]);
}

/** A deployment record (createdAt: when Dokploy's worker started it), as the kit's client types it. */
export type { Deployment as DeploymentRecord } from '../../src/lib/dokploy-client.js';

async function saveImage(api: ReturnType<typeof dokployApi>, applicationId: string, image: string) {
  await api('application.saveDockerProvider', {
    applicationId,
    dockerImage: `${REGISTRY}/${image}`,
    username: null,
    password: null,
    registryUrl: null,
  });
}

export { deploymentsOf };
