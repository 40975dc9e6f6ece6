/**
 * The mprotect policy's staging pages (sdk/staging-pages.ts, sdk/windows.ts): a staging page is
 * writable exactly while some open window covers it, however the windows on allocations that
 * share it open and close.  The page protections are read from the machine (the VMA and the
 * PTE), not from the SDK; the `mprotect` records of the log, replayed, must say the same, and
 * there is one record for every mprotect call the kernel counted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Machine } from '../../mpk-hw/index.js';
import { PROT_WRITE } from '../../mpk-hw/kernel/constants.js';
import { leafAttrsOf } from '../../mpk-hw/page-table.js';
import { PAGE_SIZE } from '../../mpk-hw/phys-mem.js';
import { ALLOC_ALIGN, MemorySink, Sandbox, verifyLog, type Allocation, type CodeRegion, type SdkThread, type WriteWindow } from '../../sdk/index.js';

/** Pages of the test region (code and staging each). */
const PAGES = 4;

/** A mprotect-policy sandbox with `threads` compilers and one region of PAGES pages. */
function world(threads: number) {
  const machine = new Machine();
  const mem = new MemorySink();
  const sbx = new Sandbox(machine, { audit: [mem], policy: 'mprotect' });
  const compilers = Array.from({ length: threads }, () => sbx.spawn(sbx.owner, 'compiler'));
  const region = sbx.createRegion('code', PAGES * PAGE_SIZE);
  return { machine, mem, sbx, compilers, region };
}

/** Whether the page at `va` of process `pid` is writable, from its VMA and (when populated) its PTE; they must agree. */
function pageWritable(machine: Machine, pid: number, va: number): boolean {
  const mm = machine.kernel.processes.get(pid)?.mm;
  const vma = mm?.vmas.find(va);
  if (mm === undefined || vma === undefined) throw new Error(`page 0x${va.toString(16)} is not mapped`);
  const writable = (vma.prot & PROT_WRITE) !== 0;
  const leaf = mm.pageTable.leaf(va);
  if (leaf !== null) expect(leafAttrsOf(leaf).writable, `PTE R/W of 0x${va.toString(16)}`).toBe(writable);
  return writable;
}

/** The staging pages of `region` as 'RW' or 'R', read from the machine. */
function machinePages(machine: Machine, pid: number, region: CodeRegion): string[] {
  return Array.from({ length: PAGES }, (_, i) => (pageWritable(machine, pid, region.stagingStart + i * PAGE_SIZE) ? 'RW' : 'R'));
}

/** How many windows in `open` cover each staging page of `region`. */
function coverCounts(region: CodeRegion, open: Iterable<WriteWindow>): number[] {
  const out = Array.from({ length: PAGES }, () => 0);
  for (const w of open) {
    const first = Math.floor((w.alloc.stagingStart - region.stagingStart) / PAGE_SIZE);
    const last = Math.floor((w.alloc.stagingStart + w.alloc.size - 1 - region.stagingStart) / PAGE_SIZE);
    for (let p = first; p <= last; p++) out[p] = (out[p] ?? 0) + 1;
  }
  return out;
}

/** The staging pages of `region` that some window in `open` covers, as 'RW' (covered) or 'R'. */
function coveredPages(region: CodeRegion, open: Iterable<WriteWindow>): string[] {
  return coverCounts(region, open).map((n) => (n > 0 ? 'RW' : 'R'));
}

/** The staging pages of `region` as the log's staging `mprotect` records leave them. */
function loggedPages(mem: MemorySink, region: CodeRegion): string[] {
  const out = Array.from({ length: PAGES }, () => 'R');
  for (const r of mem.records) {
    if (r.kind !== 'mprotect' || r.detail?.['staging'] !== true || r.range === undefined) continue;
    for (let va = Number(r.range[0]); va < Number(r.range[1]); va += PAGE_SIZE) {
      out[(va - region.stagingStart) / PAGE_SIZE] = String(r.detail['prot']);
    }
  }
  return out;
}

/** The `mprotect` records as [first page, end page, prot, reason] (page numbers in the staging image). */
function mprotects(mem: MemorySink, region: CodeRegion): Array<[number, number, unknown, unknown]> {
  return mem.records.filter((r) => r.kind === 'mprotect' && r.range !== undefined).map((r) => [
    (Number(r.range?.[0]) - region.stagingStart) / PAGE_SIZE, (Number(r.range?.[1]) - region.stagingStart) / PAGE_SIZE,
    r.detail?.['prot'], r.reason]);
}

describe('mprotect policy: staging pages shared by allocations', () => {
  it('a shared page stays RW until the last window on it closes; each flip is one recorded mprotect', () => {
    const { machine, mem, sbx, compilers: [t1, t2], region } = world(2);
    const pid = sbx.owner.ut.pid;
    // a: pages 0..1; b: the rest of page 1 and into page 2.
    const a = sbx.reserve(region, PAGE_SIZE + 16, 'function');
    const b = sbx.reserve(region, PAGE_SIZE, 'function');
    const wa = sbx.openWindow(t1!, a, { reason: 'emit a' });
    const wb = sbx.openWindow(t2!, b, { reason: 'emit b' });
    expect(machinePages(machine, pid, region)).toEqual(['RW', 'RW', 'RW', 'R']);
    wa.close();
    expect(machinePages(machine, pid, region)).toEqual(['R', 'RW', 'RW', 'R']);
    wb.write(0, Uint8Array.of(0xc3));
    wb.write(PAGE_SIZE - 1, Uint8Array.of(0xc3));
    wb.close();
    expect(machinePages(machine, pid, region)).toEqual(['R', 'R', 'R', 'R']);
    expect(mprotects(mem, region)).toEqual([
      [0, 2, 'RW', 'window w0'],
      [2, 3, 'RW', 'window w1'],
      [0, 1, 'R', 'window w0 closed'],
      [1, 3, 'R', 'window w1 closed'],
    ]);
    sbx.close();
    expect(verifyLog(mem.text())).toMatchObject({ ok: true, violations: [] });
  });

  it('a window whose pages are all covered already makes no mprotect call', () => {
    const { machine, mem, sbx, compilers: [t1, t2], region } = world(2);
    const a = sbx.reserve(region, 16, 'function');
    const b = sbx.reserve(region, 16, 'function');
    const wa = sbx.openWindow(t1!, a, { reason: 'emit a' });
    const before = sbx.owner.ut.task.process.counters.mprotectCalls;
    const wb = sbx.openWindow(t2!, b, { reason: 'emit b' });
    wb.close();
    expect(sbx.owner.ut.task.process.counters.mprotectCalls).toBe(before);
    expect(machinePages(machine, sbx.owner.ut.pid, region)).toEqual(['RW', 'R', 'R', 'R']);
    wa.close();
    expect(mprotects(mem, region)).toEqual([[0, 1, 'RW', 'window w0'], [0, 1, 'R', 'window w0 closed']]);
  });
});

/** One step of the property: a window slot (one thread each) opens on an allocation, or closes. */
interface Step {
  readonly slot: number;
  readonly alloc: number;
}

const SLOTS = 4;

/** Allocation sizes that fill the region unevenly (straddling, sharing and adjacent pages), and the steps. */
const programs = fc.record({
  sizes: fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 2 * PAGE_SIZE })), { minLength: 1, maxLength: 8 }),
  steps: fc.array(fc.record({ slot: fc.nat(SLOTS - 1), alloc: fc.nat(7) }), { minLength: 1, maxLength: 40 }),
  closeOrder: fc.shuffledSubarray([...Array(SLOTS).keys()], { minLength: SLOTS, maxLength: SLOTS }),
});

/** Reserves what fits of `sizes` in the region. */
function reserveAll(sbx: Sandbox, region: CodeRegion, sizes: readonly number[]): Allocation[] {
  const out: Allocation[] = [];
  for (const size of sizes) if (region.free >= Math.ceil(size / ALLOC_ALIGN) * ALLOC_ALIGN) out.push(sbx.reserve(region, size, 'function'));
  return out;
}

describe('mprotect policy: windows over shared and adjacent staging pages, in random orders', () => {
  it('after every step a staging page is writable iff an open window covers it; the log says the same (300 runs)', () => {
    let shared = 0;
    fc.assert(fc.property(programs, ({ sizes, steps, closeOrder }) => {
      const { machine, mem, sbx, compilers, region } = world(SLOTS);
      const pid = sbx.owner.ut.pid;
      const allocs = reserveAll(sbx, region, sizes);
      const calls0 = sbx.owner.ut.task.process.counters.mprotectCalls;
      const open = new Map<number, WriteWindow>();
      const check = (what: string): void => {
        const want = coveredPages(region, open.values());
        expect(machinePages(machine, pid, region), what).toEqual(want);
        expect(loggedPages(mem, region), `${what}: the log`).toEqual(want);
        expect(mem.records.filter((r) => r.kind === 'mprotect').length, `${what}: records`).toBe(
          sbx.owner.ut.task.process.counters.mprotectCalls - calls0);
        // Every open window can write both ends of its allocation (a read-only page would fault).
        for (const w of open.values()) {
          w.write(0, Uint8Array.of(0xc3));
          w.write(w.alloc.size - 1, Uint8Array.of(0xc3));
        }
      };
      const toggle = (slot: number, alloc: Allocation | undefined): void => {
        const w = open.get(slot);
        if (w !== undefined) {
          w.close();
          open.delete(slot);
        } else if (alloc !== undefined) {
          open.set(slot, sbx.openWindow(compilers[slot] as SdkThread, alloc, { reason: `slot ${slot}` }));
        }
      };
      for (const s of steps as readonly Step[]) {
        toggle(s.slot, allocs[s.alloc % allocs.length]);
        check(`after slot ${s.slot} on ${String(allocs[s.alloc % allocs.length]?.id)}`);
        if (coverCounts(region, open.values()).some((n) => n > 1)) shared++;
      }
      for (const slot of closeOrder) {
        if (!open.has(slot)) continue;
        toggle(slot, undefined);
        check(`closing slot ${slot}`);
      }
      expect(machinePages(machine, pid, region)).toEqual(Array.from({ length: PAGES }, () => 'R'));
      sbx.close();
      expect(verifyLog(mem.text())).toMatchObject({ ok: true, violations: [] });
    }), { seed: 0x57a9e, numRuns: 300 });
    // The runs did put two open windows on one page, many times.
    expect(shared).toBeGreaterThan(300);
  });
});
