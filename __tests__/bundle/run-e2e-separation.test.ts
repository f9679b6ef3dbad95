/** Runs dist/run-e2e-separation/index.js like the runner, under Node 20 and Node 24, against the fixture. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { nodeBinaries, runBundle, type BundleRun } from '../support/bundle.js';
import {
  PLATFORM_TOKENS,
  startPlatformServers,
  type PlatformServers,
} from '../fixtures/separation/servers.js';

/** Everything the run wrote except the `::add-mask::` commands, which is how the runner learns the secrets. */
function shown(run: BundleRun): string {
  return run.everything
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

function workspace(servers: PlatformServers): string {
  const dir = mkdtempSync(join(tmpdir(), 'separation-ws-'));
  mkdirSync(join(dir, '.github'));
  writeFileSync(join(dir, '.github', 'separation.yml'), servers.spec('local'));
  return dir;
}

describe.each(nodeBinaries())('run-e2e-separation bundle under $label', ({ path: node }) => {
  it('passes on the correct platforms, writing outputs, a JUnit report and the summary', async () => {
    const servers = await startPlatformServers('correct');
    try {
      const cwd = workspace(servers);
      const run = await runBundle('run-e2e-separation', {
        inputs: { environment: 'local' },
        env: servers.env(),
        cwd,
        node,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.outputs).toEqual({
        passed: 'true',
        'failed-count': '0',
        report: join(cwd, 'separation-junit.xml'),
      });
      const junit = readFileSync(join(cwd, 'separation-junit.xml'), 'utf8');
      expect(XMLValidator.validate(junit)).toBe(true);
      expect(junit).toContain(
        '<testsuites name="platform separation (local)" tests="31" failures="0" errors="0" skipped="2"',
      );
      expect(run.summary).toContain('✅ 29 passed, 0 failed, 2 skipped of 31 checks.');
      for (const token of Object.values(PLATFORM_TOKENS)) {
        expect(run.stdout).toContain(`::add-mask::${token}`);
        expect(shown(run)).not.toContain(token);
        expect(junit).not.toContain(token);
      }
    } finally {
      await servers.close();
    }
  });

  it('fails with the rule and the evidence when a platform accepts a foreign token', async () => {
    const servers = await startPlatformServers('token-accepted');
    try {
      const cwd = workspace(servers);
      const run = await runBundle('run-e2e-separation', {
        inputs: { environment: 'local', report: 'reports/separation.xml' },
        env: servers.env(),
        cwd,
        node,
      });
      expect(run.code).toBe(1);
      expect(run.outputs).toEqual({
        passed: 'false',
        'failed-count': '1',
        report: join(cwd, 'reports', 'separation.xml'),
      });
      const message = `coreldove's endpoint /api/me accepted bizoholic's credential (BIZOHOLIC_E2E_TOKEN): GET ${servers.urls.coreldove}/api/me answered 200, expected 401 or 403`;
      expect(run.stdout).toContain(
        `::error::[foreign-credential] coreldove rejects bizoholic's credential: ${message}`,
      );
      expect(run.stdout).toContain(
        `::error::1 of 31 separation checks failed in local; first: [foreign-credential] ${message}`,
      );
      expect(readFileSync(join(cwd, 'reports', 'separation.xml'), 'utf8')).toContain(
        '<failure type="foreign-credential"',
      );
      for (const token of Object.values(PLATFORM_TOKENS)) expect(shown(run)).not.toContain(token);
    } finally {
      await servers.close();
    }
  });

  it('catches a client-rendered marker in browser mode, driving chromium', async () => {
    const servers = await startPlatformServers('client-rendered');
    try {
      const run = await runBundle('run-e2e-separation', {
        inputs: { environment: 'local', browser: 'true', 'executable-path': '/usr/bin/chromium' },
        env: servers.env(),
        cwd: workspace(servers),
        node,
      });
      expect(run.code).toBe(1);
      expect(run.outputs.passed).toBe('false');
      expect(run.outputs['failed-count']).toBe('1');
      expect(run.stdout).toContain(
        "::error::1 of 31 separation checks failed in local; first: [foreign-markers] coreldove's page / contains bizoholic's marker 'Bizoholic' in its rendered page:",
      );
      expect(run.stdout).toContain('Partner offer from Bizoholic');
      for (const token of Object.values(PLATFORM_TOKENS)) expect(shown(run)).not.toContain(token);
    } finally {
      await servers.close();
    }
  });

  it('stops on SIGTERM with one line and leaves no browser behind', async () => {
    const servers = await startPlatformServers('correct');
    const temp = mkdtempSync(join(tmpdir(), 'separation-cancel-'));
    try {
      const run = await runBundle('run-e2e-separation', {
        inputs: { environment: 'local', browser: 'true', 'executable-path': '/usr/bin/chromium' },
        env: { ...servers.env(), TMPDIR: temp },
        cwd: workspace(servers),
        node,
        signal: { name: 'SIGTERM', afterOutput: /\[own-markers\] bizoholic/ },
      });
      expect(run.code).toBe(1);
      const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^::error::Cancelled while (waiting|requesting http:\/\/127\.0\.0\.1:\d+\/\S*)$/,
      );
      expect(run.outputs).toEqual({});
      // The browser's profile lived under TMPDIR: no process may still use it, and it is gone.
      const left = execFileSync('ps', ['-eo', 'args'])
        .toString()
        .split('\n')
        .filter((l) => l.includes(temp));
      expect(left).toEqual([]);
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      await servers.close();
    }
  });

  it('fails in one line when the browser does not start', async () => {
    const servers = await startPlatformServers('correct');
    try {
      const run = await runBundle('run-e2e-separation', {
        inputs: { environment: 'local', browser: 'true', 'executable-path': '/bin/false' },
        env: servers.env(),
        cwd: workspace(servers),
        node,
      });
      expect(run.code).toBe(1);
      expect(run.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([
        "::error::Input 'executable-path' is '/bin/false': the browser did not start (exited with code 1)",
      ]);
      expect(servers.requests).toEqual([]);
    } finally {
      await servers.close();
    }
  });

  it('fails in one line, before any request, when a credential variable is not set', async () => {
    const servers = await startPlatformServers('correct');
    try {
      const env = servers.env();
      delete env.CORELDOVE_E2E_TOKEN;
      const run = await runBundle('run-e2e-separation', {
        inputs: { environment: 'local' },
        env,
        cwd: workspace(servers),
        node,
      });
      expect(run.code).toBe(1);
      expect(run.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([
        "::error::Separation spec field 'platforms.coreldove.auth.credential': names the environment variable CORELDOVE_E2E_TOKEN, which is not set; map the secret into this step, e.g. env: { CORELDOVE_E2E_TOKEN: ${{ secrets.CORELDOVE_E2E_TOKEN }} }",
      ]);
      expect(run.outputs).toEqual({});
      expect(servers.requests).toEqual([]);
      expect(shown(run)).not.toContain(PLATFORM_TOKENS.bizoholic);
    } finally {
      await servers.close();
    }
  });
});
