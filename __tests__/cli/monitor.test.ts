/**
 * `dokploy-deploy monitor` (the CLI bundle): real HTTP and TCP servers on 127.0.0.1 as health targets,
 * the local stand-in for GitHub's issues API, a webhook receiver, and the separation fixture's
 * platform servers. One run opens an incident per failing platform and environment, a run within the
 * comment interval leaves it be, one after it comments, recovery closes it with the downtime; a dry
 * run (or no token) changes nothing; GitHub's refusals and bad options end in one line; no secret is
 * ever printed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { incidentMarker } from '../../src/report-incident/incident.js';
import {
  PLATFORM_TOKENS,
  startPlatformServers,
  type PlatformServers,
} from '../fixtures/separation/servers.js';
import { machineNode, ROOT } from '../support/bundle.js';
import {
  startFakeGitHub,
  startWebhookReceiver,
  type FakeGitHub,
  type StoredIssue,
} from '../support/github-api.js';

const run = promisify(execFile);
const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const TOKEN = 'ghs_monitorCliSekrit0451';
const HOUR = 3_600_000;
const LABEL = 'dokploy-incident';

/** What each health path answers; the tests flip them. */
const answers: Record<string, number> = {};
let healthHits = 0;
let health: HttpServer;
let database: TcpServer;
let dir: string;
let github: FakeGitHub | undefined;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  health = createHttpServer((req, res) => {
    healthHits++;
    const status = answers[req.url ?? ''] ?? 404;
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'starting');
  });
  await new Promise<void>((done) => health.listen(0, '127.0.0.1', done));
  database = createTcpServer((socket) => socket.end());
  await new Promise<void>((done) => database.listen(0, '127.0.0.1', done));
  const http = `http://127.0.0.1:${(health.address() as AddressInfo).port}`;
  const tcp = `tcp://127.0.0.1:${(database.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'monitor-cli-'));
  mkdirSync(join(dir, '.github'));
  writeFileSync(
    join(dir, '.github', 'platforms.yml'),
    stringify({
      platforms: {
        web: {
          paths: ['web/**'],
          deploy: { kind: 'application', production: { id: 'app-web' }, staging: { id: 'app-web-stg' } },
          health: [`${http}/web/health`],
        },
        api: {
          paths: ['api/**'],
          deploy: { kind: 'application', production: { id: 'app-api' } },
          health: [`${http}/api/health`, tcp],
        },
        // No health targets: nothing to probe, so no check of its own.
        docs: { paths: ['docs/**'], deploy: { kind: 'application', production: { id: 'app-docs' } } },
      },
    }),
  );
});

afterAll(async () => {
  await new Promise((done) => health.close(done));
  await new Promise((done) => database.close(done));
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await github?.stop();
  github = undefined;
  for (const stop of stops.splice(0)) await stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the monitor in `cwd` with only the variables given (never the test's own GITHUB_TOKEN). */
async function monitor(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = dir,
): Promise<Run> {
  const all = { PATH: process.env.PATH ?? '', ...env };
  try {
    const { stdout, stderr } = await run(machineNode(), [CLI, 'monitor', '--timeout', '1s', ...args], {
      cwd,
      env: all as NodeJS.ProcessEnv,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function startGitHub(): Promise<FakeGitHub> {
  github = await startFakeGitHub({ token: TOKEN, now: () => Date.now() });
  return github;
}

/** web answers 200, api's HTTP target 503 (its TCP target stays up). */
function apiIsDown(): void {
  answers['/web/health'] = 200;
  answers['/api/health'] = 503;
}

/** A webhook receiver, stopped after the test. */
async function startHook(): Promise<Awaited<ReturnType<typeof startWebhookReceiver>>> {
  const hook = await startWebhookReceiver();
  stops.push(hook.stop);
  return hook;
}

const gitHubEnv = (api: FakeGitHub, extra: Record<string, string> = {}) => ({
  GITHUB_TOKEN: TOKEN,
  GITHUB_REPOSITORY: 'acme/mono',
  GITHUB_API_URL: api.url,
  ...extra,
});

/** The requests that change something on GitHub. */
const writes = (api: FakeGitHub) => api.requests.filter((r) => r.method !== 'GET');

/** An incident issue as an earlier run would have left it, opened `agoMs` before now. */
function seedIncident(api: FakeGitHub, subject: string, environment: string, agoMs: number): StoredIssue {
  return api.seed({
    title: `Incident: ${subject} in ${environment}`,
    body: `${incidentMarker(subject, environment)}\n\nopened by an earlier run`,
    labels: [LABEL],
    created_at: new Date(Date.now() - agoMs).toISOString(),
  });
}

describe('dokploy-deploy monitor', () => {
  it('opens an incident for the failing platform, leaves it be within the hour, and closes it with the downtime on recovery', async () => {
    const api = await startGitHub();
    apiIsDown();

    const down = await monitor([], gitHubEnv(api));
    expect(down.stderr).toBe('');
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(
      /^Checking 2 platforms in production, staging, development \(timeout 1\.0s\); incidents in acme\/mono\.\n/,
    );
    // The table: each target with its state, latency and answer; the incident on the platform's first row.
    expect(down.stdout).toMatch(/\nenvironment\s+platform\s+target\s+state\s+latency\s+answer\s+incident\n/);
    expect(down.stdout).toMatch(
      /\nproduction\s+web\s+http:\/\/127\.0\.0\.1:\d+\/web\/health\s+✔ healthy\s+\d+ms\s+HTTP 200\n/,
    );
    expect(down.stdout).toMatch(
      /\nproduction\s+api\s+http:\/\/127\.0\.0\.1:\d+\/api\/health\s+✘ unhealthy\s+\d+ms\s+HTTP 503\s+opened #1\n/,
    );
    expect(down.stdout).toMatch(/\n\s+tcp:\/\/127\.0\.0\.1:\d+\s+✔ healthy\s+\d+ms\s+\S.*\n/);
    expect(down.stdout).toMatch(/\nstaging\s+web\s+http:\/\/127\.0\.0\.1:\d+\/web\/health\s+✔ healthy\s/);
    expect(down.stdout).toMatch(/\n1 of 3 checks failing: api in production; incidents: 1 opened \(\S+\)\n$/);
    // The same issue the action opens: title, label, marker, the targets table.
    expect(api.issues).toHaveLength(1);
    const issue = api.issues[0] as StoredIssue;
    expect(issue).toMatchObject({ title: 'Incident: api in production', labels: [LABEL], state: 'open' });
    expect(issue.body).toContain(incidentMarker('api', 'production'));
    expect(issue.body).toContain('1 of 2 targets unhealthy');
    expect(issue.body).toMatch(
      /\| `http:\/\/127\.0\.0\.1:\d+\/api\/health` \| ❌ unhealthy \| \d+ms \| HTTP 503/,
    );

    // Within the comment interval: no comment, the table says so.
    const writesBefore = writes(api).length;
    const still = await monitor([], gitHubEnv(api));
    expect(still.code).toBe(1);
    expect(writes(api)).toHaveLength(writesBefore);
    expect(issue.comments).toEqual([]);
    expect(still.stdout).toMatch(/\s+HTTP 503\s+#1 open, down \S+ \(reported on within the interval\)\n/);
    expect(still.stdout).toMatch(/; incidents: 1 still open \(\S+\)\n$/);

    // Recovered: closed as completed, with the downtime in the closing comment.
    answers['/api/health'] = 200;
    const up = await monitor([], gitHubEnv(api));
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(issue).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]?.body).toMatch(/Recovered: the checks pass again at .+ Downtime: \d/);
    expect(up.stdout).toMatch(/\s+HTTP 200\s+closed #1, downtime \S+\n/);
    expect(up.stdout).toMatch(/\nAll 3 checks healthy; incidents: 1 closed \(\S+\)\n$/);
    expect(api.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(
      `${down.stdout}${down.stderr}${still.stdout}${still.stderr}${up.stdout}${up.stderr}`,
    ).not.toContain(TOKEN);
  });

  it('comments on an incident last reported on over an hour ago, once, and posts it to the webhook', async () => {
    const api = await startGitHub();
    const hook = await startHook();
    apiIsDown();
    const issue = seedIncident(api, 'api', 'production', 2 * HOUR + 5_000);
    const env = gitHubEnv(api, { MONITOR_WEBHOOK_URL: hook.url });

    const first = await monitor(['--environment', 'production'], env);
    expect(first.code).toBe(1);
    expect(api.issues).toHaveLength(1); // no second issue for the same incident
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]?.body).toContain('Still failing after 2h 00m');
    expect(first.stdout).toMatch(/\s+HTTP 503\s+commented on #1, down 2h 00m\n/);
    expect(first.stdout).toMatch(/; incidents: 1 commented on \(\S+\)\n$/);
    expect(hook.received).toEqual([
      {
        text: '🟠 api in production still failing after 2h 00m: 1 of 2 targets unhealthy. https://github.com/acme/mono/issues/1',
      },
    ]);

    const second = await monitor(['--environment', 'production'], env);
    expect(second.code).toBe(1);
    expect(issue.comments).toHaveLength(1);
    expect(hook.received).toHaveLength(1);
    expect(second.stdout).toContain('#1 open, down 2h 00m (reported on within the interval)');
    // The webhook URL's path is its key: never shown.
    const printed = `${first.stdout}${first.stderr}${second.stdout}${second.stderr}`;
    expect(printed).not.toContain('sekritWebhookKey');
    expect(printed).not.toContain(TOKEN);
  });

  it('--dry-run reads the open incidents and prints what it would open and close, changing nothing', async () => {
    const api = await startGitHub();
    const hook = await startHook();
    apiIsDown();
    const open = seedIncident(api, 'web', 'staging', 10 * 60_000);

    const dry = await monitor(['--dry-run'], gitHubEnv(api, { MONITOR_WEBHOOK_URL: hook.url }));
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('; incidents in acme/mono (dry run: nothing is changed).\n');
    expect(dry.stdout).toMatch(/\s+HTTP 503\s+would open an incident\n/);
    expect(dry.stdout).toMatch(
      /\nstaging\s+web\s+\S+\s+✔ healthy\s+\d+ms\s+HTTP 200\s+would close #1, downtime 10m 0\ds\n/,
    );
    expect(dry.stdout).toMatch(
      /; dry run, nothing changed on GitHub; incidents: 1 to open, 1 to close \(\S+\)\n$/,
    );
    expect(api.requests.length).toBeGreaterThan(0);
    expect(writes(api)).toEqual([]);
    expect(api.issues).toEqual([open]);
    expect(open.state).toBe('open');
    expect(hook.received).toEqual([]);
  });

  it('without GITHUB_TOKEN probes and prints the table but asks GitHub nothing', async () => {
    const api = await startGitHub();
    apiIsDown();
    const hits = healthHits;
    const result = await monitor([], { GITHUB_REPOSITORY: 'acme/mono', GITHUB_API_URL: api.url });
    expect(result.code).toBe(1);
    expect(healthHits).toBeGreaterThan(hits);
    expect(api.requests).toEqual([]);
    expect(result.stdout).toContain('; GITHUB_TOKEN is not set: a dry run, GitHub is not asked.\n');
    expect(result.stdout).toMatch(/\s+HTTP 503\s+would open or comment \(GitHub not asked\)\n/);
    expect(result.stdout).toMatch(/; GITHUB_TOKEN is not set: GitHub not asked, nothing changed \(\S+\)\n$/);
  });

  it('a used-up rate limit ends in one line saying when it resets, after the table, and opens nothing', async () => {
    const api = await startGitHub();
    apiIsDown();
    api.script({
      status: 403,
      message: 'API rate limit exceeded for installation ID 77.',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1893456000' },
    });
    const result = await monitor(['--environment', 'production'], gitHubEnv(api));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "dokploy-deploy monitor: GitHub GET /repos/acme/mono/issues answered 403 (API rate limit exceeded for installation ID 77.): the token's rate limit is used up until 2030-01-01T00:00:00.000Z: the next run reports again, or run less often\n",
    );
    // The probes' outcome is still shown; no check after the refusal asked GitHub again.
    expect(result.stdout).toMatch(/\s+HTTP 503\s+not reported \(GitHub failed\)\n/);
    expect(result.stdout).toMatch(/; incidents: none \(GitHub failed\) \(\S+\)\n$/);
    expect(api.requests).toHaveLength(1);
    expect(api.issues).toEqual([]);
  });

  it("a 403 names the permission in one line, and masks the token even where GitHub's message echoes it", async () => {
    const api = await startGitHub();
    answers['/web/health'] = 200;
    answers['/api/health'] = 200;
    seedIncident(api, 'api', 'production', 60_000);
    api.script({
      status: 403,
      message: `Resource not accessible by integration (token ${TOKEN})`,
      method: 'POST',
    });
    const result = await monitor(['--environment', 'production'], gitHubEnv(api));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'dokploy-deploy monitor: GitHub POST /repos/acme/mono/issues/1/comments answered 403 (Resource not accessible by integration (token ***)): give GITHUB_TOKEN write access to issues (a fine-grained token: Issues read and write) on this repository\n',
    );
    expect(result.stdout).not.toContain(TOKEN);
    expect(api.issues[0]?.state).toBe('open');
  });

  it('opens the separation incident when the platforms are not kept apart, and masks the test credentials', async () => {
    const servers: PlatformServers = await startPlatformServers('token-accepted');
    stops.push(() => servers.close());
    const api = await startGitHub();
    const repo = mkdtempSync(join(tmpdir(), 'monitor-separation-'));
    stops.push(async () => rmSync(repo, { recursive: true, force: true }));
    mkdirSync(join(repo, '.github'));
    const platform = (name: 'bizoholic' | 'coreldove') => ({
      paths: [`${name}/**`],
      deploy: { kind: 'application', production: { id: `app-${name}` } },
      health: [`${servers.urls[name]}/api/health`],
    });
    writeFileSync(
      join(repo, '.github', 'platforms.yml'),
      stringify({
        environments: { main: 'production' },
        platforms: { bizoholic: platform('bizoholic'), coreldove: platform('coreldove') },
      }),
    );
    writeFileSync(join(repo, '.github', 'separation.yml'), servers.spec('production'));
    const env = gitHubEnv(api, servers.env());

    const result = await monitor([], env, repo);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Checking 2 platforms and the separation checks in production');
    expect(result.stdout).toMatch(/\nproduction\s+bizoholic\s+\S+\/api\/health\s+✔ healthy\s/);
    expect(result.stdout).toMatch(
      /\nproduction\s+separation\s+separation checks\s+✘ failed\s+\S+\s+\d+ of \d+ separation checks failed in production; first: .*opened #1\n/,
    );
    expect(result.stdout).toMatch(/\n1 of 3 checks failing: separation in production; incidents: 1 opened/);
    expect(api.issues.map((i) => i.title)).toEqual(['Incident: separation in production']);
    expect(api.issues[0]?.body).toMatch(/\n\d+ separation check\\\(s\\\) failed(\n|$)/);
    for (const token of Object.values(PLATFORM_TOKENS))
      expect(`${result.stdout}${result.stderr}`).not.toContain(token);

    const without = await monitor(['--no-separation'], env, repo);
    expect(without.code).toBe(0);
    expect(without.stdout).not.toContain('separation checks');
    expect(without.stdout).toMatch(/\nAll 2 checks healthy; incidents: none \(\S+\)\n$/);
  });

  it('says there is nothing to monitor when no platform has health targets in the environment', async () => {
    const result = await monitor(['--environment', 'development']);
    expect(result).toEqual({
      code: 0,
      stdout: 'Nothing to monitor in development: no platform has health targets there.\n',
      stderr: '',
    });
  });

  describe('bad input ends in one line naming the option, exit 2, before any probe or request', () => {
    const cases: [string, string[], Record<string, string>, string][] = [
      [
        'a timeout that is no duration',
        ['--timeout', 'soon'],
        {},
        "Option --timeout is 'soon': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)",
      ],
      [
        'an environment the manifest does not map',
        ['--environment', 'production,qa'],
        {},
        "Option --environment is 'production,qa': use one or more of production, staging, development, comma-separated",
      ],
      [
        'a repository that is not owner/name',
        ['--repository', 'acme'],
        {},
        "Option --repository is 'acme': use owner/name, e.g. acme/mono",
      ],
      [
        'a token without a repository',
        [],
        { GITHUB_REPOSITORY: '' },
        'Option --repository: is required with GITHUB_TOKEN: give the owner/name whose issues keep the incidents, or set GITHUB_REPOSITORY',
      ],
      [
        'a zero comment interval',
        ['--comment-interval', '0'],
        {},
        "Option --comment-interval is '0': use a duration greater than zero, such as 500ms, 5s or 2m",
      ],
      [
        'a label GitHub would refuse',
        ['--label', 'a,b'],
        {},
        "Option --label is 'a,b': use a GitHub label name: at most 50 characters, no comma",
      ],
      [
        'a webhook that is no URL (its value never quoted)',
        [],
        { MONITOR_WEBHOOK_URL: 'hooks.example/sekritWebhookKey' },
        'Environment variable MONITOR_WEBHOOK_URL: is not an http(s) URL: give the webhook URL your chat tool issued',
      ],
      [
        'an option the command does not know',
        ['--bogus'],
        {},
        "Unknown option '--bogus'; see 'dokploy-deploy monitor --help'",
      ],
    ];
    it.each(cases)('%s', async (_title, args, extra, line) => {
      const api = await startGitHub();
      const hits = healthHits;
      const result = await monitor(args, gitHubEnv(api, extra));
      expect(result).toEqual({ code: 2, stdout: '', stderr: `dokploy-deploy monitor: ${line}\n` });
      expect(api.requests).toEqual([]);
      expect(healthHits).toBe(hits);
    });

    it('a manifest that does not exist', async () => {
      const result = await monitor(['--manifest', 'nowhere.yml'], { GITHUB_TOKEN: TOKEN });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^dokploy-deploy monitor: Option --manifest is 'nowhere\.yml': [^\n]+\n$/,
      );
      expect(result.stderr).not.toContain(TOKEN);
    });
  });

  it('--help names every option with its default', async () => {
    const help = await monitor(['--help']);
    expect(help.code).toBe(0);
    for (const option of [
      '--environment',
      '--manifest',
      '--spec',
      '--no-separation',
      '--repository',
      '--dry-run',
      '-C',
    ])
      expect(help.stdout).toMatch(new RegExp(`\\n  ${option} [^\\n]*\\S`));
    expect(help.stdout).toMatch(/--timeout DUR\s+.*\(default 2m\)/);
    expect(help.stdout).toMatch(/--interval DUR\s+.*\(default 5s\)/);
    expect(help.stdout).toMatch(/--comment-interval DUR\s+.*\(default 1h\)/);
    expect(help.stdout).toMatch(/--label NAME\s+.*\(default dokploy-incident\)/);
    expect(help.stdout).toContain('GITHUB_TOKEN');
    expect(help.stdout).toContain('MONITOR_WEBHOOK_URL');
  });
});
