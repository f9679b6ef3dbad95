// jest globalSetup: the suite runs the committed bundles, so it refuses to start when dist/ was built
// from other sources than the working tree has (see scripts/sources-hash.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOURCES_FILE, sourcesHash } from '../../scripts/sources-hash.mjs';

/** Throws the one line to act on when `root`'s dist/ is not built from its sources. */
export function checkDistIsCurrent(root) {
  const file = join(root, SOURCES_FILE);
  const built = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (built !== sourcesHash(root)) {
    throw new Error(
      `dist/ was built from other sources than src/ has now (${SOURCES_FILE}): run 'npm run bundle' first, the tests run the bundles`,
    );
  }
}

export default function distIsCurrent() {
  // While editing, unit tests can run before a rebuild: DIST_CHECK=off (the bundle tests would then
  // run the old bundles, so CI never sets it).
  if (process.env.DIST_CHECK === 'off') return;
  checkDistIsCurrent(join(import.meta.dirname, '..', '..'));
}
