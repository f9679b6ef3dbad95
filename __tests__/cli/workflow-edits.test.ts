/**
 * The text edits init makes to workflows: the push trigger from the manifest's environments: keys,
 * and the generated blocks spliced into a workflow someone has edited. Everything else stays.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseManifest } from '../../src/lib/manifest.js';
import { fitTemplate, fitWorkflow, rewriteTrigger, spliceBlocks } from '../../src/cli/workflow-edits.js';
import { TEMPLATES } from '../templates/support.js';

const template = (file: string): string => readFileSync(join(TEMPLATES, file), 'utf8');
const onPush = (text: string): unknown => (parse(text) as { on: { push: unknown } }).on.push;

describe('rewriteTrigger', () => {
  const workflow = [
    'name: x',
    'on:',
    '  push:',
    '    # our deploy branches',
    '    branches:',
    '      - main',
    '      # the old one',
    '      - master',
    '    tags: [old]',
    '    # docs never deploy',
    '    paths-ignore: [docs/**]',
    '  workflow_dispatch: {}',
    'jobs: {}',
    '',
  ].join('\n');

  test('replaces branches: and tags: (block or flow) in place and keeps the other filters and comments', () => {
    const text = rewriteTrigger(workflow, { branches: ['main', 'release/*'], tags: ['v*'] }, 'w.yml');
    expect(text).toBe(
      [
        'name: x',
        'on:',
        '  push:',
        '    # our deploy branches',
        '    branches: [main, release/*]',
        '    tags: [v*]',
        '    # docs never deploy',
        '    paths-ignore: [docs/**]',
        '  workflow_dispatch: {}',
        'jobs: {}',
        '',
      ].join('\n'),
    );
  });

  test('leaves tags: out when the manifest maps none (a push of a tag then runs nothing)', () => {
    const text = rewriteTrigger(workflow, { branches: ['trunk'], tags: [] }, 'w.yml');
    expect(onPush(text)).toEqual({ branches: ['trunk'], 'paths-ignore': ['docs/**'] });
  });

  test('writes what YAML or GitHub would misread quoted or escaped: classes, numbers, + and a leading *', () => {
    const refs = { branches: ['1.0', 'true', '*', 'feat+x', "it's"], tags: ['v[0-9]*'] };
    const text = rewriteTrigger('on:\n  push:\nname: x\n', refs, 'w.yml');
    expect(text).toBe(
      "on:\n  push:\n    branches: ['1.0', 'true', '*', 'feat\\+x', 'it''s']\n    tags: ['v[0-9]*']\nname: x\n",
    );
    expect(onPush(text)).toEqual({ branches: ['1.0', 'true', '*', 'feat\\+x', "it's"], tags: ['v[0-9]*'] });
  });

  test('a workflow without on.push on lines of its own: one line naming the file', () => {
    expect(() => rewriteTrigger('on: [push]\n', { branches: ['main'], tags: [] }, 'w.yml')).toThrow(
      "Workflow w.yml: has no 'on:' mapping at the top: write on: followed by push: on lines of their own",
    );
    expect(() =>
      rewriteTrigger('on:\n  workflow_dispatch: {}\n', { branches: ['main'], tags: [] }, 'w.yml'),
    ).toThrow(
      "Workflow w.yml: has no 'push:' under 'on:' (on a line of its own): add push: with branches: to it",
    );
    expect(() =>
      rewriteTrigger('on:\n  push:\n    branches: [a,\n  b]\n', { branches: ['main'], tags: [] }, 'w.yml'),
    ).toThrow("Workflow w.yml: its 'on.push' could not be rewritten line by line");
    expect(() =>
      rewriteTrigger(
        'on:\n  push:\n    branches-ignore: [wip/**]\n',
        { branches: ['main'], tags: [] },
        'w.yml',
      ),
    ).toThrow(
      "Workflow w.yml: its on.push has branches-ignore:, which GitHub refuses beside branches: and tags:; remove it (the manifest's keys decide)",
    );
  });
});

describe('spliceBlocks and fitWorkflow', () => {
  const manifest = parseManifest(
    [
      'environments:',
      '  main: production',
      "  'release/*': staging",
      "  'refs/tags/v*': production",
      'platforms:',
      '  web:',
      '    paths: [web/**]',
      '    deploy:',
      '      kind: application',
      '      production: { secret: WEB_PROD }',
      '      staging: { project: shop, application: web }',
    ].join('\n'),
    'm',
  );

  test('fits the template to the manifest: its secrets in every id block, its refs in the trigger', () => {
    const text = fitTemplate(template('pipeline.yml'), 'pipeline.yml', manifest);
    expect(onPush(text)).toEqual({ branches: ['main', 'release/*'], tags: ['v*'] });
    expect(text.match(/WEB_PROD: \$\{\{ secrets\.WEB_PROD \}\}/g)).toHaveLength(4); // 3 stage calls + doctor
    expect(text).not.toMatch(/DOKPLOY_\w+_(PROD|STAGING|DEV)_ID/);
    expect(text).toContain('          WEB_E2E_TOKEN: ${{ secrets.WEB_E2E_TOKEN }}\n');
  });

  test('in an edited workflow rewrites the blocks and the trigger only, wherever the blocks now stand', () => {
    const edited = template('deploy-stage.yml').replace('timeout-minutes: 90', 'timeout-minutes: 45');
    const fitted = fitWorkflow(
      edited,
      template('deploy-stage.yml'),
      '.github/workflows/deploy-stage.yml',
      manifest,
    );
    expect(fitted).toContain('timeout-minutes: 45');
    expect(fitted).toContain('      WEB_PROD: { required: false }\n');
    expect(fitted).toContain("        || matrix.secret == 'WEB_PROD' && secrets.WEB_PROD\n");
    expect(fitted).not.toMatch(/DOKPLOY_\w+_(PROD|STAGING|DEV)_ID/);
    // Splicing the template's own blocks into the template changes nothing.
    expect(spliceBlocks(template('rollback.yml'), template('rollback.yml'), 'r.yml')).toBe(
      template('rollback.yml'),
    );
  });

  test('a block the template does not have, or one never closed: one line naming the file and line', () => {
    expect(() => spliceBlocks('a\n# >>> mine\nb\n# <<< mine\n', template('pipeline.yml'), 'p.yml')).toThrow(
      "Workflow p.yml: line 2 opens '# >>> mine', a block the kit's template does not have: remove the marker, or rerun init --force",
    );
    expect(() => spliceBlocks('a\n  # >>> project ids\nb\n', template('pipeline.yml'), 'p.yml')).toThrow(
      "Workflow p.yml: the block opened at line 2 ('# >>> project ids') has no '# <<< project ids' line: restore it",
    );
  });

  test('a manifest that maps no branch or tag: one line, since no push would deploy', () => {
    const none = parseManifest('environments: {}\nplatforms: {}\n', '.github/platforms.yml');
    expect(() => fitTemplate(template('pipeline.yml'), 'pipeline.yml', none)).toThrow(
      "Platforms manifest '.github/platforms.yml': maps no branch or tag to an environment, so no push would deploy: add one under environments:, e.g. main: production",
    );
  });
});
