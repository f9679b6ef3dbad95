/** The separation spec's `after:`: read, checked against a manifest, and placed in a plan. */
import { describe, expect, it } from '@jest/globals';
import { parseManifest } from '../../src/lib/manifest.js';
import {
  planSeparation,
  readSeparationPlacement,
  separationStage,
} from '../../src/lib/separation-placement.js';
import { inputErrorMessage } from '../support/errors.js';

const MANIFEST = parseManifest(
  `platforms:
  infra: { paths: [infra/**] }
  web: { paths: [web/**], needs: [infra] }
  shop: { paths: [shop/**], needs: [infra] }
  admin: { paths: [admin/**], needs: [web] }
`,
  '.github/platforms.yml',
);
const spec = (after: string) => `${after}\nplatforms: { web: {}, shop: {}, admin: {} }\n`;
const stageOf = (after: string) => separationStage(readSeparationPlacement(spec(after), 'sep.yml'), MANIFEST);

describe("the separation spec's after:", () => {
  it('is a stage number, the highest stage of the platforms it lists, or stage 1 by default', () => {
    expect(stageOf('after: 0')).toBe(0);
    expect(stageOf('after: 2')).toBe(2);
    expect(stageOf('after: web')).toBe(1);
    expect(stageOf('after: [web, admin]')).toBe(2);
    expect(stageOf('')).toBe(1);
    // A manifest of one stage: the default is its only stage.
    const single = parseManifest('platforms:\n  a: { paths: [a/**] }\n', 'inline');
    expect(separationStage(readSeparationPlacement(spec(''), 'sep.yml'), single)).toBe(0);
  });

  it('names the field for a stage or platform the manifest lacks, or a value of the wrong shape', () => {
    expect(inputErrorMessage(() => stageOf('after: 3'))).toBe(
      "Separation spec field 'after' in sep.yml is '3': the manifest's stages are 0 to 2",
    );
    expect(inputErrorMessage(() => stageOf('after: [web, api]'))).toBe(
      "Separation spec field 'after[1]' in sep.yml is 'api': use the manifest's platforms: infra, web, shop, admin",
    );
    const hint =
      'use a stage number such as 1, or the platforms the checks follow, such as [bizoholic, coreldove]';
    expect(inputErrorMessage(() => stageOf('after: -1'))).toBe(
      `Separation spec field 'after' in sep.yml is '-1': ${hint}`,
    );
    expect(inputErrorMessage(() => stageOf('after: 1.5'))).toBe(
      `Separation spec field 'after' in sep.yml is '1.5': ${hint}`,
    );
    expect(inputErrorMessage(() => stageOf('after: []'))).toBe(
      `Separation spec field 'after' in sep.yml: ${hint}`,
    );
    expect(inputErrorMessage(() => stageOf('after: { stage: 1 }'))).toBe(
      `Separation spec field 'after' in sep.yml: ${hint}`,
    );
    expect(inputErrorMessage(() => readSeparationPlacement('after: 1\n', 'sep.yml'))).toBe(
      "Separation spec field 'platforms' in sep.yml: must be a mapping (it is missing)",
    );
  });

  it('places the checks only when the plan deploys a platform the spec names', () => {
    const placement = readSeparationPlacement(spec('after: [admin]'), 'sep.yml');
    expect(planSeparation(placement, MANIFEST, ['infra'])).toBeUndefined();
    expect(planSeparation(placement, MANIFEST, ['infra', 'shop'])).toEqual({
      afterStage: 2,
      platforms: ['web', 'shop', 'admin'],
    });
    expect(planSeparation(undefined, MANIFEST, ['web'])).toBeUndefined();
  });
});
