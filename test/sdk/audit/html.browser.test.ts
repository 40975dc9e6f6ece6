/**
 * The HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
 * it loads with no console or page errors and no network request, draws one lane per thread,
 * marks faults, shows details on hover, and a hostile log cannot run script in it.  Without
 * /usr/bin/chromium the tests are skipped with a message; .ci/run installs it, so CI runs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../../sdk/audit/html.js';
import { readLog } from '../../../sdk/audit/read.js';
import { HOSTILE, hostileEvents, LogBuilder, sandboxRun } from './logs.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const SKIP = haveChromium ? '' : ` [SKIPPED: ${CHROMIUM} is missing; install it with apt-get install chromium]`;
if (!haveChromium) console.warn(`html.browser.test.ts: ${CHROMIUM} is missing, the headless-Chromium tests are skipped`);

/** What a page did while loading and being hovered. */
interface Visit {
  readonly page: Page;
  readonly errors: string[];
  /** Every request other than the report's own file. */
  readonly requests: string[];
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
    const page = await browser.newPage();
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
    return { page, errors, requests };
  }

  it('a real sandbox log: no errors, one lane per thread, a fault marker with its details on hover', async () => {
    const run = sandboxRun();
    const { page, errors, requests } = await visit(renderHtml(run.records, 'sandbox run'), 'run.html');
    const tids = [...new Set(run.records.map((r) => r.tid).filter((t) => t !== null))].map(String);
    expect(await page.locator('.lane').count()).toBe(tids.length);
    expect(await page.locator('.lane').evaluateAll((els) => els.map((e) => e.getAttribute('data-tid')))).toEqual(tids);
    const fault = page.locator(`.lane[data-tid="${run.executor.tid}"] .mark.fault`);
    expect(await fault.count()).toBe(1);
    const box = await fault.boundingBox();
    expect(box?.height).toBeGreaterThan(0);
    expect(await page.locator('.band').count()).toBeGreaterThan(0);
    expect(await page.locator('#tip').isVisible()).toBe(false);
    await fault.hover({ force: true });
    await expect.poll(() => page.locator('#tip').isVisible()).toBe(true);
    expect(await page.locator('#tip').textContent()).toContain('SEGV_PKUERR');
    expect(await page.locator('#chain-status').textContent()).toBe('intact');
    const width = async (): Promise<number> => (await page.locator('#zoomed').boundingBox())?.width ?? 0;
    const before = await width();
    await page.locator('#zoom').fill('4');
    expect(await width()).toBeCloseTo(before * 4, 0);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('a hostile log renders as text: no script of its own runs, no element is injected', async () => {
    const b = new LogBuilder();
    b.add(...hostileEvents());
    const records = readLog(b.text()).records;
    const { page, errors, requests } = await visit(renderHtml(records, HOSTILE), 'hostile.html');
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.title()).toBe(HOSTILE);
    expect(await page.locator('.lane').count()).toBe(new Set(records.map((r) => r.tid).filter((t) => t !== null)).size);
    expect(await page.locator('.lane .label').allTextContents()).toContain(`thread 5 (${HOSTILE})`);
    expect(await page.locator('.mark.fault').count()).toBe(1);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
