/** A changed file and its change status, as git or the GitHub API report it. */

/**
 * The statuses git's --name-status letters A, C, D, M, R, U map to, as in dorny/paths-filter's
 * `src/file.ts` (T, X and B map to none: such files match only rules without a status list).
 */
export const CHANGE_STATUSES = ['added', 'copied', 'deleted', 'modified', 'renamed', 'unmerged'] as const;
/** One of `CHANGE_STATUSES`. */
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** One changed file. */
export interface ChangedFile {
  /** Path relative to the repository root, with '/' separators. */
  filename: string;
  /**
   * Its status: a `ChangeStatus`; the API's `changed`/`unchanged` pass through verbatim, and git's
   * T/X/B letters give `undefined` (such files match only rules without a status list), as in dorny.
   */
  status: string | undefined;
}

const STATUS_BY_LETTER: Record<string, ChangeStatus> = {
  A: 'added',
  C: 'copied',
  D: 'deleted',
  M: 'modified',
  R: 'renamed',
  U: 'unmerged',
};

/**
 * Parses `git diff --no-renames --name-status -z` output: NUL-separated (status, path) pairs.
 * `--no-renames` guarantees one path per entry, which is what makes the pairing correct.
 */
export function parseNameStatus(output: string): ChangedFile[] {
  const tokens = output.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const letter = tokens[i] as string;
    const filename = tokens[i + 1] as string;
    if (letter === '' || filename === '') continue;
    files.push({ filename, status: STATUS_BY_LETTER[letter.charAt(0)] });
  }
  return files;
}

/** Turns `git ls-files -z` output into "added" files (initial push, root commit). */
export function parseFileList(output: string): ChangedFile[] {
  return output
    .split('\0')
    .filter((name) => name !== '')
    .map((filename) => ({ filename, status: 'added' }));
}
