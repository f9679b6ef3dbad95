/** Domain types shared by the actions: platforms, their Dokploy targets and health targets. */

/** The kinds of Dokploy service a platform deploys. */
export const TARGET_KINDS = ['application', 'compose'] as const;
/** An application (application.deploy) or a compose stack (compose.deploy). */
export type TargetKind = (typeof TARGET_KINDS)[number];

/**
 * Where a platform deploys in one environment: Dokploy's own names for the service (resolved to its id
 * through project.all at deploy time: no secret to set), the id itself, or the name of the secret
 * holding it. Exactly one of the three.
 */
export interface EnvironmentTarget {
  /** The Dokploy application or compose id, when written in the manifest. */
  id: string | undefined;
  /** The name of the secret that holds the id. */
  secret: string | undefined;
  /** The service by name: project, Dokploy environment and application or compose name. */
  names: ServiceNames | undefined;
  /** The platform's public address in this environment (GitHub's environment link), when given. */
  url?: string | undefined;
}

/** A Dokploy service by the names its UI shows. */
export interface ServiceNames {
  /** The project's name, e.g. bizoholic-platform. */
  project: string;
  /** The Dokploy environment's name inside the project (default: the kit's environment name). */
  environment: string;
  /** The application's or compose stack's name. */
  service: string;
}

/** One Dokploy project of the monorepo, as the manifest declares it (validated). */
export interface Platform {
  /** The platform's name (its key under `platforms:`). */
  name: string;
  /**
   * Globs selecting its files; `!` patterns exclude (gitignore style). With `package:`, the manifest's
   * own globs only (maybe none) until `resolveWorkspacePlatforms` adds the package's folders.
   */
  paths: string[];
  /** The workspace package it deploys (`package:`, e.g. `@shop/storefront`), when named. */
  package?: string | undefined;
  /** Platforms that must be deployed (and healthy) before this one. */
  needs: string[];
  /** When true, a change to this platform redeploys every platform that needs it. */
  cascade: boolean;
  /** The Dokploy service kind, when `deploy:` is given. */
  kind: TargetKind | undefined;
  /** Target per environment name. */
  targets: Record<string, EnvironmentTarget>;
  /** Health target lines for every environment. */
  healthAll: string[];
  /** Health target lines per environment (added to `healthAll`). */
  healthByEnvironment: Record<string, string[]>;
  /** Test commands by kind (`unit`, `integration`, …). */
  tests: Record<string, string>;
  /**
   * `tests.with-deploy`: the commands run in the platform's deploy leg, right before its deploy (one
   * runner start less), instead of in the tests job every stage waits for. Default false.
   */
  testsWithDeploy: boolean;
  /** Commands around the deploy for every environment (`hooks:`). */
  hooksAll: Hooks;
  /** Per environment (`deploy.<env>.hooks:`), each field replacing the platform's. */
  hooksByEnvironment: Record<string, Hooks>;
  /** Stage: 0 without needs, else one more than the highest stage needed. */
  stage: number;
}

/** Commands run inside the deployed service around its deploy, through Dokploy schedules. */
export interface Hooks {
  /** Run in the running version before the deploy (a migration); failing stops the deploy. */
  before: string | undefined;
  /** Run in the new version once it runs; failing fails the deploy (and rolls back as configured). */
  after: string | undefined;
  /** The compose service whose container runs them (compose platforms only, then required). */
  service: string | undefined;
  /** The longest each may run, in ms (default: the deploy action's `hook-timeout`). */
  timeoutMs: number | undefined;
}

/** No commands. */
export const NO_HOOKS: Readonly<Hooks> = Object.freeze({
  before: undefined,
  after: undefined,
  service: undefined,
  timeoutMs: undefined,
});

/** A platform's commands in an environment: the environment's fields over the platform's. */
export function hooksFor(platform: Platform, environment: string): Hooks {
  const own = platform.hooksByEnvironment[environment];
  const all = platform.hooksAll;
  return {
    before: own?.before ?? all.before,
    after: own?.after ?? all.after,
    service: own?.service ?? all.service,
    timeoutMs: own?.timeoutMs ?? all.timeoutMs,
  };
}

/** The validated platforms manifest. */
export interface Manifest {
  /** Where it came from (a path, or "inline"), for messages. */
  source: string;
  /** Branch name → environment name. */
  environments: Record<string, string>;
  /** Environment → the environment whose verified deploys it promotes (`promote-from:`); empty by default. */
  promoteFrom: Record<string, string>;
  /** The platforms, in manifest order. */
  platforms: Platform[];
  /** Number of stages (highest stage + 1; 0 without platforms). */
  stageCount: number;
}

/** Returns a platform's health target lines for an environment. */
export function healthTargetsFor(platform: Platform, environment: string): string[] {
  return [...platform.healthAll, ...(platform.healthByEnvironment[environment] ?? [])];
}
