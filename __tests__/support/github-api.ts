/**
 * A local stand-in for GitHub's REST API for issues and comments (the parts the kit calls), on
 * 127.0.0.1 port 0: issues listed by state and label and paged, created, commented on, closed, with
 * comments filtered by `since` as GitHub does (update time). It checks the bearer token, records every
 * request, and can be scripted to answer the next requests with a status and headers (a 403 rate limit,
 * a 502) or never. Times come from `now`, so tests driven by a manual clock see consistent dates.
 * Also deployments and their statuses (created, listed with their statuses, GitHub's `auto_inactive`
 * for non-transient environments), and a webhook receiver that records what was posted to it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** An issue as the stand-in stores it. */
export interface StoredIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  state_reason: string | null;
  created_at: string;
  pull_request?: { url: string };
  comments: { body: string; created_at: string; updated_at: string }[];
}

/** One request the stand-in received. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  authorization: string;
  body: unknown;
}

/**
 * A scripted answer: a status with GitHub's error JSON and headers, or `hang` (never answered); for
 * the next request of `method` when given, else for the next request.
 */
export interface ScriptedAnswer {
  status: number | 'hang';
  message?: string;
  headers?: Record<string, string>;
  method?: string;
}

/** A deployment as the stand-in stores it, with its statuses oldest first. */
export interface StoredDeployment {
  id: number;
  ref: string;
  environment: string;
  transient_environment: boolean;
  production_environment: boolean;
  description: string;
  statuses: { state: string; description: string; log_url?: string; environment_url?: string }[];
}

/** The running stand-in. */
export interface FakeGitHub {
  url: string;
  issues: StoredIssue[];
  deployments: StoredDeployment[];
  requests: RecordedRequest[];
  /** Answers the next requests with these, in order, before behaving normally again. */
  script(...answers: ScriptedAnswer[]): void;
  /** Adds an issue as if it had been opened earlier (e.g. by a previous run, then closed by hand). */
  seed(issue: Partial<StoredIssue> & Pick<StoredIssue, 'title'>): StoredIssue;
  stop(): Promise<void>;
}

/**
 * Starts the stand-in for repository `repository`, accepting `token` only.
 * @example const github = await startFakeGitHub({ token: 'ghs_x', now: () => clock.now() });
 */
export async function startFakeGitHub(options: {
  token: string;
  now: () => number;
  repository?: string;
}): Promise<FakeGitHub> {
  const repo = `/repos/${options.repository ?? 'acme/mono'}`;
  const issues: StoredIssue[] = [];
  const deployments: StoredDeployment[] = [];
  const requests: RecordedRequest[] = [];
  const scripted: ScriptedAnswer[] = [];
  const iso = (): string => new Date(options.now()).toISOString();
  let base = '';
  const view = (issue: StoredIssue): Record<string, unknown> => ({
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state_reason,
    labels: issue.labels.map((name) => ({ name })),
    created_at: issue.created_at,
    html_url: `https://github.com${repo.slice(6)}/issues/${issue.number}`,
    url: `${base}${repo}/issues/${issue.number}`,
    ...(issue.pull_request ? { pull_request: issue.pull_request } : {}),
  });
  const seed: FakeGitHub['seed'] = (partial) => {
    const issue: StoredIssue = {
      number: issues.length + 1,
      body: '',
      labels: [],
      state: 'open',
      state_reason: null,
      created_at: iso(),
      comments: [],
      ...partial,
    };
    issues.push(issue);
    return issue;
  };
  const handle = (req: IncomingMessage, text: string, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body: unknown = text ? JSON.parse(text) : undefined;
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization ?? '',
      body,
    });
    const answer = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    const at = scripted.findIndex((s) => s.method === undefined || s.method === req.method);
    const next = at >= 0 ? scripted.splice(at, 1)[0] : undefined;
    if (next?.status === 'hang') return;
    if (next) return answer(next.status, { message: next.message ?? 'Scripted' }, next.headers);
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return answer(401, { message: 'Bad credentials' });
    const input = (body ?? {}) as Record<string, unknown>;
    const deploymentPath = /^\/deployments(?:\/(\d+)\/statuses)?$/.exec(url.pathname.slice(repo.length));
    if (url.pathname.startsWith(repo) && deploymentPath && req.method === 'POST') {
      if (!deploymentPath[1]) {
        const created: StoredDeployment = {
          id: 1000 + deployments.length,
          ref: String(input.ref),
          environment: String(input.environment ?? 'production'),
          transient_environment: input.transient_environment === true,
          production_environment: input.production_environment === true,
          description: String(input.description ?? ''),
          statuses: [],
        };
        deployments.push(created);
        return answer(201, { id: created.id, ref: created.ref, environment: created.environment });
      }
      const deployment = deployments.find((d) => d.id === Number(deploymentPath[1]));
      if (!deployment) return answer(404, { message: 'Not Found' });
      const status = {
        state: String(input.state),
        description: String(input.description ?? ''),
        ...(typeof input.log_url === 'string' ? { log_url: input.log_url } : {}),
        ...(typeof input.environment_url === 'string' ? { environment_url: input.environment_url } : {}),
      };
      deployment.statuses.push(status);
      // GitHub's auto_inactive: a success marks the environment's older non-transient deployments inactive.
      if (status.state === 'success' && input.auto_inactive !== false) {
        for (const other of deployments) {
          const last = other.statuses.at(-1)?.state;
          if (
            other !== deployment &&
            other.environment === deployment.environment &&
            !other.transient_environment &&
            last === 'success'
          )
            other.statuses.push({ state: 'inactive', description: '' });
        }
      }
      return answer(201, { id: deployment.statuses.length, ...status });
    }
    const match = /^\/issues(?:\/(\d+))?(\/comments)?$/.exec(url.pathname.slice(repo.length));
    if (!url.pathname.startsWith(repo) || !match) return answer(404, { message: 'Not Found' });
    const issue = match[1] ? issues.find((i) => i.number === Number(match[1])) : undefined;
    if (match[1] && !issue) return answer(404, { message: 'Not Found' });
    if (!match[1] && req.method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const listed = issues
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => labels.every((l) => i.labels.includes(l)))
        .sort((a, b) => b.number - a.number); // GitHub's default: newest first
      return answer(200, listed.slice((page - 1) * perPage, page * perPage).map(view));
    }
    if (!match[1] && req.method === 'POST') {
      const created = seed({
        title: String(input.title),
        body: String(input.body ?? ''),
        labels: (input.labels as string[] | undefined) ?? [],
      });
      return answer(201, view(created));
    }
    if (issue && match[2] && req.method === 'GET') {
      const since = url.searchParams.get('since');
      const listed = issue.comments.filter((c) => !since || c.updated_at >= since);
      return answer(200, listed);
    }
    if (issue && match[2] && req.method === 'POST') {
      const comment = { body: String(input.body), created_at: iso(), updated_at: iso() };
      issue.comments.push(comment);
      return answer(201, comment);
    }
    if (issue && !match[2] && req.method === 'PATCH') {
      if (input.state === 'closed' || input.state === 'open') issue.state = input.state;
      if (typeof input.state_reason === 'string') issue.state_reason = input.state_reason;
      return answer(200, view(issue));
    }
    return answer(404, { message: 'Not Found' });
  };
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => handle(req, text, res));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    issues,
    deployments,
    requests,
    script: (...answers) => void scripted.push(...answers),
    seed,
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A webhook receiver: records each JSON body posted; answers `status` (default 200). */
export async function startWebhookReceiver(status = 200): Promise<{
  url: string;
  received: unknown[];
  stop(): Promise<void>;
}> {
  const received: unknown[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      received.push(JSON.parse(text || 'null'));
      res.writeHead(status).end(status === 200 ? 'ok' : 'no_service');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/sekritWebhookKey`;
  return {
    url,
    received,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
