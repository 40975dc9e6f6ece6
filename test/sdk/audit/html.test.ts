import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { verifyLog } from '../../../sdk/audit/check.js';
import { esc, renderHtml } from '../../../sdk/audit/html.js';
import { readLog } from '../../../sdk/audit/read.js';
import { BASE, HOSTILE, hostileEvents, LogBuilder, sandboxRun, TEST_KEY } from './logs.js';

/** Distinct thread ids acting in a log. */
function tids(records: readonly { tid: number | null }[]): number[] {
  return [...new Set(records.map((r) => r.tid).filter((t): t is number => t !== null))];
}

describe('audit html', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  it('one lane per thread, a fault marker, the chain status and the summary tables', () => {
    const run = sandboxRun();
    const html = renderHtml(run.records, 'run');
    const lanes = [...html.matchAll(/<div class="lane" data-tid="(\d+)">/g)].map((m) => Number(m[1]));
    expect(lanes).toEqual(tids(run.records));
    expect(html.match(/class="mark fault"/g)).toHaveLength(1);
    expect(html.match(/class="mark violation"/g)).toHaveLength(1);
    expect(html).toContain('id="chain-status">intact</span>');
    expect(html).toContain('<caption>regions</caption>');
    expect(html).toContain('<td>tier1</td><td>3</td>');
    expect(html.match(/class="win"/g)).toHaveLength(3);
  });

  it('a process-wide violation (no thread) is listed in the header', () => {
    const b = new LogBuilder();
    b.add(...BASE, { kind: 'violation', cycle: 5, tid: null, region: 'r', alloc: 'r#0', reason: 'bytes changed since seal', detail: { code: 'INTEGRITY' } });
    const html = renderHtml(readLog(b.text()).records, 'x');
    expect(html).toContain('<li>seq 8 violation at cycle 5; r r#0; bytes changed since seal; code: INTEGRITY</li>');
    expect(html).not.toContain('class="mark violation"');
  });

  it('is self-contained: no external URL, and a CSP that allows only its own script', () => {
    const html = renderHtml(sandboxRun().records, 'run');
    expect(html).not.toMatch(/https?:|\bsrc=|<link|@import|url\(/i);
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain("default-src 'none'");
  });

  it('a hostile log cannot inject markup: every string is escaped', () => {
    const b = new LogBuilder();
    b.add(...hostileEvents());
    const html = renderHtml(readLog(b.text()).records, HOSTILE);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('__pwned=1</script>');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain(esc(HOSTILE));
    expect(html).toContain(`<title>${esc(HOSTILE)}</title>`);
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
