/**
 * The JUnit XML report: one <testsuite> per platform under test (A), one <testcase> per check,
 * `<failure>` for a failed check, `<error>` for one that got no answer, `<skipped>` for an allowed pair.
 * Readable by test-reporter actions and CI dashboards.
 */
import { countResults, formatEvidence, type CheckResult } from './result.js';

/** Renders the results as a JUnit XML document. */
export function renderJunit(results: readonly CheckResult[], environment: string): string {
  const platforms = [...new Set(results.map((r) => r.platform))];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="platform separation (${xml(environment)})" ${counts(results)} time="${seconds(sum(results))}">`,
  ];
  for (const platform of platforms) {
    const own = results.filter((r) => r.platform === platform);
    lines.push(`  <testsuite name="${xml(platform)}" ${counts(own)} time="${seconds(sum(own))}">`);
    for (const result of own) lines.push(...testcase(result));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

function testcase(result: CheckResult): string[] {
  const open = `    <testcase classname="separation.${xml(result.platform)}.${xml(result.rule)}" name="${xml(result.name)}" time="${seconds(result.durationMs)}"`;
  const evidence = result.evidence.map(formatEvidence).join('\n');
  const message = `${result.rule}: ${result.message}`;
  switch (result.verdict) {
    case 'passed':
      return evidence === ''
        ? [`${open} />`]
        : [`${open}>`, `      <system-out>${xml(evidence)}</system-out>`, '    </testcase>'];
    case 'skipped':
      return [`${open}>`, `      <skipped message="${xml(result.message)}" />`, '    </testcase>'];
    case 'failed':
    case 'error': {
      const tag = result.verdict === 'failed' ? 'failure' : 'error';
      return [
        `${open}>`,
        `      <${tag} type="${xml(result.rule)}" message="${xml(message)}">${xml(evidence)}</${tag}>`,
        '    </testcase>',
      ];
    }
  }
}

function counts(results: readonly CheckResult[]): string {
  const t = countResults(results);
  return `tests="${t.total}" failures="${t.failed - t.errors}" errors="${t.errors}" skipped="${t.skipped}"`;
}

function sum(results: readonly CheckResult[]): number {
  return results.reduce((total, r) => total + r.durationMs, 0);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
