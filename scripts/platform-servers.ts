/**
 * Runs the separation fixture's three platform servers until SIGTERM/SIGINT, for the demo and the
 * workflow-templates tests: `npx tsx scripts/platform-servers.ts [variant] [--spec <file>]`.
 * Prints one line per server, `<name> <url> <origin>`, then `ready`; `--spec` also writes the
 * matching separation spec (environment `local`) to <file>.
 */
import { writeFileSync } from 'node:fs';
import {
  PLATFORM_NAMES,
  PLATFORM_VARIANTS,
  startPlatformServers,
  type PlatformVariant,
} from '../__tests__/fixtures/separation/servers.js';

const args = process.argv.slice(2);
const specAt = args.indexOf('--spec');
const specFile = specAt >= 0 ? args[specAt + 1] : undefined;
const positional = args.filter((_, i) => specAt < 0 || (i !== specAt && i !== specAt + 1));
const variant = (positional[0] ?? 'correct') as PlatformVariant;
if (!PLATFORM_VARIANTS.includes(variant)) {
  console.error(`Unknown variant '${variant}': use one of ${PLATFORM_VARIANTS.join(', ')}`);
  process.exit(2);
}
const servers = await startPlatformServers(variant);
if (specFile) writeFileSync(specFile, servers.spec('local'));
for (const name of PLATFORM_NAMES) console.log(`${name} ${servers.urls[name]} ${servers.origins[name]}`);
console.log('ready');
const stop = (): void => void servers.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
