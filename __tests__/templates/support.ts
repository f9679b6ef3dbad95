/**
 * Shared by the template tests: where the workflow tools are, a throwaway repository holding the
 * templates the way an adopter lays them out, and the repository's action.yml files.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ROOT } from '../support/bundle.js';

export { ROOT };

/** The templates folder. */
export const TEMPLATES = join(ROOT, 'workflows-templates');

/** Where each template goes in an adopting repository. */
export const LAYOUT: Record<string, string> = {
  'pipeline.yml': '.github/workflows/pipeline.yml',
  'deploy-stage.yml': '.github/workflows/deploy-stage.yml',
  'monitor.yml': '.github/workflows/monitor.yml',
  'rollback.yml': '.github/workflows/rollback.yml',
  'platforms.yml': '.github/platforms.yml',
  'separation.yml': '.github/separation.yml',
};

/** The pin every template uses for the kit's own actions (`init --kit-ref` rewrites it). */
export const KIT_PIN = '0000000000000000000000000000000000000000';

/**
 * Finds a workflow tool installed by .ci/run: $HOME/go/bin first (go install), then PATH (pip's zizmor).
 * @throws Error naming the tool and the command that installs it
 */
export function tool(name: 'actionlint' | 'act' | 'zizmor'): string {
  const dirs = [join(homedir(), 'go', 'bin'), ...(process.env.PATH ?? '').split(delimiter), pythonScripts()];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  const how = name === 'zizmor' ? 'pip install zizmor' : `go install (see .ci/run)`;
  throw new Error(`${name} is not installed: run .ci/run or ${how}`);
}

/** Where pip puts the scripts of python3's packages (zizmor), even when that is not on PATH. */
function pythonScripts(): string {
  try {
    const code = 'import sysconfig; print(sysconfig.get_path("scripts"))';
    return execFileSync('python3', ['-c', code], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** Copies the templates into a fresh git repository laid out like an adopting one; returns its path. */
export function templateRepo(prefix = 'templates-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  execFileSync('git', ['init', '-q'], { cwd: dir }); // actionlint finds the project by its .git
  for (const [file, target] of Object.entries(LAYOUT)) {
    const source = join(TEMPLATES, file);
    if (!existsSync(source)) continue;
    mkdirSync(join(dir, target, '..'), { recursive: true });
    cpSync(source, join(dir, target));
  }
  return dir;
}

/** Every action.yml of the kit: the root one and actions/<name>/action.yml, as paths relative to ROOT. */
export function actionFiles(): string[] {
  const files = existsSync(join(ROOT, 'action.yml')) ? ['action.yml'] : [];
  const actions = join(ROOT, 'actions');
  if (existsSync(actions)) {
    for (const name of readdirSync(actions).sort()) {
      if (existsSync(join(actions, name, 'action.yml'))) files.push(`actions/${name}/action.yml`);
    }
  }
  return files;
}

/** Reads a file under ROOT. */
export function readRoot(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** Runs a tool; returns its exit code and combined output (never throws on a non-zero exit). */
export function runTool(
  file: string,
  args: string[],
  cwd: string,
): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
