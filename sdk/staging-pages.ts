/**
 * mprotect policy: how many open windows cover each staging page of a region.
 *
 * mprotect(2) sets one protection on every page of a range and keeps no count of who asked
 * for it, while allocations share pages: two windows on two allocations of one page both need
 * it writable.  So a staging page becomes RW when the first window covering it opens and R
 * again only when the last one closes; the counts say which pages change at each step.
 *
 *   pages      | p0 | p1 | p2 | p3 |
 *   window w1  |====|====|         (allocation a: p0..p1)
 *   window w2       |====|====|    (allocation b: p1..p2)
 *   count      |  1 |  2 |  1 |  0 |   closing w1 flips p0 only; closing w2 then flips p1..p2
 */
import { PAGE_SIZE } from '../mpk-hw/phys-mem.js';
import type { CodeRegion } from './code-region.js';
import { SdkError } from './errors.js';

/** A page range [start, end): byte addresses, page aligned. */
export type PageRun = readonly [start: number, end: number];

/** Open-window counts of one region's staging pages. */
export class StagingPageCounts {
  /** Page address -> number of open windows covering it (absent: none, the page is R). */
  readonly #count = new Map<number, number>();

  /** Open windows covering the page at `page` (a page-aligned address). */
  count(page: number): number {
    return this.#count.get(page) ?? 0;
  }

  /** The runs of pages in [start, end) no open window covers (those a new window must make RW). */
  uncovered(start: number, end: number): PageRun[] {
    return runsWhere(start, end, (p) => this.count(p) === 0);
  }

  /** One more window over [start, end). */
  acquire(start: number, end: number): void {
    for (let p = start; p < end; p += PAGE_SIZE) this.#count.set(p, this.count(p) + 1);
  }

  /** One window fewer over [start, end); returns the runs no window covers any more (to make R). */
  release(start: number, end: number): PageRun[] {
    for (let p = start; p < end; p += PAGE_SIZE) {
      const n = this.count(p);
      if (n <= 0) throw new SdkError('INVARIANT', `staging page 0x${p.toString(16)} released with no window covering it`);
      if (n === 1) this.#count.delete(p);
      else this.#count.set(p, n - 1);
    }
    return this.uncovered(start, end);
  }
}

/** The maximal runs of pages in [start, end) for which `pred` holds, in address order. */
function runsWhere(start: number, end: number, pred: (page: number) => boolean): PageRun[] {
  const out: PageRun[] = [];
  let from: number | null = null;
  for (let p = start; p < end; p += PAGE_SIZE) {
    if (pred(p)) from ??= p;
    else if (from !== null) {
      out.push([from, p]);
      from = null;
    }
  }
  if (from !== null) out.push([from, end]);
  return out;
}

const counts = new WeakMap<CodeRegion, StagingPageCounts>();

/** The staging-page counts of `region` (created empty: every staging page starts R). */
export function stagingCounts(region: CodeRegion): StagingPageCounts {
  let c = counts.get(region);
  if (c === undefined) {
    c = new StagingPageCounts();
    counts.set(region, c);
  }
  return c;
}
