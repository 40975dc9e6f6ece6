/**
 * The HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
 * it loads with no console or page errors and no network request; markers of every kind are
 * drawn where the axis ticks say their seq is; zoom changes the ticks; clicking a fault shows
 * its explanation; the filter hides lanes; a hostile log cannot run script in it; a log of
 * 100,000 records loads with a bounded DOM.  Screenshots of a sample log at two zoom levels
 * are written under a temporary directory (its path is printed).  Without /usr/bin/chromium the
 * tests are skipped with a message; .ci/run installs it, so CI runs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { verifyLog } from '../../../sdk/audit/check.js';
import { explain, formatExplanation } from '../../../sdk/audit/explain.js';
import { renderHtml } from '../../../sdk/audit/html.js';
import { MARK_FIELDS, MARK_KINDS } from '../../../sdk/audit/html-marks.js';
import type { TimelineModel } from '../../../sdk/audit/html-model.js';
import { KIND_COLORS } from '../../../sdk/audit/html-script.js';
import { readLog } from '../../../sdk/audit/read.js';
import type { AuditRecord } from '../../../sdk/audit/schema.js';
import { bigLog, lifeRun } from './html-logs.js';
import { BASE, HOSTILE, hostileEvents, LogBuilder, openW0, pkru, PKRU, sandboxRun } from './logs.js';

/** What the callbacks run in the page (page.evaluate) use of it: the project compiles without the DOM library. */
interface PageNode {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { readonly left: number; readonly top: number; readonly width: number };
}
interface PageCanvas extends PageNode {
  width: number;
  height: number;
  readonly clientWidth: number;
  getContext(kind: '2d', opts?: { willReadFrequently: boolean }): {
    drawImage(from: PageCanvas, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, dw: number, dh: number): void;
    getImageData(x: number, y: number, w: number, h: number): { readonly data: ArrayLike<number> };
  } | null;
}
declare const document: {
  getElementById(id: string): PageCanvas | null;
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): Iterable<PageNode>;
  getElementsByTagName(tag: string): { readonly length: number };
  createElement(tag: 'canvas'): PageCanvas;
};
declare function requestAnimationFrame(fn: () => void): number;

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const SKIP = haveChromium ? '' : ` [SKIPPED: ${CHROMIUM} is missing; install it with apt-get install chromium]`;
if (!haveChromium) console.warn(`html.browser.test.ts: ${CHROMIUM} is missing, the headless-Chromium tests are skipped`);

/** What a page did while loading and being used. */
interface Visit {
  readonly page: Page;
  readonly errors: string[];
  /** Every request other than the report's own file. */
  readonly requests: string[];
}

/** Where a mark is drawn, in pixels from the canvas's top left corner. */
interface Spot { readonly x: number; readonly y: number; readonly seq: number; readonly kind: string; readonly color: string }

/** The colour a mark is drawn in (the page draws a window that never closes, or a refused retire, in red). */
function markColor(kind: string, flags: number): string {
  return (flags & 1) === 1 && kind !== 'seal' ? '#b02020' : KIND_COLORS[kind] ?? '?';
}

/** A hand-made log with what lifeRun lacks: an unaudited PKRU change (to read: no invariant broken) and a window that never closes (invariant 1). */
function unclosedLog(): AuditRecord[] {
  const b = new LogBuilder();
  b.add(...BASE, ...openW0(100), pkru(120, 3, PKRU.base, PKRU.k1read, 'pkru.unaudited'));
  return [...readLog(b.text()).records];
}

describe.skipIf(!haveChromium)(`audit html in headless Chromium${SKIP}`, () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'pkjit-html-'));

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function visit(html: string, name: string): Promise<Visit> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready]');
    return { page, errors, requests };
  }

  /** The axis ticks: seq and x (centre, from the canvas's left edge). */
  async function ticks(page: Page): Promise<Array<{ seq: number; x: number }>> {
    await nextFrame(page);
    return page.evaluate(() => {
      const left = document.getElementById('cv')?.getBoundingClientRect().left ?? 0;
      return [...document.querySelectorAll('#axis .tick')].map((t) => {
        const r = t.getBoundingClientRect();
        return { seq: Number(t.getAttribute('data-seq')), x: r.left + r.width / 2 - left };
      });
    });
  }

  async function nextFrame(page: Page): Promise<void> {
    await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  }

  /** The x of `seq` read off the axis: linear between the first and last tick. */
  async function xOf(page: Page, seq: number): Promise<number> {
    const t = await ticks(page);
    const a = t[0];
    const b = t.at(-1);
    if (a === undefined || b === undefined || a.seq === b.seq) throw new Error('fewer than two ticks');
    return a.x + ((seq - a.seq) * (b.x - a.x)) / (b.seq - a.seq);
  }

  /** The page's model (from its data block). */
  async function model(page: Page): Promise<TimelineModel> {
    return page.evaluate(() => JSON.parse(document.getElementById('pkjit-data')?.textContent ?? 'null') as TimelineModel);
  }

  /** The records in view, from the page's `seq A..B of` line. */
  async function inView(page: Page): Promise<readonly [number, number]> {
    const v = /^seq (\d+)\.\.(\d+) of/.exec(await page.locator('#view').textContent() ?? '');
    return [Number(v?.[1]), Number(v?.[2])];
  }

  /**
   * Where the first mark of `kind` (with a position in `range`, when given) is drawn, on the
   * first lane that has it (its label gives the lane's top).
   */
  async function spot(page: Page, m: TimelineModel, kind: string, range?: readonly [number, number]): Promise<Spot | null> {
    const k = MARK_KINDS.indexOf(kind as (typeof MARK_KINDS)[number]);
    for (let i = 0; i < m.marks.length / MARK_FIELDS; i++) {
      const at = m.marks[i * MARK_FIELDS] ?? -1;
      if (m.marks[i * MARK_FIELDS + 1] !== k || (range !== undefined && (at < range[0] || at > range[1]))) continue;
      const lane = m.lanes.find((l) => l.items.some((x, j) => j % 2 === 0 && x === i));
      if (lane === undefined) continue;
      const pos = m.marks[i * MARK_FIELDS] ?? 0;
      const top = await page.evaluate((id) => {
        const label = document.querySelector(`.lane-label[data-lane="${id}"]`)?.getBoundingClientRect().top;
        return label === undefined ? null : label - (document.getElementById('cv')?.getBoundingClientRect().top ?? 0);
      }, lane.id);
      if (top === null) return null;
      // A window is a bar from its open: 8 pixels in (past a marker at its open), in the bar's row; a marker: its centre.
      const x = Math.round(await xOf(page, pos)) + (kind === 'window' ? 8 : 0);
      return { x, y: Math.round(top) + (kind === 'window' ? 14 : 8), seq: m.marks[i * MARK_FIELDS + 5] ?? -1, kind,
        color: markColor(kind, m.marks[i * MARK_FIELDS + 2] ?? 0) };
    }
    return null;
  }

  /** The canvas pixel at (x, y), as #rrggbb. */
  async function pixel(page: Page, x: number, y: number): Promise<string> {
    await nextFrame(page);
    return page.evaluate(([px, py]) => {
      // Copied to a canvas of its own first: reading the page's canvas back would make Chromium warn.
      const cv = document.getElementById('cv');
      if (cv === null) return '#none';
      const dpr = cv.width / cv.clientWidth;
      const one = document.createElement('canvas');
      one.width = 1;
      one.height = 1;
      const c = one.getContext('2d', { willReadFrequently: true });
      c?.drawImage(cv, px * dpr, py * dpr, 1, 1, 0, 0, 1, 1);
      const d = c?.getImageData(0, 0, 1, 1).data ?? [0, 0, 0];
      return '#' + [d[0], d[1], d[2]].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('');
    }, [x, y] as const);
  }

  /** The canvas's box in the viewport, scrolled into view first (the tables above may push it below the fold). */
  async function canvasBox(page: Page): Promise<{ x: number; y: number }> {
    await page.locator('#viewport').scrollIntoViewIfNeeded();
    const box = await page.locator('#cv').boundingBox();
    return { x: box?.x ?? 0, y: box?.y ?? 0 };
  }

  async function click(page: Page, s: { x: number; y: number }): Promise<void> {
    const box = await canvasBox(page);
    await page.mouse.click(box.x + s.x, box.y + s.y);
  }

  it('a real sandbox log: no errors, a lane per thread, a fault that opens its explanation', async () => {
    const run = sandboxRun();
    const { page, errors, requests } = await visit(renderHtml(run.records, 'sandbox run'), 'run.html');
    const tids = [...new Set(run.records.map((r) => r.tid).filter((t) => t !== null))].map((t) => `t${t}`);
    expect(await page.locator('.lane-label.thread').evaluateAll((els) => els.map((e) => e.getAttribute('data-lane')))).toEqual(tids);
    expect(await page.locator('#chain-status').textContent()).toBe('intact');
    const fault = await spot(page, await model(page), 'fault');
    expect(fault).not.toBeNull();
    if (fault === null) return;
    expect(await pixel(page, fault.x, fault.y)).toBe(KIND_COLORS['fault']);
    expect(await page.locator('#tip').isVisible()).toBe(false);
    const box = await canvasBox(page);
    await page.mouse.move(box.x + fault.x, box.y + fault.y);
    await expect.poll(() => page.locator('#tip').isVisible()).toBe(true);
    expect(await page.locator('#tip').textContent()).toContain('SEGV_PKUERR');
    expect(await page.locator('#detail').isVisible()).toBe(false);
    await click(page, fault);
    expect(await page.locator('#detail').isVisible()).toBe(true);
    expect(await page.locator('#detail').getAttribute('data-seq')).toBe(String(fault.seq));
    const text = formatExplanation(explain(run.records, fault.seq)).join('\n');
    expect(await page.locator('#detail-text').textContent()).toContain(text);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('markers of each kind are drawn at their seq on the axis, and a click on one selects that record', async () => {
    const run = lifeRun();
    const logs: Array<readonly [string, readonly AuditRecord[]]> = [['life', run.records], ['unclosed', unclosedLog()]];
    const seen = new Set<string>();
    for (const [name, records] of logs) {
      const report = verifyLog(records.map((r) => JSON.stringify(r) + '\n').join(''));
      const { page, errors } = await visit(renderHtml(records, name, report), `${name}.html`);
      const m = await model(page);
      for (const kind of MARK_KINDS) {
        const s = await spot(page, m, kind);
        if (s === null) continue;
        seen.add(kind);
        expect(await pixel(page, s.x, s.y), `${name}: ${kind} (seq ${s.seq}) at x ${s.x}`).toBe(s.color);
        await click(page, s);
        expect(await page.locator('#detail').getAttribute('data-seq'), `${name}: click on ${kind}`).toBe(String(s.seq));
        expect(await page.locator('#detail').getAttribute('data-kind')).toBe(kind);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
    expect([...seen].sort()).toEqual([...MARK_KINDS].sort());
  });

  it('zoom recomputes the ticks, down to one per record, and markers stay where the ticks say', async () => {
    const run = lifeRun();
    const { page, errors } = await visit(renderHtml(run.records, 'life'), 'zoom.html');
    const step = async (): Promise<number> => Number(await page.locator('#axis').getAttribute('data-step'));
    const before = await ticks(page);
    const step0 = await step();
    await page.locator('#zoom-in').click();
    const after = await ticks(page);
    expect(after.map((t) => t.seq)).not.toEqual(before.map((t) => t.seq));
    expect(await step()).toBeLessThan(step0);
    // ctrl+wheel zooms at the cursor: the seq under it stays put.
    const box = await canvasBox(page);
    const cx = 400;
    const under = async (): Promise<number> => {
      const t = await ticks(page);
      const a = t[0] ?? { seq: 0, x: 0 };
      const b = t.at(-1) ?? { seq: 1, x: 1 };
      return a.seq + ((cx - a.x) * (b.seq - a.seq)) / (b.x - a.x);
    };
    const seqAt = await under();
    await page.mouse.move(box.x + cx, box.y + 10);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    expect(await step()).toBeLessThan(step0);
    expect(Math.abs((await under()) - seqAt)).toBeLessThan(0.5);
    for (let i = 0; i < 4; i++) await page.locator('#zoom-in').click();
    expect(await step()).toBe(1);
    const t = await ticks(page);
    const gaps = t.slice(1).map((x, i) => x.x - (t[i]?.x ?? 0));
    expect(t.slice(1).every((x, i) => x.seq === (t[i]?.seq ?? 0) + 1)).toBe(true);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThan(1.5);
    // A marker in view at this scale is where the ticks say its seq is.
    const m = await model(page);
    const near = (await Promise.all(['write', 'seal', 'reserve', 'enter', 'publish'].map((k) => inView(page).then((r) => spot(page, m, k, r))))).find((x) => x !== null);
    if (near === undefined || near === null) throw new Error(`no marker in view (${String(await inView(page))})`);
    expect(await pixel(page, near.x, near.y), `${near.kind} seq ${near.seq}`).toBe(near.color);
    // Pan by dragging: the ticks move with the records.
    const first = t[0]?.seq ?? 0;
    await page.mouse.move(box.x + 300, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + 700, box.y + 10, { steps: 4 });
    await page.mouse.up();
    expect((await ticks(page))[0]?.seq).toBeLessThan(first);
    await page.locator('#zoom-fit').click();
    expect((await ticks(page)).map((x) => x.seq)).toEqual(before.map((x) => x.seq));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a fault in the list opens its explanation and brings it into view; the filter hides lanes and markers', async () => {
    const run = lifeRun();
    const { page, errors } = await visit(renderHtml(run.records, 'life'), 'filter.html');
    const seq = run.records.find((r) => r.kind === 'fault')?.seq ?? -1;
    for (let i = 0; i < 3; i++) await page.locator('#zoom-in').click(); // the middle of the log, without the fault
    expect(await page.locator('#view').textContent()).not.toContain(`..${seq} `);
    await page.locator(`#problems tr[data-seq="${seq}"]`).click();
    expect(await page.locator('#detail').getAttribute('data-seq')).toBe(String(seq));
    expect(await page.locator('#detail-text').textContent()).toContain(formatExplanation(explain(run.records, seq)).join('\n'));
    const [lo, hi] = await inView(page);
    expect(lo).toBeLessThanOrEqual(seq);
    expect(hi).toBeGreaterThanOrEqual(seq);
    await page.locator('#zoom-fit').click();
    const lanes = async (): Promise<Array<string | null>> => {
      await nextFrame(page);
      return page.locator('.lane-label').evaluateAll((els) => els.map((e) => e.getAttribute('data-lane')));
    };
    const all = await lanes();
    await page.locator(`#f-thread input[data-value="${run.executor}"]`).uncheck();
    expect(await lanes()).toEqual(all.filter((l) => l !== `t${run.executor}`));
    expect(await page.locator('#lane-count').textContent()).toBe(`${all.length - 1} of ${all.length} lanes shown`);
    const m = await model(page);
    const tier2 = m.lanes.filter((l) => l.type === 'a' && m.regions[l.region] === 'tier2').map((l) => l.id);
    expect(tier2.length).toBeGreaterThan(0);
    await page.locator('#f-region input[data-value="tier2"]').uncheck();
    expect(await lanes()).toEqual(all.filter((l) => l !== `t${run.executor}` && !tier2.includes(l ?? '')));
    await page.locator(`#f-thread input[data-value="${run.executor}"]`).check();
    expect((await lanes()).length).toBe(all.length - tier2.length);
    const fault = await spot(page, m, 'fault');
    if (fault === null) throw new Error('no fault drawn');
    expect(await pixel(page, fault.x, fault.y)).toBe(KIND_COLORS['fault']);
    await page.locator('#f-kind input[data-value="fault"]').uncheck();
    expect(await pixel(page, fault.x, fault.y)).not.toBe(KIND_COLORS['fault']);
    await page.locator('#f-kind input[data-value="fault"]').check();
    expect(await pixel(page, fault.x, fault.y)).toBe(KIND_COLORS['fault']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('with more than 40 threads the thread filter is a text box: the lanes of the tids typed in stay', async () => {
    const b = new LogBuilder();
    b.add(...BASE, ...Array.from({ length: 45 }, (_, i) => ({ kind: 'thread.spawn' as const, cycle: 70, tid: 10 + i, pkruBefore: PKRU.base, detail: { role: 'executor', parent: 1 } })),
      // A region named like an Object.prototype property is a region like any other.
      { kind: 'alloc.reserve', cycle: 80, tid: 1, region: 'constructor', alloc: 'constructor#0', range: ['0x20000', '0x20040'], detail: { kind: 'function' } });
    const { page, errors } = await visit(renderHtml(readLog(b.text()).records, 'many'), 'many.html');
    expect(await page.locator('#f-thread input[type="checkbox"]').count()).toBe(0);
    await page.locator('#f-tids').fill('2, 11');
    await page.locator('#f-tids').press('Tab');
    await nextFrame(page);
    expect(await page.locator('.lane-label.thread').evaluateAll((els) => els.map((e) => e.getAttribute('data-lane')))).toEqual(['t2', 't11']);
    await page.locator('#f-tids').fill('');
    await page.locator('#f-tids').press('Tab');
    await nextFrame(page);
    expect(await page.locator('#lane-count').textContent()).toBe('51 of 51 lanes shown');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('screenshots of a sample log at two zoom levels', async () => {
    const { page, errors } = await visit(renderHtml(lifeRun().records, 'pkjit audit: a sample run'), 'sample.html');
    const whole = join(dir, 'timeline-whole.png');
    const zoomed = join(dir, 'timeline-zoomed.png');
    await page.locator('#tl').screenshot({ path: whole });
    for (let i = 0; i < 3; i++) await page.locator('#zoom-in').click();
    await nextFrame(page);
    await page.locator('#tl').screenshot({ path: zoomed });
    console.log(`html.browser.test.ts: screenshots in ${dir}: timeline-whole.png, timeline-zoomed.png`);
    expect(statSync(whole).size).toBeGreaterThan(1000);
    expect(statSync(zoomed).size).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a hostile log renders as text: no script of its own runs, no element is injected', async () => {
    const b = new LogBuilder();
    b.add(...hostileEvents());
    const records = readLog(b.text()).records;
    const { page, errors, requests } = await visit(renderHtml(records, HOSTILE), 'hostile.html');
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script:not([type])').count()).toBe(1);
    expect(await page.locator('script').count()).toBe(3);
    expect(await page.title()).toBe(HOSTILE);
    expect(await page.locator('.lane-label.thread').count()).toBe(new Set(records.map((r) => r.tid).filter((t) => t !== null)).size);
    expect(await page.locator('.lane-label .name').allTextContents()).toContain(`thread 5 (${HOSTILE})`);
    expect(await page.locator('#f-thread label').allTextContents()).toContain(`thread 5 (${HOSTILE})`);
    const fault = await spot(page, await model(page), 'fault');
    if (fault === null) throw new Error('no fault drawn');
    await click(page, fault);
    expect(await page.locator('#detail-text').textContent()).toContain(HOSTILE);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('a log of 100,000 records loads with a bounded DOM; zoom, scroll and the fault list work', async () => {
    const log = bigLog(100_000);
    const { page, errors } = await visit(renderHtml(log, 'big'), 'big.html');
    const elements = async (): Promise<number> => page.evaluate(() => document.getElementsByTagName('*').length);
    expect(await elements()).toBeLessThan(1500);
    const step = async (): Promise<number> => Number(await page.locator('#axis').getAttribute('data-step'));
    const s0 = await step();
    for (let i = 0; i < 12; i++) await page.locator('#zoom-in').click();
    expect(await step()).toBeLessThan(s0 / 100);
    await page.locator('#viewport').evaluate((v) => { v.scrollTop = v.scrollHeight; });
    await nextFrame(page);
    const m = await model(page);
    const lastLane = m.lanes.at(-1)?.id ?? '';
    await expect.poll(() => page.locator(`.lane-label[data-lane="${lastLane}"]`).count()).toBe(1);
    expect(await page.locator('.lane-label').count()).toBeLessThan(100);
    const seq = log.find((r) => r.kind === 'fault')?.seq ?? -1;
    await page.locator(`#problems tr[data-seq="${seq}"]`).click();
    expect(await page.locator('#detail-text').textContent()).toContain(`seq ${seq}: fault (cycle`);
    expect(await elements()).toBeLessThan(1500);
    expect(errors).toEqual([]);
    await page.close();
  });
});
