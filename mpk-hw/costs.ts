/**
 * The cost model: simulated cycles charged for each privileged operation, and the counters
 * that accumulate them per thread and per process.  Every figure is configurable; defaults
 * come from ../shared/spec/performance-anchors.md (tags there: [V] verified, [S] secondary,
 * [M] measured on a 2-vCPU VM, [D] derived).  Cycle figures assume a 3 GHz clock.
 */

/** Cycles per operation. */
export interface CostModel {
  /** WRPKRU: "around 20 cycles" (NoJITsu, NDSS 2020 [V]); ERIM reports 11-260 [S]. */
  readonly wrpkru: number;
  /** RDPKRU: a register read; libmpk's table (recalled, [U]) has under one cycle, rounded up to 1. */
  readonly rdpkru: number;
  /** SYSCALL entry and exit, with no work: ~100 ns round trip on recent kernels ([S] folklore), 300 cycles. */
  readonly syscallEntry: number;
  /** mprotect, fixed part per call: 2.1 us for one page, single thread ([M]) = 6300 cycles. */
  readonly mprotectCall: number;
  /** mprotect, per page changed: ~63 ns/page at 4096 pages ([M]) = 190 cycles. */
  readonly mprotectPerPage: number;
  /** pkey_mprotect per call: same kernel path as mprotect (mm/mprotect.c do_mprotect_pkey [V]). */
  readonly pkeyMprotectCall: number;
  /** pkey_mprotect per page. */
  readonly pkeyMprotectPerPage: number;
  /** TLB shootdown, per remote CPU: ~1 us IPI + ~200 ns per receiver ([S]); 1.5 us = 4500 cycles. */
  readonly tlbShootdownPerCpu: number;
  /** Local INVLPG: "each single flush is about 100 ns" (arch/x86/mm/tlb.c [V]) = 300 cycles. */
  readonly invlpg: number;
  /** Context switch between threads: ~1070 ns ([S] pipe ping-pong) = 3200 cycles. */
  readonly contextSwitch: number;
  /** Page-fault entry and exit to the kernel (demand paging, signals): ~1 us ([S]) = 3000 cycles. */
  readonly pageFault: number;
  /** Signal delivery and rt_sigreturn together: ~2 us ([S]) = 6000 cycles. */
  readonly signal: number;
  /**
   * A host-driven thread's data access, per 8 bytes moved (one load or store, as an
   * instruction would do it): 1 cycle.  Guest instructions are charged 1 cycle each by the CPU.
   */
  readonly memoryAccess: number;
}

/** The defaults described above. */
export const DEFAULT_COSTS: CostModel = Object.freeze({
  wrpkru: 20,
  rdpkru: 1,
  syscallEntry: 300,
  mprotectCall: 6300,
  mprotectPerPage: 190,
  pkeyMprotectCall: 6300,
  pkeyMprotectPerPage: 190,
  tlbShootdownPerCpu: 4500,
  invlpg: 300,
  contextSwitch: 3200,
  pageFault: 3000,
  signal: 6000,
  memoryAccess: 1,
});

/** Counters of privileged events and the cycles they cost. */
export class Counters {
  /** Simulated cycles charged. */
  cycles = 0;
  wrpkru = 0;
  rdpkru = 0;
  syscalls = 0;
  mprotectCalls = 0;
  mprotectPages = 0;
  pkeyMprotectCalls = 0;
  pkeyMprotectPages = 0;
  /** Remote TLB invalidations (one per remote CPU per flush). */
  tlbShootdowns = 0;
  contextSwitches = 0;
  pageFaults = 0;
  signalsDelivered = 0;

  /** A plain-object copy (for reports and tests). */
  snapshot(): Record<string, number> {
    return Object.fromEntries(Object.entries(this).filter(([, v]) => typeof v === 'number'));
  }
}

/** Names of the countable events (every numeric field of Counters except cycles). */
export type CounterName = Exclude<keyof Counters, 'snapshot' | 'cycles'>;
