/** The run-e2e-separation action: spec → checks for every pair of platforms → JUnit report, outputs, summary. */
import * as core from '@actions/core';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { runAction } from '../lib/action-shell.js';
import { systemClock } from '../lib/clock.js';
import { createTransport } from '../lib/http-transport.js';
import { findBrowserExecutable, launchRenderer, type PageRenderer } from './browser.js';
import { renderJunit } from './junit.js';
import { runSeparation } from './separation.js';
import { readSettings, SECRET_INPUTS, separationOptions } from './settings.js';
import { parseSpec, readCredentials, readSpecInput } from './spec.js';
import { MAX_ANNOTATIONS, renderFailureLine, renderSummary } from './summary.js';

await runAction(core, process, {
  secretInputs: SECRET_INPUTS,
  async run({ log, signal, mask, summary, defer }) {
    const settings = readSettings((name) => core.getInput(name));
    const cwd = process.env.GITHUB_WORKSPACE || process.cwd();
    const { text, source } = readSpecInput(settings.spec, cwd);
    const spec = parseSpec(text, source, settings.environment);
    const credentials = readCredentials(spec, process.env);
    for (const value of Object.values(credentials)) mask(value);
    core.debug(`settings: ${JSON.stringify(settings)}`);
    const options = separationOptions(settings);
    let browser: PageRenderer | undefined;
    if (settings.browser) {
      browser = await launchRenderer({
        executablePath: findBrowserExecutable(settings.executablePath, existsSync),
        platforms: spec.platforms,
        timeoutMs: settings.requestTimeoutMs,
        maxScriptBytes: options.maxChunkBytes,
        clock: systemClock,
        signal,
      });
      defer(() => browser?.close());
    }
    const http = await createTransport(process.env);
    defer(() => http.close());
    const deps = { browser, clock: systemClock, fetch: http.fetch, signal, log };
    const report = await runSeparation(spec, credentials, options, deps);
    const reportPath = resolve(cwd, settings.reportPath);
    mkdirSync(dirname(reportPath), { recursive: true });
    writeFileSync(reportPath, renderJunit(report.results, report.environment));
    core.setOutput('passed', String(report.totals.failed === 0));
    core.setOutput('failed-count', String(report.totals.failed));
    core.setOutput('report', reportPath);
    await summary(renderSummary(report, settings.reportPath));
    const failed = report.results.filter((r) => r.verdict === 'failed' || r.verdict === 'error');
    for (const r of failed.slice(0, MAX_ANNOTATIONS)) core.error(`[${r.rule}] ${r.name}: ${r.message}`);
    if (failed.length > 0) core.setFailed(renderFailureLine(report));
  },
});
