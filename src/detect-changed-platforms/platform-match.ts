import type { Platform } from '../lib/platform.js';
import type { ChangedFile } from './file.js';
import { compileGlobs } from './glob.js';

/**
 * Returns each platform's files, gitignore style: a file belongs to a platform when one of its
 * positive patterns matches and none of its `!` patterns does (unlike dorny's default, where a
 * `!pattern` is just another OR-ed rule and so matches nearly everything; dorny/paths-filter#106,
 * #184, #200).
 * One pass over the files; each platform's patterns compile to two matchers.
 *
 * @param watch - set to the path being tested before each file (to name it if a time limit interrupts)
 */
export function matchPlatforms(
  platforms: readonly Platform[],
  files: readonly ChangedFile[],
  watch: { glob: string; path: string } = { glob: '', path: '' },
): Map<string, string[]> {
  const matchers = platforms.map((platform) => {
    const include = platform.paths.filter((p) => !p.startsWith('!'));
    const exclude = platform.paths.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
    return {
      name: platform.name,
      globs: platform.paths.join(', '),
      include: compileGlobs(include),
      exclude: exclude.length > 0 ? compileGlobs(exclude) : () => false,
      files: [] as string[],
    };
  });
  for (const file of files) {
    watch.path = file.filename;
    for (const matcher of matchers) {
      watch.glob = matcher.globs;
      if (matcher.include(file.filename) && !matcher.exclude(file.filename))
        matcher.files.push(file.filename);
    }
  }
  return new Map(matchers.map((m) => [m.name, m.files]));
}
