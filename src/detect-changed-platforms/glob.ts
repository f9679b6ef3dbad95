import picomatch from 'picomatch';

/** A compiled glob: true when the path matches. */
export type GlobTest = (path: string) => boolean;

/**
 * picomatch's options for dorny's globs. dorny b41dfa9 passes `{ dot: true }` to picomatch 2.3.1.
 * picomatch 4 turns a repeated extglob it deems risky (`+(a|aa)/**`, `src/+(|lib)/*`) into plain
 * text; `maxExtglobRecursion: false` keeps picomatch 2's meaning, and the time limit around matching
 * (time-limit.ts) catches the backtracking that picomatch 4 guards against.
 */
export const GLOB_OPTIONS = { dot: true, maxExtglobRecursion: false } as const;

/** Compiles globs into one test that is true when any of them matches, trying them in order. */
export function compileGlobs(patterns: readonly string[]): GlobTest {
  const tests = patterns.map(compileGlob);
  if (tests.length === 1) return tests[0] as GlobTest;
  return (path) => tests.some((test) => test(path));
}

/**
 * Compiles one glob as picomatch's matcher decides (the path equals the glob, or the regex
 * matches), quoted parts read as literal text (`literalQuotes`), skipping the per-call result
 * objects of picomatch's matcher, with two exact shortcuts for the commonest monorepo globs
 * (`dir/**`, `** /*.ext`).
 *
 * @throws TypeError (picomatch's) for an empty glob or one longer than 65,536 characters
 */
export function compileGlob(glob: string): GlobTest {
  // From here on the glob is its quote-free equivalent, for the equality test too.
  const source = literalQuotes(glob);
  if (source === '') return () => false;
  const directory = literalDirectory(source);
  if (directory !== undefined) return (path) => isInside(path, directory);
  const regex = picomatch.makeRe(source, GLOB_OPTIONS);
  const tail = literalTail(source);
  if (tail.length < 2) return (path) => path === source || regex.test(path);
  // Every match ends with the tail (or the tail and one '/', which picomatch allows), so a cheap
  // endsWith() rules out most paths before the regex runs.
  const tailAndSlash = `${tail}/`;
  return (path) =>
    path === source || ((path.endsWith(tail) || path.endsWith(tailAndSlash)) && regex.test(path));
}

/**
 * For a `some/dir/**` glob, the directory `compileGlob`'s test matches inside (that directory
 * itself, or a path below it); `undefined` for any other glob. A caller may skip every path that
 * neither equals it nor starts with it and a '/': the test is false for those.
 */
export function globDirectory(glob: string): string | undefined {
  return literalDirectory(literalQuotes(glob));
}

/**
 * The glob with each "quoted" part written as the literal text it stands for (glob characters
 * backslash-escaped), which is what picomatch documents quotes to mean. picomatch 2.3.1 and 4 both
 * mis-read the text around a quoted part in places (in 2.3.1 `"a"/*` misses `a/x`; in 4 `"a"/{1..3}`
 * loses the `a`). An unpaired quote stays a literal `"`.
 */
export function literalQuotes(glob: string): string {
  if (!glob.includes('"')) return glob;
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob.charAt(i);
    const close = char === '"' ? glob.indexOf('"', i + 1) : -1;
    if (char === '\\') {
      out += glob.slice(i, i + 2);
      i++;
    } else if (close !== -1) {
      out += glob.slice(i + 1, close).replace(QUOTABLE, '\\$&');
      i = close;
    } else {
      out += char;
    }
  }
  return out;
}

/** What a quoted part may hold that picomatch would otherwise read as glob syntax. */
const QUOTABLE = /[*?[\]{}()!+@|,\\]/g;

/**
 * Whether testing the glob costs at most about the square of the path's length, whatever the path:
 * a `dir/**` shortcut, or no parentheses (extglobs) and at most two runs of `*`. Only such a glob is
 * tested on files dorny would not test it on (filter-match.ts); nested repeats are what backtrack
 * without end.
 */
export function isCheapGlob(glob: string): boolean {
  if (literalDirectory(glob) !== undefined) return true;
  return !/[()]/.test(glob) && (glob.match(/\*+/g)?.length ?? 0) <= 2;
}

/** Characters that make a glob more than a literal in picomatch; `"` too, since picomatch drops quotes. */
const GLOB_SYNTAX = /[*?[\]{}()!+@\\|"]/;

/**
 * For `some/dir/**` with a literal directory, returns that directory. picomatch's regex for it runs
 * a lookahead per character; `isInside` decides the same in one pass.
 */
function literalDirectory(glob: string): string | undefined {
  const match = /^(?:\.\/)?([^*?[\]{}()!+@\\|"]+?)\/\*\*$/.exec(glob);
  const directory = match?.[1];
  if (
    !directory ||
    directory.startsWith('/') ||
    directory.split('/').some((s) => s === '' || s === '.' || s === '..')
  ) {
    return undefined;
  }
  return directory;
}

/**
 * picomatch's `dir/**` with `dot: true`: the directory itself, or below it with no `.` or `..`
 * segment and no line terminator (its `**` is made of `.`, which matches none of them). Reads the
 * path in place: this runs once per file and filter, the hottest test of a typical step.
 */
function isInside(path: string, directory: string): boolean {
  if (path === directory) return true;
  const start = directory.length + 1;
  if (path.charCodeAt(start - 1) !== 47 /* '/' */ || !path.startsWith(directory)) return false;
  // Only a path with '.' right after a '/' (or first) below the directory can hold a dot segment.
  if (path.charCodeAt(start) === 46 /* '.' */ || path.includes('/.', start)) {
    const rest = path.slice(start);
    if (rest.split('/').some((segment) => segment === '.' || segment === '..')) return false;
  }
  // The directory part may hold a line terminator (the glob spelled it); the part below may not.
  return (
    !LINE_TERMINATOR.test(path) ||
    (LINE_TERMINATOR.test(directory) && !LINE_TERMINATOR.test(path.slice(start)))
  );
}

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * The literal text every match must end with, or '' when there is none to rely on: with a `|`
 * (picomatch 2 and 4 pass it on as a regex alternation) or a `!` (negation) anywhere, the end of the
 * glob says nothing about the end of a match. A leading '/' is dropped: after `**` it is optional.
 */
function literalTail(glob: string): string {
  if (glob.includes('|') || glob.includes('!')) return '';
  let i = glob.length;
  while (i > 0 && !GLOB_SYNTAX.test(glob.charAt(i - 1))) i--;
  if (i === 0) return '';
  const tail = glob.slice(i);
  return tail.startsWith('/') ? tail.slice(1) : tail;
}
