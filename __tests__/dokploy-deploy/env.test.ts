import { describe, expect, it } from '@jest/globals';
import { mergeEnv } from '../../src/dokploy-deploy/env.js';

describe('mergeEnv', () => {
  it('replaces given keys in place, keeps other lines and comments, appends new keys', () => {
    const current = '# app\nA=1\nexport B=2\nC=3\nA=dup';
    expect(
      mergeEnv(
        current,
        [
          ['B', 'two'],
          ['A', 'one'],
          ['D', '4'],
        ],
        'merge',
      ),
    ).toEqual({
      text: '# app\nA=one\nB=two\nC=3\nD=4',
      keys: ['B', 'A', 'D'],
      changed: true,
    });
  });

  it('says when nothing changes', () => {
    expect(mergeEnv('A=1', [['A', '1']], 'merge').changed).toBe(false);
  });

  it('replaces the whole environment in replace mode', () => {
    expect(mergeEnv('A=1\nB=2', [['C', '3']], 'replace')).toEqual({
      text: 'C=3',
      keys: ['C'],
      changed: true,
    });
  });

  it('starts from an empty environment', () => {
    expect(mergeEnv('', [['A', '1']], 'merge').text).toBe('A=1');
  });
});
