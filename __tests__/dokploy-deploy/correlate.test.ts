import { describe, expect, it } from '@jest/globals';
import type { Deployment, QueueJob } from '../../src/lib/dokploy-client.js';
import { findOwnJob, findOwnRecord, isFinalStatus, type Marker } from '../../src/dokploy-deploy/correlate.js';

const SHA = 'f'.repeat(40);
const marker: Marker = {
  title: 'CI #7.1 fffffff',
  description: 'GitHub Actions run 99.1 acme/mono@fff',
  sha: SHA,
};

function row(id: string, over: Partial<Deployment> = {}): Deployment {
  return {
    deploymentId: id,
    title: 'x',
    description: '',
    status: 'running',
    createdAt: '',
    finishedAt: null,
    errorMessage: null,
    rollbackId: null,
    ...over,
  };
}
function job(serviceId: string, titleLog: string, state: string): QueueJob {
  return { id: `job-${titleLog}`, state, serviceId, titleLog, descriptionLog: '', type: 'deploy' };
}

describe('findOwnRecord', () => {
  const old = row('old', { status: 'done', title: marker.title }); // an older record with the same title is ignored
  const known = new Set(['old']);

  it('locks onto the new record carrying the marker title, even behind a newer competitor', () => {
    const rows = [row('theirs', { title: 'Webhook' }), row('mine', { title: marker.title }), old];
    expect(findOwnRecord(rows, known, marker, { state: 'unknown' })).toEqual({
      found: rows[1],
      by: 'marker',
    });
  });

  it('recognises the description too', () => {
    const rows = [row('mine', { description: marker.description }), old];
    expect(findOwnRecord(rows, known, marker, { state: 'unknown' })).toMatchObject({ by: 'marker' });
  });

  it('falls back to Commit: <sha> after the git rewrite', () => {
    const rows = [
      row('theirs', { description: 'Hash: abc' }),
      row('mine', { status: 'done', description: `Commit: ${SHA}` }),
    ];
    expect(findOwnRecord(rows, known, marker, { state: 'absent' })).toEqual({ found: rows[1], by: 'commit' });
  });

  it("does not use the commit while the run's job is still queued or starting (a webhook for the same push)", () => {
    const rows = [row('webhook', { status: 'done', description: `Commit: ${SHA}` })];
    for (const state of [{ state: 'waiting', position: 2, ahead: 1 }, { state: 'active' }] as const) {
      expect(findOwnRecord(rows, known, marker, state)).toEqual({ found: undefined, candidates: rows });
    }
  });

  it('does not use the commit when two new records carry it', () => {
    const rows = [row('a', { description: `Commit: ${SHA}` }), row('b', { description: `Commit: ${SHA}` })];
    expect(findOwnRecord(rows, known, marker, { state: 'absent' })).toEqual({
      found: undefined,
      candidates: rows,
    });
  });

  it("takes a lone new record, unless the run's job still waits in the queue behind it", () => {
    const rows = [row('lone', { title: 'Rewritten' }), old];
    expect(findOwnRecord(rows, known, marker, { state: 'absent' })).toEqual({ found: rows[0], by: 'lone' });
    expect(findOwnRecord(rows, known, marker, { state: 'waiting', position: 2, ahead: 1 })).toEqual({
      found: undefined,
      candidates: [rows[0]],
    });
  });

  it('finds nothing while no new record exists', () => {
    expect(findOwnRecord([old], known, marker, { state: 'active' })).toEqual({
      found: undefined,
      candidates: [],
    });
  });
});

describe('findOwnJob', () => {
  it('tells waiting (with its position), active, absent and unknown apart', () => {
    const jobs = [
      job('app', marker.title, 'waiting'),
      job('other', 'theirs', 'waiting'),
      job('x', 'first', 'active'),
    ];
    expect(findOwnJob(jobs, 'app', marker)).toEqual({ state: 'waiting', position: 3, ahead: 2 });
    expect(findOwnJob([job('app', marker.title, 'active')], 'app', marker)).toEqual({ state: 'active' });
    expect(findOwnJob([job('other', marker.title, 'waiting')], 'app', marker)).toEqual({ state: 'absent' });
    expect(findOwnJob(undefined, 'app', marker)).toEqual({ state: 'unknown' });
  });
});

describe('isFinalStatus', () => {
  it('treats only done, error and cancelled as final (an unknown status is not)', () => {
    expect(['done', 'error', 'cancelled', 'running', 'queued', ''].map(isFinalStatus)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
