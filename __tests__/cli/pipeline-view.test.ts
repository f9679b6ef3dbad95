/** The pipeline's terminal view: redrawn in place on a TTY, one line per change otherwise. */
import { describe, expect, it } from '@jest/globals';
import { createView } from '../../src/cli/pipeline-view.js';
import type { PipelineState } from '../../src/pipeline/run.js';

function state(infrastructure: string, detail: string): PipelineState {
  return {
    environment: 'production',
    startedAt: 0,
    platforms: [
      {
        name: 'infrastructure',
        stage: 0,
        state: infrastructure as 'pending',
        startedAt: 0,
        endedAt: undefined,
        detail,
        deploymentId: undefined,
      },
      {
        name: 'web',
        stage: 1,
        state: 'pending',
        startedAt: undefined,
        endedAt: undefined,
        detail: 'needs infrastructure',
        deploymentId: undefined,
      },
    ],
    stages: [],
    separation: { state: 'not run', afterStage: 1, startedAt: undefined, endedAt: undefined, detail: '' },
  };
}

describe('createView', () => {
  it('redraws the block in place on a TTY and prints log lines above it', () => {
    const written: string[] = [];
    let now = 1500;
    const view = createView({ write: (t) => written.push(t), tty: true, columns: 100 }, () => now);
    view.update(state('deploying', 'compose cmp-1'));
    now = 2500;
    view.print('[infrastructure] warning: slow');
    view.update(state('done', 'deployment dep-1 done'));
    view.stop();
    expect(written[0]).toBe(
      '↻ stage 0  infrastructure  deploying          1.5s  compose cmp-1\n· stage 1  web             pending                  needs infrastructure\n',
    );
    // Up two lines, clear to the end, the log line, then the block again.
    const up = '\x1b[2F\x1b[J';
    expect(written[1]).toBe(
      `${up}[infrastructure] warning: slow\n↻ stage 0  infrastructure  deploying          2.5s  compose cmp-1\n· stage 1  web             pending                  needs infrastructure\n`,
    );
    expect(
      written[2]?.startsWith(
        `${up}✔ stage 0  infrastructure  done               2.5s  deployment dep-1 done\n`,
      ),
    ).toBe(true);
  });

  it('leaves what follows a stop alone: a second stop, an update or a print never erases it', () => {
    const written: string[] = [];
    const view = createView({ write: (t) => written.push(t), tty: true, columns: 100 }, () => 1500);
    view.update(state('done', 'deployment dep-1 done'));
    view.stop();
    const drawn = written.length;
    written.push('the final table\n');
    view.stop();
    view.update(state('failed', 'late'));
    view.print('[web] a late line');
    // No cursor movement after the table: the late line is appended below it.
    expect(written.slice(drawn)).toEqual(['the final table\n', '[web] a late line\n']);
  });

  it('prints one plain line per change when stdout is not a TTY, with no escape codes', () => {
    const written: string[] = [];
    const view = createView({ write: (t) => written.push(t), tty: false, columns: 0 }, () => 1500);
    view.update(state('pending', 'needs nothing'));
    view.update(state('deploying', 'compose cmp-1'));
    view.update(state('deploying', 'compose cmp-1'));
    view.print('[infrastructure] warning: slow');
    view.stop();
    expect(written).toEqual([
      '[   1.5s] stage 0 infrastructure: deploying (compose cmp-1)\n',
      '[infrastructure] warning: slow\n',
    ]);
  });
});
