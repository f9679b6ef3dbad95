/**
 * Issue 12 §4 against the real Dokploy v0.30.2: pre- and post-deploy commands run inside the
 * service's container through a schedule made for the run (schedule.create, runManually, delete).
 * The pre-deploy command runs in the version running before the deploy, the post-deploy command in
 * the new one; kit/web images answer /version with "<app> v1" or "v2" and hold it in /version.
 */
import { describe, expect, jest, test } from '@jest/globals';
import {
  eventually,
  expectNoKey,
  realDokployForThisFile,
  recordsOf,
  runDeploy,
} from '../support/real-dokploy.js';

jest.setTimeout(300_000);
const real = realDokployForThisFile();

// The staging copy of coreldove, as in verified.test.ts (the lock keeps the files apart).
const app = () => real().fixtures.coreldove!.staging;
const version = () => `http://127.0.0.1:${app().port}/version`;
const image = (tag: string) => `127.0.0.1:5000/kit/web:${tag}`;
const schedulesLeft = async (): Promise<unknown[]> =>
  (await real().api('schedule.list', { id: app().id, scheduleType: 'application' }, 'GET')) as unknown[];

describe('dokploy-deploy against the real Dokploy: pre- and post-deploy commands', () => {
  test('pre-deploy runs in the old version, post-deploy in the new one; both logs shown; no schedule left', async () => {
    // Running, not only done: Swarm replaces the task after Dokploy's record says done.
    await runDeploy(real(), { 'application-id': app().id, 'docker-image': image('v1'), 'stable-for': '5s' });
    const run = await runDeploy(real(), {
      'application-id': app().id,
      'docker-image': image('v2'),
      'stable-for': '5s',
      'pre-deploy': 'echo "migrating from $(cat /version)"',
      'post-deploy': 'echo "warming $(cat /version)"',
    });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('done');
    expect(run.stdout).toMatch(/Running the pre-deploy command in application coreldove \(\S+\): echo/);
    expect(run.stdout).toContain('::group::Log of the pre-deploy command in application coreldove');
    expect(run.stdout).toContain('migrating from v1');
    expect(run.stdout).toContain('warming v2');
    expect(run.stdout).toMatch(/The post-deploy command ran in application coreldove \(\S+\) \(\d/);
    expect(run.summary).toMatch(/pre-deploy command ran \(\d.*post-deploy command ran \(\d/);
    expect(await schedulesLeft()).toEqual([]);
    expect(await eventually(version(), (text) => text.includes('v2'))).toBe('coreldove v2\n');
    expectNoKey(real(), run);
  });

  test('a failing pre-deploy stops the deploy: one line with its stderr, no new record, the old version runs', async () => {
    const before = await recordsOf(real(), 'application', app().id);
    const run = await runDeploy(real(), {
      'application-id': app().id,
      'docker-image': image('v1'),
      'pre-deploy': 'echo "step 1 of 2"; echo "relation users already exists" >&2; exit 3',
    });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('error');
    expect(run.stdout).toMatch(
      /::error::The pre-deploy command failed in application coreldove \(\S+\): relation users already exists; its log is in the log group above; nothing was deployed\n/,
    );
    expect(run.stdout).toContain('step 1 of 2');
    expect((await recordsOf(real(), 'application', app().id)).length).toBe(before.length);
    const service = (await real().api('application.one', { applicationId: app().id })) as {
      dockerImage: string;
    };
    expect(service.dockerImage).toBe(image('v2'));
    expect(await schedulesLeft()).toEqual([]);
    expectNoKey(real(), run);
  });

  test('a failing post-deploy fails the step and, with rollback on-unhealthy, restores the version before', async () => {
    const run = await runDeploy(real(), {
      'application-id': app().id,
      'docker-image': image('v1'),
      'stable-for': '5s',
      'post-deploy': 'echo "smoke test: /health answered 500" >&2; exit 1',
      rollback: 'on-unhealthy',
    });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('error');
    expect(run.outputs.rollback).toBe('restored');
    expect(run.outputs['rolled-back-to']).toBe(`image ${image('v2')}`);
    expect(run.stdout).toMatch(
      /::error::The post-deploy command failed in application coreldove \(\S+\): smoke test: \/health answered 500; its log is in the log group above; rolled back to image 127\.0\.0\.1:5000\/kit\/web:v2, running again in \d/,
    );
    expect(await eventually(version(), (text) => text.includes('v2'))).toBe('coreldove v2\n');
    expect(await schedulesLeft()).toEqual([]);
    expectNoKey(real(), run);
  });

  test('a command that outlives hook-timeout fails the step with one line saying it may still run', async () => {
    const run = await runDeploy(real(), {
      'application-id': app().id,
      'pre-deploy': 'sleep 8',
      'hook-timeout': '2s',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::The pre-deploy command in application coreldove \(\S+\) gave no answer within 2\.0s \(hook-timeout\); it may still be running in the container; nothing was deployed\n/,
    );
    expect(await schedulesLeft()).toEqual([]);
    expectNoKey(real(), run);
  });
});
