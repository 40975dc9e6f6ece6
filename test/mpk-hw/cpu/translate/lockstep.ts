/**
 * Lockstep tracing for the translator's differential tests: every Cpu.run call (each scheduler
 * slice, each guest call step) is followed by a digest of the whole architectural state of
 * the thread it ran (GPRs, RIP, RFLAGS, XMM, MXCSR), the exit, the CPU's retired count and its
 * TLB and the decode cache's counters.  Two runs of the same program, one interpreted and one
 * translated, must produce identical traces: the same state at every stop point.
 */
import { Cpu, type CpuExit } from '../../../../mpk-hw/cpu/cpu.js';
import type { RegisterFile } from '../../../../mpk-hw/cpu/regs.js';
import type { Machine } from '../../../../mpk-hw/machine.js';

/** One stop point. */
export interface Stop {
  readonly cpu: number;
  readonly exit: string;
  readonly state: string;
}

function fnv(h: number, v: number): number {
  return Math.imul(h ^ (v >>> 0), 16777619) >>> 0;
}

/** A digest of a register file. */
export function regsDigest(r: RegisterFile): string {
  let h = 2166136261;
  for (let i = 0; i < 16; i++) h = fnv(fnv(h, r.lo[i] as number), r.hi[i] as number);
  for (let i = 0; i < 64; i++) h = fnv(h, r.xmm[i] as number);
  h = fnv(fnv(fnv(h, r.rflags), r.mxcsr), r.rip % 0x1_0000_0000);
  return `${r.rip.toString(16)}:${r.rflags.toString(16)}:${h.toString(16)}`;
}

/** A digest of every allocated physical frame (pfn and contents). */
export function memoryDigest(m: Machine, maxPfn = 1 << 20): string {
  let h = 2166136261;
  let frames = 0;
  for (let pfn = 1; pfn < maxPfn && frames < m.mem.allocatedFrames; pfn++) {
    if (!m.mem.has(pfn)) continue;
    frames++;
    const w = m.mem.frame32(pfn);
    let any = 0;
    for (let i = 0; i < w.length; i++) any |= w[i] as number;
    if (any === 0) continue;
    h = fnv(h, pfn);
    for (let i = 0; i < w.length; i++) h = fnv(h, w[i] as number);
  }
  return `${frames}:${h.toString(16)}`;
}

function exitName(e: CpuExit): string {
  return e.kind === 'exception' ? `${e.exception.name}:${e.exception.vector}:${e.exception.message}` : e.kind;
}

/** Runs `body` with every Cpu.run traced; returns the stops in order. */
export function traced<T>(body: () => T): { result: T; stops: Stop[] } {
  const stops: Stop[] = [];
  const original = Cpu.prototype.run;
  Cpu.prototype.run = function (this: Cpu, regs: RegisterFile, budget: number): CpuExit {
    const exit = original.call(this, regs, budget);
    const t = this.hw.mmu.tlb.stats;
    const d = this.cache.stats;
    stops.push({
      cpu: this.hw.id,
      exit: exitName(exit),
      state: `${regsDigest(regs)} n=${this.stats.instructions} tlb=${t.hits}/${t.misses}/${t.invalidations}/${t.flushes} dc=${d.hits}/${d.misses}/${d.invalidations}`,
    });
    return exit;
  };
  try {
    return { result: body(), stops };
  } finally {
    Cpu.prototype.run = original;
  }
}

/** The first stop where two traces differ, as a message, or null when they agree. */
export function firstDifference(a: readonly Stop[], b: readonly Stop[]): string | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as Stop, y = b[i] as Stop;
    if (x.cpu !== y.cpu || x.exit !== y.exit || x.state !== y.state) {
      return `stop ${i}: interpreter cpu${x.cpu} ${x.exit} ${x.state}\n        translator  cpu${y.cpu} ${y.exit} ${y.state}`;
    }
  }
  return a.length === b.length ? null : `trace lengths differ: ${a.length} vs ${b.length}`;
}
