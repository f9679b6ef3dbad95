import { parseManifest } from '../../src/lib/manifest.js';
import { planDeploys } from '../../src/detect-changed-platforms/plan.js';
import { renderSummary, SUMMARY_FILES_SHOWN } from '../../src/detect-changed-platforms/summary.js';

const manifest = parseManifest(
  'platforms:\n  web:\n    paths: [web/**]\n    deploy: { kind: application, staging: { secret: WEB_ID } }\n  docs:\n    paths: [docs/**]\n',
  'm',
);

describe('renderSummary', () => {
  it('tables every platform with its decision, reason, stage and environment, and escapes file names', () => {
    const files = ['web/<script>|x.ts', ...Array.from({ length: 30 }, (_, i) => `web/f${i}.ts`)];
    const plan = planDeploys({
      manifest,
      matches: new Map([
        ['web', files],
        ['docs', []],
      ]),
      environment: 'staging',
      branch: 'staging',
      select: [],
    });
    const text = renderSummary({
      comparison: 'between a and b',
      fileCount: files.length,
      filterMatches: undefined,
      plan,
    });
    expect(text).toContain('31 changed files between a and b.');
    expect(text).toContain(
      '| `web` | deploys | 31 files changed \\(web/&lt;script&gt;\\|x.ts, web/f0.ts, web/f1.ts, … 28 more\\) | 0 | `staging` |',
    );
    expect(text).toContain('| `docs` | — | no matching changes | 0 | — |');
    expect(text).toContain('- `web/<script>\\|x.ts`');
    expect(text).toContain(`- … and ${files.length - SUMMARY_FILES_SHOWN} more`);
    expect(text.match(/^- `web\/f/gm)).toHaveLength(SUMMARY_FILES_SHOWN - 1);
  });

  it('says when the branch deploys nowhere', () => {
    const plan = planDeploys({
      manifest,
      matches: new Map(),
      environment: '',
      branch: 'feature/x',
      select: [],
    });
    expect(
      renderSummary({ comparison: 'between a and b', fileCount: 0, filterMatches: undefined, plan }),
    ).toContain('Branch `feature/x` maps to no environment: nothing deploys.');
  });
});
