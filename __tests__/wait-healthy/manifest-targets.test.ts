import { parseManifest } from '../../src/lib/manifest.js';
import { targetsFromManifest } from '../../src/wait-healthy/manifest-targets.js';
import { inputErrorMessage } from '../support/errors.js';

const MANIFEST = parseManifest(
  `platforms:
  infrastructure:
    paths: [infrastructure/**]
    health:
      production: ['tcp://db.example.com:5432', 'redis://:cachepw@cache.example.com:6379']
      staging: ['tcp://db.staging.example.com:5432']
  bizoholic:
    paths: [bizoholic/**]
    health: ['https://bizoholic.example.com/api/health status=200']
  management:
    paths: [management/**]
    health:
      production: ['smtp://mail.example.com']
`,
  'platforms.yml',
);

function errorOf(platform: string, environment: string, branch = 'feature/x'): string {
  return inputErrorMessage(() => targetsFromManifest(MANIFEST, { platform, environment, branch }));
}

describe('targetsFromManifest', () => {
  test("takes the platform's targets for the named environment", () => {
    const targets = targetsFromManifest(MANIFEST, {
      platform: 'infrastructure',
      environment: 'production',
      branch: '',
    });
    expect(targets.map((t) => t.display)).toEqual([
      'tcp://db.example.com:5432',
      'redis://:***@cache.example.com:6379',
    ]);
    expect(targets[1]?.secrets).toContain('cachepw');
  });

  test('without an environment, takes the one the branch maps to', () => {
    const targets = targetsFromManifest(MANIFEST, {
      platform: 'infrastructure',
      environment: '',
      branch: 'staging',
    });
    expect(targets.map((t) => t.display)).toEqual(['tcp://db.staging.example.com:5432']);
  });

  test('a plain list applies to every environment', () => {
    const targets = targetsFromManifest(MANIFEST, {
      platform: 'bizoholic',
      environment: 'development',
      branch: '',
    });
    expect(targets.map((t) => t.display)).toEqual(['https://bizoholic.example.com/api/health']);
  });

  test('says clearly what is wrong', () => {
    expect(errorOf('shop', 'production')).toBe(
      "Input 'targets-from' is 'shop': no such platform in platforms.yml (platforms: infrastructure, bizoholic, management)",
    );
    expect(errorOf('infrastructure', '')).toBe(
      "Input 'environment': name one for targets-from: branch 'feature/x' maps to no environment in platforms.yml",
    );
    expect(errorOf('infrastructure', 'development')).toBe(
      "Input 'targets-from' is 'infrastructure': the platform has no health targets for environment 'development' in platforms.yml",
    );
    expect(errorOf('management', 'production')).toBe(
      "platforms.yml platforms.management.health (production) line 1 is 'smtp://mail.example.com': unknown scheme 'smtp': use http://, https://, tcp://, redis://, rediss://, postgres://, postgresql://, grpc://, grpcs://",
    );
  });
});
