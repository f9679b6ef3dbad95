import { describe, expect, it } from '@jest/globals';
import { parseManifest } from '../../src/lib/manifest.js';
import { planChecks, type SeparationCheck } from '../../src/monitor/checks.js';

const MANIFEST = parseManifest(
  `platforms:
  infra:
    paths: [infra/**]
    deploy: { kind: compose, production: { id: cmp-infra } }
    health: ['tcp://db.internal:5432']
  web:
    paths: [web/**]
    needs: [infra]
    deploy: { kind: application, production: { id: app-web }, staging: { id: app-web-stg } }
    health:
      production: ['https://web.example.com/health']
      staging: ['https://staging.web.example.com/health']
  docs:
    paths: [docs/**]
    deploy: { kind: application, staging: { id: app-docs } }
`,
  'platforms.yml',
);

describe('planChecks', () => {
  it("plans monitor.yml's legs: each platform deployed in the environment with health targets, then separation", () => {
    const asked: string[] = [];
    const separation = { spec: { environment: 'x' } } as unknown as SeparationCheck;
    const checks = planChecks(MANIFEST, ['production', 'staging', 'development'], (environment) => {
      asked.push(environment);
      return environment === 'production' ? separation : undefined;
    });
    expect(
      checks.map((c) => [
        c.kind,
        c.subject,
        c.environment,
        c.kind === 'health' ? c.targets.map((t) => t.display) : [],
      ]),
    ).toEqual([
      ['health', 'infra', 'production', ['tcp://db.internal:5432']],
      ['health', 'web', 'production', ['https://web.example.com/health']],
      ['separation', 'separation', 'production', []],
      ['health', 'web', 'staging', ['https://staging.web.example.com/health']],
    ]);
    // Asked only for environments where a platform deploys (docs in staging has no targets, but deploys).
    expect(asked).toEqual(['production', 'staging']);
  });

  it('names the manifest field of a health target that does not parse', () => {
    const manifest = parseManifest(
      `platforms:\n  web:\n    paths: [web/**]\n    deploy: { kind: application, production: { id: a } }\n    health: ['gopher://x']\n`,
      'platforms.yml',
    );
    expect(() => planChecks(manifest, ['production'], () => undefined)).toThrow(
      /^platforms\.yml platforms\.web\.health \(production\) line 1/,
    );
  });
});
