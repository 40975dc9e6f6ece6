/**
 * The headline claim of MPK, reproduced with the cost model (mpk-hw/costs.ts): the total cycles
 * of N permission changes of one range made
 *   - with mprotect (each change a system call, a page-table update and TLB invalidations),
 *   - with pkey_mprotect (the same kernel path: mm/mprotect.c do_mprotect_pkey),
 *   - with WRPKRU, after one pkey_alloc and one pkey_mprotect that tag the range,
 * for N = 1..64, and the crossover: the least N from which WRPKRU costs less than mprotect
 * (the talk: "from about two changes on"). Cycles are the model's, so every figure is exact;
 * measureCrossover runs the same sequence on the simulated machine and must agree.
 */
import type { CostModel } from '../mpk-hw/costs.js';
import { Machine } from '../mpk-hw/machine.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../mpk-hw/kernel/constants.js';
import { PAGE_SIZE } from '../mpk-hw/phys-mem.js';

/** What is changed: `pages` pages, with `remoteCpus` other CPUs holding the mm (each change shoots them down). */
export interface CrossoverCase {
  readonly pages: number;
  readonly remoteCpus: number;
}

/** Total cycles after n changes, n = 1..maxN (index n-1). */
export interface CrossoverCurves {
  readonly mprotect: readonly number[];
  readonly pkeyMprotect: readonly number[];
  readonly wrpkru: readonly number[];
  /** Least n with wrpkru[n-1] < mprotect[n-1], or null when WRPKRU never wins up to maxN. */
  readonly crossover: number | null;
}

/**
 * One page-permission system call: syscall entry, the call, each page, then the TLB flush the
 * kernel does (INVLPG on its own CPU, a shootdown to each remote CPU: kernel.ts flushTlb).
 */
export function protectCycles(m: CostModel, call: number, perPage: number, c: CrossoverCase): number {
  return m.syscallEntry + call + c.pages * perPage + m.invlpg + c.remoteCpus * m.tlbShootdownPerCpu;
}

/** The three curves for n = 1..maxN under cost model `m`. */
export function crossoverCurves(m: CostModel, c: CrossoverCase, maxN = 64): CrossoverCurves {
  const mp = protectCycles(m, m.mprotectCall, m.mprotectPerPage, c);
  const pk = protectCycles(m, m.pkeyMprotectCall, m.pkeyMprotectPerPage, c);
  // pkey_alloc is a system call with no page-table work: its entry cost only.
  const setup = m.syscallEntry + pk;
  const ns = Array.from({ length: maxN }, (_, i) => i + 1);
  const mprotect = ns.map((n) => n * mp);
  const wrpkru = ns.map((n) => setup + n * m.wrpkru);
  const at = ns.findIndex((n) => (wrpkru[n - 1] as number) < (mprotect[n - 1] as number));
  return { mprotect, pkeyMprotect: ns.map((n) => n * pk), wrpkru, crossover: at < 0 ? null : at + 1 };
}

/**
 * The same sequences run on a simulated machine with 1 + remoteCpus CPUs (the remote CPUs get the
 * mm loaded by threads of the process placed on them): the process's cycles after each change.
 */
export function measureCrossover(m: CostModel, c: CrossoverCase, maxN = 64): Omit<CrossoverCurves, 'crossover'> {
  const run = (how: 'mprotect' | 'pkeyMprotect' | 'wrpkru'): number[] => {
    const machine = new Machine({ cpus: 1 + c.remoteCpus, costs: m });
    const t = machine.spawn();
    const len = c.pages * PAGE_SIZE;
    const at = t.mmap(0, len, PROT_READ | PROT_WRITE);
    // Populated, as code pages are: mprotect charges per page it changes, and only present pages change.
    for (let i = 0; i < c.pages; i++) t.write(at + i * PAGE_SIZE, new Uint8Array([0xc3]));
    // Each clone runs on its own CPU: the mm stays loaded there (lazy TLB), so flushes reach it.
    for (let i = 0; i < c.remoteCpus; i++) t.clone().rdpkru();
    t.rdpkru();
    const proc = t.task.process;
    const base = proc.counters.cycles;
    const out: number[] = [];
    let key = 0;
    if (how === 'wrpkru') {
      key = t.pkeyAlloc();
      t.pkeyMprotect(at, len, PROT_READ | PROT_EXEC, key);
    }
    for (let n = 1; n <= maxN; n++) {
      const prot = n % 2 === 1 ? PROT_READ | PROT_EXEC : PROT_READ | PROT_WRITE;
      if (how === 'mprotect') t.mprotect(at, len, prot);
      else if (how === 'pkeyMprotect') t.pkeyMprotect(at, len, prot, 0);
      else t.wrpkru(n % 2 === 1 ? 0 : (2 << (2 * key)) >>> 0);
      out.push(proc.counters.cycles - base);
    }
    return out;
  };
  return { mprotect: run('mprotect'), pkeyMprotect: run('pkeyMprotect'), wrpkru: run('wrpkru') };
}
