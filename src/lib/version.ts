/** Dokploy versions (`v0.30.2`): the one comparison the client, the deploy core and the sandbox share. */

/** Compares two `vX.Y.Z` versions: negative when `a` is older than `b`. Unparseable parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a
    .replace(/^v/, '')
    .split(/[.-]/)
    .map((n) => Number(n) || 0);
  const pb = b
    .replace(/^v/, '')
    .split(/[.-]/)
    .map((n) => Number(n) || 0);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
