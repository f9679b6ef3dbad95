/**
 * Issue 12 against the real Dokploy v0.30.2: "done" means running. The deploy action's bundle runs
 * as the runner runs it; the images come from scripts/dokploy/images.sh (kit/web:crash exits at
 * once, kit/web:late-crash after 6 s). Dokploy records every one of these deploys `done`; the kit
 * must not. The fixture application has Swarm `FailureAction: rollback` (scripts/dokploy/fixtures.ts).
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

// The staging copy of coreldove: no other real-server test deploys it.
const app = () => real().fixtures.coreldove!.staging;
const version = () => `http://127.0.0.1:${app().port}/version`;
const image = (tag: string) => `127.0.0.1:5000/kit/web:${tag}`;

describe('dokploy-deploy against the real Dokploy: done means running', () => {
  test('a good image passes the running check after its task has run for stable-for', async () => {
    const run = await runDeploy(real(), {
      'application-id': app().id,
      'docker-image': image('v1'),
      'stable-for': '10s',
    });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('done');
    expect(run.stdout).toMatch(
      /application coreldove \(\S+\) runs: no restart for 10\.0s \(checked in \d+(\.\d)?s\)/,
    );
    expect(await eventually(version(), (text) => text.includes('v1'))).toBe('coreldove v1\n');
    expectNoKey(real(), run);
  });

  test('a crash-looping image: Dokploy says done, the kit says unhealthy with the task error and the container log; Swarm rolls back', async () => {
    const run = await runDeploy(real(), {
      'application-id': app().id,
      'docker-image': image('crash'),
      'stable-for': '20s',
      'log-lines': '20',
    });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('unhealthy');
    expect(run.outputs.rollback).toBe('none');
    const [record] = await recordsOf(real(), 'application', app().id);
    expect(record).toMatchObject({ deploymentId: run.outputs['deployment-id'], status: 'done' });
    expect(run.stdout).toMatch(
      /::error::Deployment of application coreldove \(\S+\) ended with status 'unhealthy': Dokploy says done, but task \S+\.1 failed: task: non-zero exit \(1\); the container's last log lines are in the log group above/,
    );
    expect(run.stdout).toMatch(/::group::Container log of application coreldove \(\S+\) \(last 20 lines\)/);
    // Swarm's FailureAction rollback puts v1 back under the `done` record (Dokploy #3987).
    expect(await eventually(version(), (text) => text.includes('v1'), 90)).toBe('coreldove v1\n');
    expectNoKey(real(), run);
  });

  test('rollback on-unhealthy: an image that fails after start is replaced by the image recorded before the deploy', async () => {
    await runDeploy(real(), { 'application-id': app().id, 'docker-image': image('v1'), 'stable-for': '0' });
    const run = await runDeploy(real(), {
      'application-id': app().id,
      'docker-image': image('late-crash'),
      'stable-for': '15s',
      rollback: 'on-unhealthy',
    });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('unhealthy');
    expect(run.outputs.rollback).toBe('restored');
    expect(run.outputs['rolled-back-to']).toBe(`image ${image('v1')}`);
    expect(run.stdout).toMatch(/; rolled back to image 127\.0\.0\.1:5000\/kit\/web:v1, running again in \d/);
    const service = (await real().api('application.one', { applicationId: app().id })) as {
      dockerImage: string;
    };
    expect(service.dockerImage).toBe(image('v1'));
    const [rollbackRecord] = await recordsOf(real(), 'application', app().id);
    expect(rollbackRecord).toMatchObject({ status: 'done', title: `Rollback: ${run.title}` });
    expect(await eventually(version(), (text) => text.includes('v1'))).toBe('coreldove v1\n');
    expectNoKey(real(), run);
  });
});
