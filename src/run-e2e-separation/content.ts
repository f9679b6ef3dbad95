/**
 * The content checks: a platform's pages show its own markers and none of another platform's, in the
 * HTML and in the same-origin script chunks the HTML references (where Next.js inlines NEXT_PUBLIC_*).
 */
import type { CheckContext, PageLoad } from './context.js';
import type { Evidence } from './result.js';
import type { Marker, PlatformSpec } from './spec.js';
import type { Outcome } from './separation.js';

/** Characters of context shown on each side of a match. */
const SNIPPET_CONTEXT = 40;

/** Where a marker was found on a page: the page itself or one of its scripts. */
export interface MarkerHit {
  marker: Marker;
  /** `GET <url>` of the HTML or the script. */
  request: string;
  status: number | undefined;
  snippet: string;
  /** The server's HTML, a script, or the DOM after the browser ran the scripts (browser mode). */
  where: 'HTML' | 'script' | 'rendered page';
}

/** Rule own-markers: every page of A shows all (or any, per `require-markers`) of A's markers. */
export async function checkOwnMarkers(context: CheckContext, a: PlatformSpec): Promise<Outcome> {
  const pages = await context.pages(a);
  const broken = unreadable(pages);
  if (broken) return broken;
  const evidence: Evidence[] = [];
  for (const page of pages) {
    const missing: string[] = [];
    for (const marker of a.markers) {
      const hit = findMarker(page, marker)[0];
      if (hit) evidence.push(hitEvidence(hit));
      else missing.push(marker.label);
    }
    const shown = a.markers.length - missing.length;
    if (missing.length > 0 && (a.requireMarkers === 'all' || shown === 0)) {
      const browser = page.rendered ? ' and the rendered page' : '';
      const detail = `missing ${missing.join(', ')} (HTML, ${page.chunks.length} script(s)${browser} searched)`;
      evidence.unshift({
        request: `GET ${page.answer?.url ?? page.url}`,
        status: page.answer?.status,
        detail,
      });
      return {
        verdict: 'failed',
        message: `${a.name}'s page ${page.path} does not show ${a.requireMarkers === 'all' ? 'all of' : 'any of'} its own markers: ${detail}`,
        evidence,
      };
    }
  }
  return { verdict: 'passed', message: `${a.name}'s ${pages.length} page(s) show its markers`, evidence };
}

/** Rule foreign-markers: no page of A (HTML or scripts) shows any of B's markers. */
export async function checkForeignMarkers(
  context: CheckContext,
  a: PlatformSpec,
  b: PlatformSpec,
): Promise<Outcome> {
  const pages = await context.pages(a);
  const broken = unreadable(pages);
  if (broken) return broken;
  const hits = pages.flatMap((page) =>
    b.markers.flatMap((marker) => findMarker(page, marker).map((hit) => ({ page, hit }))),
  );
  const searched = pages.map((page) => ({
    request: `GET ${page.answer?.url ?? page.url}`,
    status: page.answer?.status,
    detail: describeSearch(page),
  }));
  const first = hits[0];
  if (!first) {
    return {
      verdict: 'passed',
      message: `${a.name}'s pages show none of ${b.name}'s markers`,
      evidence: searched,
    };
  }
  const where =
    first.hit.where === 'script' ? `script ${first.hit.request.replace(/^GET /, '')}` : first.hit.where;
  return {
    verdict: 'failed',
    message: `${a.name}'s page ${first.page.path} contains ${b.name}'s marker ${first.hit.marker.label} in its ${where}: ${first.hit.snippet}${hits.length > 1 ? ` (${hits.length} matches in all)` : ''}`,
    evidence: hits.map(({ hit }) => hitEvidence(hit)),
  };
}

/** Every place a marker occurs on a loaded page: its HTML first, then its scripts. */
export function findMarker(page: PageLoad, marker: Marker): MarkerHit[] {
  const hits: MarkerHit[] = [];
  for (const source of sources(page)) {
    const match = new RegExp(marker.regex.source, marker.regex.flags.replace('g', '')).exec(source.text);
    if (match) {
      const { request, status, where } = source;
      hits.push({
        marker,
        request,
        status,
        where,
        snippet: snippet(source.text, match.index, match[0].length),
      });
    }
  }
  return hits;
}

/** A one-line excerpt around a match, quoted, with `…` where text was cut. */
export function snippet(text: string, index: number, length: number): string {
  const start = Math.max(0, index - SNIPPET_CONTEXT);
  const end = Math.min(text.length, index + Math.max(length, 1) + SNIPPET_CONTEXT);
  const body = text
    .slice(start, end)
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped here
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}'`;
}

function hitEvidence(hit: MarkerHit): Evidence {
  return {
    request: hit.request,
    status: hit.status,
    detail: `${hit.marker.label} in ${hit.where}: ${hit.snippet}`,
  };
}

/** What was searched on a page: the HTML, how many scripts (and which were cut or skipped), the browser. */
function describeSearch(page: PageLoad): string {
  const parts = [`searched the HTML and ${page.chunks.length} script(s)`];
  const cut = [page.answer, ...page.chunks.map((c) => c.answer)].filter((a) => a?.truncated).length;
  if (cut > 0) parts.push(` (${cut} read only up to the size limit)`);
  if (page.rendered)
    parts.push(`, and the page in the browser with ${page.rendered.scripts.length} script(s)`);
  if (page.notFollowed.length > 0) parts.push(`; not followed: ${page.notFollowed.join(', ')}`);
  return parts.join('');
}

interface Source {
  request: string;
  status: number | undefined;
  text: string;
  where: MarkerHit['where'];
}

/** The texts of a page to search: its HTML, its scripts, and what the browser saw (browser mode). */
function sources(page: PageLoad): Source[] {
  const list: Source[] = [
    {
      request: `GET ${page.answer?.url ?? page.url}`,
      status: page.answer?.status,
      text: page.answer?.body ?? '',
      where: 'HTML',
    },
    ...page.chunks.map((chunk) => ({
      request: `GET ${chunk.url}`,
      status: chunk.answer?.status,
      text: chunk.error === undefined ? (chunk.answer?.body ?? '') : '',
      where: 'script' as const,
    })),
  ];
  const rendered = page.rendered;
  if (!rendered) return list;
  list.push({
    request: `BROWSER ${rendered.url}`,
    status: rendered.status,
    text: rendered.dom,
    where: 'rendered page',
  });
  const read = new Set(page.chunks.map((chunk) => pathOf(chunk.url)));
  for (const script of rendered.scripts.filter((s) => !read.has(pathOf(s.url)))) {
    list.push({
      request: `GET ${script.url} (loaded by the browser)`,
      status: 200,
      text: script.body,
      where: 'script',
    });
  }
  return list;
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** An `error` outcome when a page or one of its scripts could not be read, else `undefined`. */
function unreadable(pages: PageLoad[]): Outcome | undefined {
  for (const page of pages) {
    if (page.error !== undefined) {
      return {
        verdict: 'error',
        message: `could not load page ${page.url}: ${page.error}`,
        evidence: [{ request: `GET ${page.url}`, status: page.answer?.status, detail: page.error }],
      };
    }
    const chunk = page.chunks.find((c) => c.error !== undefined);
    if (chunk) {
      return {
        verdict: 'error',
        message: `could not load script ${chunk.url} referenced by ${page.url}: ${chunk.error}`,
        evidence: [{ request: `GET ${chunk.url}`, status: chunk.answer?.status, detail: chunk.error ?? '' }],
      };
    }
  }
  return undefined;
}
