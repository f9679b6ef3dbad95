/** Which version a rollback restores, decided from plain values (the service before the deploy, its records). */
import { describe, expect, it } from '@jest/globals';
import type { Deployment, ServiceInfo } from '../../src/lib/dokploy-client.js';
import { manualRestorePoint, restorePointOf, restoreReference } from '../../src/dokploy-deploy/rollback.js';

const service = (over: Partial<ServiceInfo>): ServiceInfo =>
  ({
    kind: 'application',
    id: 'a1',
    name: 'web',
    sourceType: 'docker',
    dockerImage: 'r/web:1',
    env: 'A=1',
    rollbackActive: false,
    composeFile: null,
    ...over,
  }) as ServiceInfo;
const record = (id: string, status: string, rollbackId: string | null): Deployment => ({
  deploymentId: id,
  title: `t-${id}`,
  description: '',
  status,
  createdAt: '',
  finishedAt: null,
  errorMessage: null,
  rollbackId,
});
const records = [record('d3', 'done', 'rb3'), record('d2', 'error', 'rb2'), record('d1', 'done', 'rb1')];

describe('restorePointOf (after a failed deploy)', () => {
  it('prefers the kept rollback image of the newest done deployment', () => {
    expect(
      restorePointOf(service({ rollbackActive: true }), records, { image: undefined, env: false }),
    ).toEqual({
      method: 'rollback',
      to: 'deployment d3 ("t-d3")',
      deploymentId: 'd3',
      rollbackId: 'rb3',
    });
  });

  it('restores the image (and environment) a docker application had, only when this run changes them', () => {
    expect(restorePointOf(service({}), [], { image: 'r/web:2', env: false })).toEqual({
      method: 'image',
      to: 'image r/web:1',
      image: 'r/web:1',
      env: 'A=1',
      changed: 'image',
    });
    expect(restorePointOf(service({}), [], { image: 'r/web:1', env: false })).toMatchObject({
      method: 'none',
    });
  });

  it('says why a git-built application cannot be restored, and snapshots a raw stack', () => {
    expect(
      restorePointOf(service({ sourceType: 'github' }), records, { image: undefined, env: true }),
    ).toEqual({
      method: 'none',
      why: 'application web is built from its github source and keeps no rollback images (turn on Rollbacks with a registry in Dokploy)',
    });
    expect(
      restorePointOf(service({ kind: 'compose', sourceType: 'raw', composeFile: 'services: {}' }), [], {
        image: undefined,
        env: false,
      }),
    ).toMatchObject({ method: 'compose', composeFile: 'services: {}', env: 'A=1' });
  });
});

describe('manualRestorePoint (dokploy-deploy rollback --to)', () => {
  const kept = service({ rollbackActive: true });
  it('takes previous as the kept deployment before the running one, or a named one', () => {
    expect(manualRestorePoint(kept, records, 'previous')).toMatchObject({
      rollbackId: 'rb1',
      deploymentId: 'd1',
    });
    expect(manualRestorePoint(kept, records, 'd3')).toMatchObject({ rollbackId: 'rb3' });
    expect(manualRestorePoint(service({}), [], 'r/web:0.9')).toMatchObject({
      method: 'image',
      image: 'r/web:0.9',
    });
  });

  it('refuses clearly when there is nothing to roll back to, listing the candidates', () => {
    expect(() => manualRestorePoint(kept, records, 'd2')).toThrow(
      'Cannot roll application web back: deployment d2 is not one of its successful deployments with a rollback image; candidates: d3, d1',
    );
    expect(() => manualRestorePoint(kept, [records[0]!], 'previous')).toThrow(
      'Cannot roll application web back: it has no earlier successful deployment with a rollback image; candidates: d3',
    );
    expect(() => manualRestorePoint(service({ kind: 'compose', sourceType: 'raw' }), [], 'previous')).toThrow(
      'Cannot roll compose web back: Dokploy keeps no earlier versions of a compose stack; deploy the previous commit instead',
    );
  });
});

describe('restoreReference (the restore-point output a later step gives back as rollback-to)', () => {
  it('names a kept deployment or an image, never a snapshot that holds the environment', () => {
    const kept = service({ rollbackActive: true });
    expect(restoreReference(restorePointOf(kept, records, { image: undefined, env: false }))).toBe('d3');
    expect(restoreReference(restorePointOf(service({}), [], { image: 'r/web:2', env: true }))).toBe(
      'r/web:1',
    );
    expect(
      restoreReference(restorePointOf(service({}), [], { image: undefined, env: true })),
    ).toBeUndefined();
    const raw = service({ kind: 'compose', sourceType: 'raw', composeFile: 'services: {}' });
    expect(restoreReference(restorePointOf(raw, [], { image: undefined, env: true }))).toBeUndefined();
  });
});
