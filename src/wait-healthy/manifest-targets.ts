/** `targets-from`: a platform's health target lines for one environment, from the platforms manifest. */
import { InputError } from '../lib/errors.js';
import { environmentForBranch } from '../lib/manifest.js';
import { healthTargetsFor, type Manifest } from '../lib/platform.js';
import { parseTargets, type Target } from './targets.js';

/** Which platform and environment to take targets for. */
export interface TargetsFromRequest {
  platform: string;
  /** '' means: the environment `branch` maps to in the manifest. */
  environment: string;
  /** The branch of the run (GITHUB_REF_NAME), used when `environment` is ''. */
  branch: string;
}

/**
 * Returns the platform's parsed health targets for the environment.
 * @throws InputError for an unknown platform, no environment, no targets, or a bad target line
 */
export function targetsFromManifest(manifest: Manifest, request: TargetsFromRequest): Target[] {
  const platform = manifest.platforms.find((p) => p.name === request.platform);
  if (!platform) {
    const known = manifest.platforms.map((p) => p.name).join(', ') || 'none';
    throw new InputError(
      `Input 'targets-from'`,
      request.platform,
      `no such platform in ${manifest.source} (platforms: ${known})`,
    );
  }
  const environment = request.environment || environmentForBranch(manifest, request.branch);
  if (environment === '') {
    throw new InputError(
      `Input 'environment'`,
      undefined,
      `name one for targets-from: branch '${request.branch}' maps to no environment in ${manifest.source}`,
    );
  }
  const lines = healthTargetsFor(platform, environment);
  if (lines.length === 0) {
    throw new InputError(
      `Input 'targets-from'`,
      request.platform,
      `the platform has no health targets for environment '${environment}' in ${manifest.source}`,
    );
  }
  return parseTargets(lines, `${manifest.source} platforms.${platform.name}.health (${environment})`);
}
