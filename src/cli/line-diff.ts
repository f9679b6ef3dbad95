/**
 * A unified diff of two texts, line by line, for `init` to propose changes to files it would
 * otherwise overwrite. Small inputs only (a manifest, a workflow): the table is lines × lines.
 */

/**
 * Returns the unified diff from `before` to `after` (`--- a/<path>`, `+++ b/<path>`, hunks with
 * `context` unchanged lines around each change), or '' when they are the same.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  // A final newline ends the last line; it is not an empty line of its own.
  const lines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));
  const a = lines(before);
  const b = lines(after);
  const ops = diffLines(a, b);
  if (ops.every((op) => op.type === ' ')) return '';
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let i = 0;
  while (i < ops.length) {
    if ((ops[i] as Op).type === ' ') {
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change that
    // is at most 2 × context unchanged lines from the previous one (GNU diff's merging).
    const start = Math.max(0, i - context);
    let end = i;
    for (let j = i; j < ops.length && j <= end + 2 * context + 1; j++)
      if ((ops[j] as Op).type !== ' ') end = j;
    const stop = Math.min(ops.length, end + context + 1);
    const hunk = ops.slice(start, stop);
    const first = ops[start] as Op;
    const oldCount = hunk.filter((op) => op.type !== '+').length;
    const newCount = hunk.filter((op) => op.type !== '-').length;
    // As GNU diff numbers them: an empty side by the line before it (`-0,0` for a new file), and a
    // count of one left out.
    const range = (line: number, count: number): string =>
      count === 0 ? `${line},0` : count === 1 ? `${line + 1}` : `${line + 1},${count}`;
    out.push(`@@ -${range(first.aLine, oldCount)} +${range(first.bLine, newCount)} @@`);
    for (const op of hunk) out.push(`${op.type}${op.text}`);
    i = stop;
  }
  return `${out.join('\n')}\n`;
}

interface Op {
  type: ' ' | '-' | '+';
  text: string;
  /** The index in `a` (or where the line would go) and in `b`, for hunk headers. */
  aLine: number;
  bLine: number;
}

/** The edit script of a longest common subsequence. */
function diffLines(a: string[], b: string[]): Op[] {
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] =
        a[i] === b[j]
          ? (lcs[i + 1] as number[])[j + 1]! + 1
          : Math.max((lcs[i + 1] as number[])[j]!, row[j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j])
      ops.push({ type: ' ', text: a[i++] as string, aLine: i - 1, bLine: j++ });
    // Removals before additions, as diff prints them.
    else if (i < a.length && (j === b.length || (lcs[i + 1] as number[])[j]! >= (lcs[i] as number[])[j + 1]!))
      ops.push({ type: '-', text: a[i++] as string, aLine: i - 1, bLine: j });
    else ops.push({ type: '+', text: b[j++] as string, aLine: i, bLine: j - 1 });
  }
  return ops;
}
