/**
 * The running check's judge on task lists as Dokploy v0.30.2 answered them on the real server
 * (docker.getServiceContainersByAppName during a deploy of a crash-looping image, parsed by the
 * client), and on hand-made compose containers: pure values in, verdicts out.
 */
import { describe, expect, it } from '@jest/globals';
import type { ServiceInfo, ServiceTask } from '../../src/lib/dokploy-client.js';
import { describeTask, PENDING_LIMIT_MS, TaskJudge } from '../../src/dokploy-deploy/running.js';

const app = { kind: 'application', appName: 'app-x', composeType: undefined } as ServiceInfo;
const stack = { kind: 'compose', appName: 'infra', composeType: 'docker-compose' } as ServiceInfo;
const task = (id: string, state: string, desired: string, error = ''): ServiceTask => ({
  kind: 'task',
  id,
  name: 'app-x.1',
  state,
  desired,
  detail: `${state[0]!.toUpperCase()}${state.slice(1)} 1 second ago`,
  error,
  exitCode: undefined,
});
const container = (id: string, state: string, exitCode?: number): ServiceTask => ({
  kind: 'container',
  id,
  name: 'infra-web-1',
  state,
  desired: state === 'exited' ? 'shutdown' : 'running',
  detail: state === 'restarting' ? 'Restarting (1) 2 seconds ago' : 'Up 3 seconds',
  error: '',
  exitCode,
});
const OLD = task('uab1vm', 'running', 'running');
const PENDING = 'no suitable node (host-mode port already in use on 1 node)';

describe('TaskJudge', () => {
  it('waits while the new task is pending behind the old one, then passes after stable-for of running', () => {
    const judge = new TaskJudge({ service: app, before: new Set(['uab1vm']), stableForMs: 20_000 }, 0);
    expect(
      judge.judge([task('l943', 'pending', 'ready', PENDING), { ...OLD, desired: 'shutdown' }], 1000),
    ).toMatchObject({
      verdict: 'wait',
      runningForMs: 0,
    });
    expect(judge.judge([task('l943', 'running', 'running')], 14_000)).toMatchObject({ verdict: 'wait' });
    expect(judge.judge([task('l943', 'running', 'running')], 30_000)).toMatchObject({
      verdict: 'wait',
      runningForMs: 16_000,
    });
    expect(judge.judge([task('l943', 'running', 'running')], 34_000)).toEqual({ verdict: 'running' });
  });

  it('finds the failed task of a crash loop (Swarm then rolls back under the done record)', () => {
    const judge = new TaskJudge({ service: app, before: new Set(['uab1vm']), stableForMs: 20_000 }, 0);
    const verdict = judge.judge(
      [
        task('tk125f', 'running', 'running'),
        task('l943', 'failed', 'shutdown', 'task: non-zero exit (1)'),
        { ...OLD, state: 'shutdown', desired: 'shutdown' },
      ],
      16_000,
    );
    expect(verdict).toMatchObject({
      verdict: 'unhealthy',
      reason: 'task app-x.1 failed: task: non-zero exit (1)',
    });
  });

  it('ignores the tasks that existed before the deploy, even failed ones', () => {
    const judge = new TaskJudge({ service: app, before: new Set(['old']), stableForMs: 0 }, 0);
    expect(
      judge.judge(
        [task('new', 'running', 'running'), task('old', 'failed', 'shutdown', 'task: non-zero exit (2)')],
        1,
      ),
    ).toEqual({ verdict: 'running' });
  });

  it('calls a task of the new version that stops running (replaced without failing) unhealthy', () => {
    const judge = new TaskJudge({ service: app, before: new Set(), stableForMs: 20_000 }, 0);
    judge.judge([task('a', 'running', 'running')], 1000);
    expect(
      judge.judge([task('a', 'shutdown', 'shutdown'), task('b', 'running', 'running')], 5000),
    ).toMatchObject({
      verdict: 'unhealthy',
      reason:
        'task app-x.1 stopped running and is now Shutdown 1 second ago (restarted or rolled back by Swarm)',
    });
  });

  it("calls a task pending for two minutes stuck, naming Swarm's reason", () => {
    const judge = new TaskJudge({ service: app, before: new Set(), stableForMs: 20_000 }, 0);
    const pending = [task('p', 'pending', 'running', PENDING)];
    expect(judge.judge(pending, 1000)).toMatchObject({ verdict: 'wait' });
    expect(judge.judge(pending, 1000 + PENDING_LIMIT_MS)).toMatchObject({
      verdict: 'unhealthy',
      reason: `task app-x.1 pending: ${PENDING} for 2m 00s`,
    });
  });

  it('judges every container of a compose stack: restarting or a non-zero exit is unhealthy, exit 0 is not', () => {
    const ok = new TaskJudge({ service: stack, before: new Set(['c1']), stableForMs: 0 }, 0);
    expect(ok.judge([container('c1', 'running'), container('m1', 'exited', 0)], 1)).toEqual({
      verdict: 'running',
    });
    const bad = new TaskJudge({ service: stack, before: new Set(['c1']), stableForMs: 0 }, 0);
    expect(bad.judge([container('c1', 'restarting', 1)], 1)).toMatchObject({
      verdict: 'unhealthy',
      reason: 'container infra-web-1 restarting (Restarting (1) 2 seconds ago)',
    });
    expect(describeTask(container('m1', 'exited', 3))).toBe('container infra-web-1 exited (Up 3 seconds)');
  });
});
