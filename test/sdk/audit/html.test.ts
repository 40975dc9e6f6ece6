import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { verifyLog } from '../../../sdk/audit/check.js';
import { esc, jsonData, renderHtml, renderHtmlReport } from '../../../sdk/audit/html.js';
import { readLog } from '../../../sdk/audit/read.js';
import { BASE, HOSTILE, hostileEvents, LogBuilder, sandboxRun, TEST_KEY } from './logs.js';

/** Distinct thread ids acting in a log. */
function tids(records: readonly { tid: number | null }[]): number[] {
  return [...new Set(records.map((r) => r.tid).filter((t): t is number => t !== null))];
}

/** The page's markup without its two JSON data blocks. */
function markup(html: string): string {
  return html.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/g, '');
}

/** The timeline model in the page's data block. */
function data(html: string): { lanes: Array<{ type: string; tid?: number; label: string }>; problems: Array<{ seq: number; kind: string; explanation: string }> } {
  const json = /<script type="application\/json" id="pkjit-data">([^<]*)<\/script>/.exec(html)?.[1] ?? 'null';
  return JSON.parse(json) as ReturnType<typeof data>;
}

describe('audit html', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  it('data blocks hold no < (nothing can close the block or open a comment)', () => {
    expect(jsonData({ s: '</script><!-- <b>' })).toBe('{"s":"\\u003c/script>\\u003c!-- \\u003cb>"}');
    expect(JSON.parse(jsonData({ s: '</script>' }))).toEqual({ s: '</script>' });
  });

  it('a lane per thread, then per allocation; the chain status, the summary and lifecycle tables', () => {
    const run = sandboxRun();
    const report = renderHtmlReport(run.records, 'run');
    const lanes = data(report.html).lanes;
    expect(lanes.filter((l) => l.type === 't').map((l) => l.tid)).toEqual(tids(run.records));
    expect(lanes.filter((l) => l.type === 'a').map((l) => l.label)).toEqual(['tier1#0', 'tier1#1']);
    expect(report).toMatchObject({ threadLanes: 3, allocationLanes: 2, problems: 2 });
    expect(report.html).toContain('id="chain-status">intact</span>');
    expect(report.html).toContain('<caption>regions</caption>');
    expect(report.html).toContain('<td>tier1</td><td>3</td>');
    expect(report.html).toContain('<caption>lifecycle by region</caption>');
    expect(report.html).toContain('<caption>lifecycle by thread</caption>');
  });

  it('states its clock: the record sequence number', () => {
    const html = renderHtml(sandboxRun().records, 'run');
    expect(html).toContain('the x axis is the record sequence number <b>seq</b>');
    expect(html).toContain('cannot be compared across threads');
  });

  it('lists every fault and violation with its seq, and embeds its explanation', () => {
    const run = sandboxRun();
    const html = renderHtml(run.records, 'run');
    const fault = run.records.find((r) => r.kind === 'fault');
    const violation = run.records.find((r) => r.kind === 'violation');
    const problems = data(html).problems;
    expect(problems.map((p) => [p.seq, p.kind])).toEqual([[violation?.seq, 'violation'], [fault?.seq, 'fault']]);
    expect(html).toContain(`<tr data-seq="${fault?.seq}" class="problem fault">`);
    const text = problems.find((p) => p.kind === 'fault')?.explanation ?? '';
    expect(text.split('\n')[0]).toBe(`seq ${fault?.seq}: fault (cycle ${fault?.cycle}, thread ${run.executor.tid}, executor)`);
    expect(text).toContain('  pitfall:    executor write to code');
  });

  it('a process-wide violation (no thread) is listed and drawn on its allocation, on no thread', () => {
    const b = new LogBuilder();
    b.add(...BASE, { kind: 'violation', cycle: 5, tid: null, region: 'r', alloc: 'r#0', reason: 'bytes changed since seal', detail: { code: 'INTEGRITY' } });
    const html = renderHtml(readLog(b.text()).records, 'x');
    expect(html).toContain('<td class="text">process r r#0: INTEGRITY: bytes changed since seal</td>');
    expect(data(html).problems).toHaveLength(1);
  });

  it('is self-contained: no external URL, no inline style attribute, a CSP that allows only its own style and script', () => {
    const html = renderHtml(sandboxRun().records, 'run');
    expect(html).not.toMatch(/https?:|\bsrc=|<link|@import|url\(/i);
    expect(markup(html)).not.toMatch(/\sstyle=/);
    const hash = (s: string): string => createHash('sha256').update(s).digest('base64');
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*)<\/style>/.exec(html)?.[1] ?? '';
    expect(html).toContain(`script-src 'sha256-${hash(script)}'`);
    expect(html).toContain(`style-src 'sha256-${hash(style)}'`);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toContain('unsafe-inline');
  });

  it('a hostile log cannot inject markup: every string is escaped or in a data block without <', () => {
    const b = new LogBuilder();
    b.add(...hostileEvents());
    const html = renderHtml(readLog(b.text()).records, HOSTILE);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('__pwned=1</script>');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html).toContain(esc(HOSTILE));
    expect(html).toContain(`<title>${esc(HOSTILE)}</title>`);
    expect(data(html).lanes.map((l) => l.label)).toContain(`thread 5 (${HOSTILE})`);
  });

  it('shows a tampered log as tampered, with its problems', () => {
    const lines = sandboxRun().text.split('\n');
    lines[3] = (lines[3] ?? '').replace('"cycle":', '"cycle":7');
    const report = verifyLog(lines.join('\n'), { key: TEST_KEY });
    const html = renderHtml(report.records, 'x', report);
    expect(html).toContain('id="chain-status">tampered</span>');
    expect(html).toContain('invariants not checked');
    expect(html).toContain('<li>line 4 (seq 3): mac does not verify under the key of its epoch</li>');
  });
});
