/**
 * The build logs the sandbox writes, shaped like Dokploy v0.30.2's (checked against a real server,
 * see docs/sandbox.md "Checked against Dokploy v0.30.2"): what a docker-sourced application's pull
 * prints, the box a compose deploy prints, and the lines a failure ends with. Pure: lines in, lines out.
 */

/** What a build log is written for. */
export interface BuildLogSubject {
  kind: 'application' | 'compose';
  appName: string;
  sourceType: string;
  type: 'deploy' | 'redeploy';
  dockerImage: string | null;
  /** True when the image cannot be pulled (the scenario's `missingImages`). */
  imageMissing: boolean;
}

/** Dokploy's first line of every build log (SV/deployment.ts createDeployment). */
export const FIRST_LOG_LINE = 'Initializing deployment';

/** The line Dokploy appends after any failure; `echo "\n…"` in sh leaves an empty line before it. */
export const FAILURE_LINES = ['', 'Error occurred ❌, check the logs for details.'];

/**
 * The lines a job has written when its record is created and while it runs (before the end).
 * A docker-sourced redeploy pulls nothing: its log is the first line only.
 */
export function startLines(subject: BuildLogSubject): string[] {
  const lines = [FIRST_LOG_LINE];
  if (subject.kind === 'application' && subject.sourceType === 'docker') {
    if (subject.type === 'redeploy') return lines;
    const image = subject.dockerImage ?? '';
    lines.push(`Pulling ${image}`);
    if (subject.imageMissing) {
      lines.push(
        `Error response from daemon: manifest for ${withTag(image)} not found: manifest unknown: manifest unknown`,
        '❌ Pulling image failed',
      );
      return lines;
    }
    const { repository, tag } = splitImage(image);
    if (!/:[^/]+$/.test(image)) lines.push('Using default tag: latest');
    lines.push(
      `${tag}: Pulling from ${repository}`,
      `Digest: sha256:${digestOf(withTag(image))}`,
      `Status: Image is up to date for ${withTag(image)}`,
      withTag(image),
      '✅ Pulling image completed.',
    );
    return lines;
  }
  if (subject.kind === 'compose') {
    if (subject.sourceType === 'raw') lines.push("File 'docker-compose.yml' created: ✅");
    lines.push(...composeBox(subject));
    return lines;
  }
  // A git-like application build (not checked against a real server: the parity project is docker-sourced).
  lines.push(`Building ${subject.appName} (${subject.type})`);
  for (let i = 1; i <= 5; i++) lines.push(`Step ${i}/5 : build step ${i} of ${subject.appName}`);
  return lines;
}

/** The lines a job adds at its end. */
export function endLines(subject: BuildLogSubject, outcome: 'done' | 'error'): string[] {
  if (outcome === 'error') {
    // A failed pull already wrote its reason; any other failure (the scenario's `outcome: error`)
    // writes a build error first.
    if (subject.imageMissing) return FAILURE_LINES;
    return [
      'ERROR: failed to solve: process "/bin/sh -c npm run build" did not complete successfully: exit code: 1',
      ...FAILURE_LINES,
    ];
  }
  if (subject.kind === 'compose') return ['Docker Compose Deployed: ✅'];
  if (subject.sourceType === 'docker') return [];
  return [`Docker service ${subject.appName} updated`];
}

/** The boxen box (double border, width 80, padding 1 left/right/bottom) a compose build prints. */
function composeBox(subject: BuildLogSubject): string[] {
  const inner = 76;
  const content = [
    `App Name: ${subject.appName}`,
    'Build Compose 🐳',
    'Detected: 0 mounts 📂',
    `Command: docker compose -p ${subject.appName} -f docker-compose.yml up -d --build --remove-orphans`,
    `Source Type: docker ${subject.sourceType} ✅`,
    'Compose Type: docker-compose ✅',
  ].flatMap((line) => wrap(line, inner));
  const row = (text: string): string => `║ ${text}${' '.repeat(Math.max(0, inner - width(text)))} ║`;
  return [`╔${'═'.repeat(inner + 2)}╗`, row(''), ...content.map(row), row(''), `╚${'═'.repeat(inner + 2)}╝`];
}

/** Word wrap at `max` columns, as boxen (wrap-ansi) does. */
function wrap(line: string, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const next = current === '' ? word : `${current} ${word}`;
    if (width(next) <= max || current === '') current = next;
    else {
      out.push(current);
      current = word;
    }
  }
  out.push(current);
  return out;
}

/** Terminal columns: emoji count two. */
function width(text: string): number {
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    n += code >= 0x1f000 || code === 0x2705 || code === 0x274c ? 2 : 1;
  }
  return n;
}

function withTag(image: string): string {
  return /:[^/]+$/.test(image) ? image : `${image}:latest`;
}

/** `127.0.0.1:5000/kit/web:v1` → repository `kit/web`, tag `v1` (Docker prints the path without the registry). */
function splitImage(image: string): { repository: string; tag: string } {
  const tagged = withTag(image);
  const at = tagged.lastIndexOf(':');
  const name = tagged.slice(0, at);
  const tag = tagged.slice(at + 1);
  const parts = name.split('/');
  const hasRegistry = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!);
  const path = hasRegistry ? parts.slice(1) : parts;
  return { repository: path.length === 1 ? `library/${path[0]}` : path.join('/'), tag };
}

/** A stable 64-hex "digest" per image. */
function digestOf(image: string): string {
  let h = 2166136261;
  let out = '';
  for (let round = 0; out.length < 64; round++) {
    for (const ch of `${image}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}
