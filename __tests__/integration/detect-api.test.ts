import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock } from '../../src/lib/clock.js';
import { listPullRequestFiles } from '../../src/detect-changed-platforms/github-api.js';
import { toRetryPolicy } from '../../src/lib/retry.js';
import { manualClock } from '../support/clock.js';
import { createGitRunner } from '../../src/lib/git-runner.js';
import { readSettings } from '../../src/detect-changed-platforms/settings.js';
import { detectChanges } from '../../src/detect-changed-platforms/detect.js';
import type { GitHubContext } from '../../src/lib/github-context.js';
import { recordingLogger } from '../support/logger.js';
import { checkoutClone, tempRepo, type TempRepo } from '../support/git.js';

interface ApiFile {
  filename: string;
  status: string;
  previous_filename?: string;
}

/**
 * A stand-in for api.github.com's pull request files endpoint, on 127.0.0.1. `first` scripts the
 * first answers: a status (with GitHub's error body) or 'hang' (the request is never answered).
 */
function fakeGitHub(
  files: ApiFile[],
  options: {
    status?: number;
    /** Headers and message of the `status` answer (default: a missing permission). */
    refusal?: { headers: Record<string, string>; message: string };
    cap?: number;
    first?: (number | 'hang')[];
  } = {},
) {
  const requests: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  const first = [...(options.first ?? [])];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const scripted = first.shift();
    if (scripted === 'hang') return;
    if (scripted !== undefined) {
      res.writeHead(scripted, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Server Error' }));
      return;
    }
    if (options.status) {
      res.writeHead(options.status, { 'content-type': 'application/json', ...options.refusal?.headers });
      res.end(
        JSON.stringify({ message: options.refusal?.message ?? 'Resource not accessible by integration' }),
      );
      return;
    }
    const page = Number(url.searchParams.get('page'));
    const perPage = Number(url.searchParams.get('per_page'));
    const listed = files.slice(0, options.cap ?? files.length);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(listed.slice((page - 1) * perPage, page * perPage)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    requests,
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        ),
      ),
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

function prContext(apiUrl: string, changedFiles: number, baseSha = '', headSha = ''): GitHubContext {
  return {
    eventName: 'pull_request',
    payload: {
      pull_request: {
        number: 42,
        changed_files: changedFiles,
        base: { sha: baseSha, ref: 'main' },
        head: { sha: headSha, ref: 'feature' },
      },
    },
    ref: 'refs/pull/42/merge',
    headRef: 'feature',
    sha: headSha,
    repository: 'acme/mono',
    apiUrl,
    serverUrl: 'https://github.com',
    workflow: 'ci',
    runId: '1',
    runNumber: '1',
    runAttempt: '1',
    actor: 'me',
  };
}

const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('pull request files through the GitHub API', () => {
  it('fails naming the glob and the file when matching runs past its time limit', async () => {
    const name = 'a'.repeat(48);
    const github = fakeGitHub([{ filename: name, status: 'added' }]);
    const apiUrl = await github.start();
    try {
      const settings = readSettings(
        inputs({ filters: "quick: '**'\nstuck: '+(**)/'", token: 'ghs_sekrit' }),
        '/',
      );
      const attempt = detectChanges(settings, prContext(apiUrl, 1), {
        git: () => {
          throw new Error('the API path must not need git');
        },
        fetch: globalThis.fetch,
        clock: systemClock,
        log: recordingLogger(),
        matchTimeLimitMs: 300,
      });
      await expect(attempt).rejects.toThrow(
        `Input 'filters': matching 1 changed file did not finish within 300 ms, stuck testing "+(**)/" on "${name}": ` +
          'a repeated extglob over a wildcard (such as +(**)/) backtracks without end; simplify that glob',
      );
    } finally {
      await github.stop();
    }
  });

  it('pages through the files with the token and maps removed and renamed as dorny does', async () => {
    const files: ApiFile[] = [
      ...Array.from({ length: 150 }, (_, i) => ({ filename: `src/f${i}.ts`, status: 'modified' })),
      { filename: 'docs/gone.md', status: 'removed' },
      { filename: 'src/new.ts', status: 'renamed', previous_filename: 'src/old.ts' },
      { filename: 'bin/tool', status: 'changed' },
    ];
    const github = fakeGitHub(files);
    const apiUrl = await github.start();
    try {
      const settings = readSettings(
        inputs({
          filters: "src: 'src/**'\nadded: [{ added: '**' }]\nchanged: [{ modified: 'bin/**' }]",
          token: 'ghs_sekrit',
        }),
        '/',
      );
      const result = await detectChanges(settings, prContext(apiUrl, files.length), {
        git: () => {
          throw new Error('the API path must not need git');
        },
        fetch: globalThis.fetch,
        clock: systemClock,
        log: recordingLogger(),
      });
      expect(github.requests.map((r) => r.url)).toEqual([
        '/repos/acme/mono/pulls/42/files?per_page=100&page=1',
        '/repos/acme/mono/pulls/42/files?per_page=100&page=2',
      ]);
      expect(github.requests[0]?.headers.authorization).toBe('Bearer ghs_sekrit');
      expect(result.files.slice(150)).toEqual([
        { filename: 'docs/gone.md', status: 'deleted' },
        { filename: 'src/new.ts', status: 'added' },
        { filename: 'src/old.ts', status: 'deleted' },
        { filename: 'bin/tool', status: 'changed' },
      ]);
      expect(result.filterMatches?.get('src')).toHaveLength(152);
      expect(result.filterMatches?.get('added')?.map((f) => f.filename)).toEqual(['src/new.ts']);
      // A 'changed' status does not satisfy a 'modified' rule, exactly as in dorny.
      expect(result.filterMatches?.get('changed')).toEqual([]);
    } finally {
      await github.stop();
    }
  });

  it('a 403 fails with one line naming the permission to add, and never the token', async () => {
    const github = fakeGitHub([], { status: 403 });
    const apiUrl = await github.start();
    try {
      const settings = readSettings(inputs({ filters: "src: 'src/**'", token: 'ghs_sekrit' }), '/');
      const attempt = detectChanges(settings, prContext(apiUrl, 1), {
        git: () => {
          throw new Error('no git');
        },
        fetch: globalThis.fetch,
        clock: systemClock,
        log: recordingLogger(),
      });
      await expect(attempt).rejects.toThrow(
        "GitHub GET /repos/acme/mono/pulls/42/files answered 403 (Resource not accessible by integration): give the job 'pull-requests: read' permission, or set token: '' to detect changes with git",
      );
      await attempt.catch((error: Error) => expect(error.message).not.toContain('sekrit'));
    } finally {
      await github.stop();
    }
  });

  it('past the API cap of 3,000 files it detects with git instead and says so', async () => {
    const origin = tempRepo('main');
    repos.push(origin);
    const baseSha = origin.commit('base', { 'README.md': 'r' });
    origin.git('checkout', '-q', '-b', 'feature');
    const many = Object.fromEntries(Array.from({ length: 3005 }, (_, i) => [`src/f${i}.ts`, String(i)]));
    const headSha = origin.commit('many files', many);
    const clone = checkoutClone(origin, 'feature', 1);
    repos.push(clone);
    const apiFiles = Object.keys(many).map((filename) => ({ filename, status: 'added' }));
    const github = fakeGitHub(apiFiles, { cap: 3000 });
    const apiUrl = await github.start();
    try {
      const log = recordingLogger();
      const settings = readSettings(inputs({ filters: "src: 'src/**'", token: 'ghs_sekrit' }), clone.dir);
      const result = await detectChanges(settings, prContext(apiUrl, 3005, baseSha, headSha), {
        git: () => createGitRunner(clone.dir, () => undefined, process.env),
        fetch: globalThis.fetch,
        clock: systemClock,
        log,
      });
      expect(github.requests).toHaveLength(30);
      expect(result.files).toHaveLength(3005);
      expect(result.filterMatches?.get('src')).toHaveLength(3005);
      expect(log.text()).toContain(
        'warning: The GitHub API lists at most 3000 files of a pull request and #42 changes 3005: detecting the changes with git instead',
      );
    } finally {
      await github.stop();
    }
  });

  it("retries a 502 from GitHub's files API with the kit's backoff and uses the answer that follows", async () => {
    const github = fakeGitHub([{ filename: 'src/a.ts', status: 'modified' }], { first: [502] });
    const apiUrl = await github.start();
    try {
      const log = recordingLogger();
      const clock = manualClock();
      const settings = readSettings(inputs({ filters: "src: 'src/**'", token: 'ghs_sekrit' }), '/');
      const result = await detectChanges(settings, prContext(apiUrl, 1), {
        git: () => {
          throw new Error('the API path must not need git');
        },
        fetch: globalThis.fetch,
        clock,
        log,
      });
      expect(github.requests).toHaveLength(2);
      expect(result.files).toEqual([{ filename: 'src/a.ts', status: 'modified' }]);
      expect(clock.sleeps).toEqual([450]);
      expect(log.text()).toContain(
        'info: GitHub GET /repos/acme/mono/pulls/42/files: attempt 1 of 4 failed (502 Bad Gateway); retrying in 450ms',
      );
      expect(log.text()).not.toContain('sekrit');
    } finally {
      await github.stop();
    }
  });

  it('a GitHub answer that never comes times out with one clear line', async () => {
    const github = fakeGitHub([], { first: ['hang', 'hang'] });
    const apiUrl = await github.start();
    try {
      const clock = manualClock();
      const request = { apiUrl, owner: 'acme', repo: 'mono', pullNumber: 42, token: 'ghs_sekrit' };
      const options = { policy: toRetryPolicy({ maxAttempts: 2 }), attemptTimeoutMs: 100 };
      const error = await listPullRequestFiles(
        request,
        { clock, fetch: globalThis.fetch, log: recordingLogger() },
        options,
      ).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        "GitHub GET /repos/acme/mono/pulls/42/files failed (no answer within 100ms, 2 attempts): check that the runner reaches the GitHub API (behind a proxy, set HTTPS_PROXY), or set token: '' to detect changes with git",
      );
      expect(github.requests).toHaveLength(2);
      expect(clock.sleeps).toEqual([450]);
    } finally {
      await github.stop();
    }
  });

  it('a used-up rate limit says when it resets and how to go on without GitHub, in one line', async () => {
    const github = fakeGitHub([], {
      status: 403,
      refusal: {
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000000' },
        message: 'API rate limit exceeded for installation ID 4242.',
      },
    });
    const apiUrl = await github.start();
    try {
      const request = { apiUrl, owner: 'acme', repo: 'mono', pullNumber: 42, token: 'ghs_sekrit' };
      const error = await listPullRequestFiles(request, {
        clock: manualClock(),
        fetch: globalThis.fetch,
        log: recordingLogger(),
      }).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        "GitHub GET /repos/acme/mono/pulls/42/files answered 403 (API rate limit exceeded for installation ID 4242.): the token's rate limit is used up until 2023-11-14T22:13:20.000Z: re-run the job after it resets, or set token: '' to detect changes with git",
      );
      expect(github.requests).toHaveLength(1);
    } finally {
      await github.stop();
    }
  });
});
