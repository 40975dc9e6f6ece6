/**
 * TLB rules for protection keys.  SDM Vol.3A 4.10.2 (the key is cached with the translation,
 * PKRU is not), 4.10.4 (a paging-entry change needs INVLPG locally and a shootdown elsewhere);
 * spec H-7 ("changing PKRU requires no TLB invalidation").
 */
import { describe, it, expect } from 'vitest';
import { PageFault } from '../../mpk-hw/fault.js';
import { Machine } from '../../mpk-hw/machine.js';
import { Mmu } from '../../mpk-hw/mmu.js';
import { PageTable } from '../../mpk-hw/page-table.js';
import { PhysMem } from '../../mpk-hw/phys-mem.js';
import { Tlb, type TlbEntry } from '../../mpk-hw/tlb.js';
import { MADV_HUGEPAGE, PROT_READ, PROT_WRITE, SEGV_PKUERR, SIGSEGV } from '../../mpk-hw/kernel/constants.js';
import type { HwThread } from '../../mpk-hw/hw-thread.js';
import type { UserThread } from '../../mpk-hw/user-thread.js';

const PAGE = 4096;
const RW = PROT_READ | PROT_WRITE;

function cpuOf(t: UserThread): HwThread {
  const cpu = t.task.cpu;
  if (cpu === null) throw new Error(`thread ${t.tid} is not on a CPU`);
  return cpu;
}

describe('Tlb container', () => {
  const e = (pageBase: number): TlbEntry => ({
    pageBase, writable: true, user: true, xd: false, pkey: 0, dirty: false,
    leaf: { tablePfn: 1, index: 0, lo: 0, hi: 0, large: false },
  });

  it('lookup counts hits and misses; has/peek do not count', () => {
    const tlb = new Tlb();
    expect(tlb.lookup(7)).toBeUndefined();
    tlb.fill(7, e(0x7000));
    expect(tlb.lookup(7)?.pageBase).toBe(0x7000);
    expect([tlb.has(7), tlb.peek(7)?.pageBase, tlb.has(8), tlb.size]).toEqual([true, 0x7000, false, 1]);
    expect(tlb.stats).toEqual({ hits: 1, misses: 1, invalidations: 0, flushes: 0 });
  });

  it('invalidate drops exactly [first, first + pages) and counts one INVLPG per call', () => {
    for (const pages of [2, 100]) { // both code paths: per-page deletes and a scan of the entries
      const tlb = new Tlb();
      for (const vpn of [9, 10, 11, 12]) tlb.fill(vpn, e(vpn * PAGE));
      tlb.invalidate(10, pages);
      expect([9, 10, 11, 12].map((v) => tlb.has(v))).toEqual(pages === 2 ? [true, false, false, true] : [true, false, false, false]);
      expect(tlb.stats.invalidations).toBe(1);
    }
  });

  it('flush drops everything and counts one flush', () => {
    const tlb = new Tlb();
    tlb.fill(1, e(PAGE));
    tlb.fill(2, e(2 * PAGE));
    tlb.flush();
    expect([tlb.size, tlb.stats.flushes, tlb.stats.invalidations]).toEqual([0, 1, 0]);
  });
});

describe('a PKRU change needs no TLB invalidation', () => {
  it('MMU: the cached entry is reused (a hit) and the new PKRU decides the very next access', () => {
    const mem = new PhysMem();
    const pt = new PageTable(mem);
    const frame = mem.allocFrame() * PAGE;
    pt.map4k(0x10_0000, frame, { present: true, writable: true, user: true, xd: true, pkey: 3 });
    const mmu = new Mmu();
    mmu.loadCr3(pt);
    const vpn = 0x10_0000 / PAGE;
    expect(mmu.translate(0x10_0008, 'write', 0, 'user')).toBe(frame + 8);
    expect(mmu.tlb.stats).toEqual({ hits: 0, misses: 1, invalidations: 0, flushes: 1 });
    const wd3 = 1 << 7; // WD of key 3
    expect(mmu.translate(0x10_0008, 'read', wd3, 'user')).toBe(frame + 8);
    expect(mmu.tlb.stats).toEqual({ hits: 1, misses: 1, invalidations: 0, flushes: 1 });
    expect(mmu.tlb.has(vpn)).toBe(true);
    let fault: unknown = null;
    try { mmu.translate(0x10_0008, 'write', wd3, 'user'); } catch (e) { fault = e; }
    expect(fault).toBeInstanceOf(PageFault);
    expect([(fault as PageFault).errorCode, (fault as PageFault).pkey]).toEqual([0x27, 3]);
    // Decided on the cached entry: a hit, no walk; then the fault itself drops the entry.
    expect(mmu.tlb.stats).toEqual({ hits: 2, misses: 1, invalidations: 1, flushes: 1 });
  });

  it('Machine: WRPKRU leaves the CPU TLB untouched and the next access sees the new rights', () => {
    const m = new Machine({ cpus: 1 });
    const t = m.spawn();
    const p = t.mmap(0, PAGE, RW);
    const k = t.pkeyAlloc();
    expect(k).toBe(1);
    expect(t.pkeyMprotect(p, PAGE, RW, k)).toBe(0);
    t.write32(p, 0xabcd);
    const cpu = cpuOf(t);
    const before = { ...cpu.mmu.tlb.stats };
    expect(cpu.mmu.tlb.peek(p / PAGE)?.pkey).toBe(k);
    const wd = t.rdpkru() | (2 << (2 * k));
    t.wrpkru(wd);
    expect(cpu.mmu.tlb.stats).toEqual(before);
    expect(t.read32(p)).toBe(0xabcd);
    expect(cpu.mmu.tlb.stats).toEqual({ ...before, hits: before.hits + 1 });
    const codes: number[] = [];
    t.sigaction(SIGSEGV, (ctx) => {
      codes.push(ctx.readSiginfo().code);
      ctx.thread.write32(ctx.pkruSlotAddr, 0);
    });
    t.write32(p, 0x1234);
    expect([SIGSEGV, SEGV_PKUERR]).toEqual([11, 4]);
    expect(codes).toEqual([SEGV_PKUERR]);
    expect(t.read32(p)).toBe(0x1234);
  });
});

describe('a paging-entry change invalidates stale TLB entries', () => {
  it('pkey_mprotect: INVLPG on the local CPU, next access walks and caches the new key', () => {
    const m = new Machine({ cpus: 1 });
    const t = m.spawn();
    const p = t.mmap(0, 2 * PAGE, RW);
    t.write32(p, 1);
    t.write32(p + PAGE, 2);
    const cpu = cpuOf(t);
    const tlb = cpu.mmu.tlb;
    expect([tlb.has(p / PAGE), tlb.has(p / PAGE + 1)]).toEqual([true, true]);
    const inv = tlb.stats.invalidations;
    const k = t.pkeyAlloc();
    expect(t.pkeyMprotect(p, PAGE, RW, k)).toBe(0);
    expect(tlb.stats.invalidations).toBe(inv + 1);
    expect([tlb.has(p / PAGE), tlb.has(p / PAGE + 1)]).toEqual([false, true]);
    expect(t.read32(p)).toBe(1);
    expect(tlb.peek(p / PAGE)?.pkey).toBe(k);
  });

  it('mprotect(PROT_READ): the writable entry is dropped and the refill is read-only', () => {
    const m = new Machine({ cpus: 1 });
    const t = m.spawn();
    const p = t.mmap(0, PAGE, RW);
    t.write32(p, 5);
    const tlb = cpuOf(t).mmu.tlb;
    expect(tlb.peek(p / PAGE)?.writable).toBe(true);
    expect(t.mprotect(p, PAGE, PROT_READ)).toBe(0);
    expect(tlb.has(p / PAGE)).toBe(false);
    expect(t.read32(p)).toBe(5);
    expect(tlb.peek(p / PAGE)?.writable).toBe(false);
    expect(t.task.process.counters.tlbShootdowns).toBe(0);
  });
  it('splitting a 2 MiB page (partial mprotect of a THP) drops every piece cached from the old PDE', () => {
    // SDM Vol.3A 4.10.4.1: changing a PDE from a 2 MiB leaf to a page-table pointer requires
    // invalidating the whole 2 MiB page (Linux: pmdp_invalidate in __split_huge_pmd_locked).
    const MiB2 = 2 ** 21;
    const m = new Machine({ cpus: 1 });
    const t = m.spawn();
    const p = t.mmap(0, 2 * MiB2, RW);
    const big = Math.ceil(p / MiB2) * MiB2;
    expect(t.madvise(big, MiB2, MADV_HUGEPAGE)).toBe(0);
    t.read32(big);
    t.read32(big + 5 * PAGE);
    const pt = t.task.process.mm.pageTable;
    const tlb = cpuOf(t).mmu.tlb;
    expect([pt.leaf(big)?.large, tlb.peek(big / PAGE + 5)?.leaf.large]).toEqual([true, true]);
    expect(t.mprotect(big + PAGE, PAGE, PROT_READ)).toBe(0);
    expect(pt.leaf(big + 5 * PAGE)?.large).toBe(false);
    expect(tlb.has(big / PAGE + 5)).toBe(false);
    // Consequence when the stale entry survives: the write sets D in the old PDE (now a table
    // pointer) instead of in the new PTE.
    t.write32(big + 5 * PAGE, 1);
    expect((pt.leaf(big + 5 * PAGE)?.lo ?? 0) & 0x60).toBe(0x60);
  });
});

describe('shootdowns across CPUs', () => {
  /** Two threads of one process, each having touched `p`, on different CPUs. */
  function twoThreads(cpus: number): { m: Machine; t: UserThread; t2: UserThread; p: number } {
    const m = new Machine({ cpus });
    const t = m.spawn();
    const p = t.mmap(0, PAGE, RW);
    t.write32(p, 7);
    const t2 = t.clone();
    expect(t2.read32(p)).toBe(7);
    expect([t.task.cpu?.id, t2.task.cpu?.id]).toEqual([0, 1]);
    expect(t.task.process).toBe(t2.task.process);
    return { m, t, t2, p };
  }

  it('mprotect by one thread counts exactly one shootdown and clears the other CPU', () => {
    const { t, t2, p } = twoThreads(2);
    const local = cpuOf(t).mmu.tlb;
    const remote = cpuOf(t2).mmu.tlb;
    expect([local.has(p / PAGE), remote.has(p / PAGE)]).toEqual([true, true]);
    expect(t.task.process.counters.tlbShootdowns).toBe(0);
    const remoteInv = remote.stats.invalidations;
    expect(t.mprotect(p, PAGE, PROT_READ)).toBe(0);
    expect(t.task.process.counters.tlbShootdowns).toBe(1);
    expect(t.task.counters.tlbShootdowns).toBe(1);
    expect(t2.task.counters.tlbShootdowns).toBe(0);
    expect([local.has(p / PAGE), remote.has(p / PAGE)]).toEqual([false, false]);
    expect(remote.stats.invalidations).toBe(remoteInv + 1);
    // The other thread now sees the new rights.
    expect(t2.read32(p)).toBe(7);
    expect(remote.peek(p / PAGE)?.writable).toBe(false);
  });

  it('a thread of another process gets no shootdown and keeps its entry for the same address', () => {
    const { m, t, p } = twoThreads(3);
    const u = m.spawn();
    const q = u.mmap(0, PAGE, RW);
    expect(q).toBe(p); // same layout, different address space
    u.write32(q, 9);
    const other = cpuOf(u).mmu.tlb;
    expect(cpuOf(u).id).toBe(2);
    const otherInv = other.stats.invalidations;
    expect(t.mprotect(p, PAGE, PROT_READ)).toBe(0);
    expect(t.task.process.counters.tlbShootdowns).toBe(1); // CPU 1 only
    expect(u.task.process.counters.tlbShootdowns).toBe(0);
    expect(other.stats.invalidations).toBe(otherInv);
    expect(other.peek(q / PAGE)?.writable).toBe(true);
    expect(u.read32(q)).toBe(9);
  });

  it('with 2 CPUs and one thread per process, an mprotect shoots nothing down', () => {
    const m = new Machine({ cpus: 2 });
    const t = m.spawn();
    const u = m.spawn();
    const p = t.mmap(0, PAGE, RW);
    const q = u.mmap(0, PAGE, RW);
    t.write32(p, 1);
    u.write32(q, 2);
    expect([cpuOf(t).id, cpuOf(u).id]).toEqual([0, 1]);
    const other = cpuOf(u).mmu.tlb;
    const inv = other.stats.invalidations;
    expect(t.mprotect(p, PAGE, PROT_READ)).toBe(0);
    expect([t.task.process.counters.tlbShootdowns, u.task.process.counters.tlbShootdowns]).toEqual([0, 0]);
    expect(other.stats.invalidations).toBe(inv);
    expect(other.has(q / PAGE)).toBe(true);
  });
});
