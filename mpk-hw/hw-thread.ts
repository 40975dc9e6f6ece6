/**
 * A hardware thread (logical processor): its PKRU register, XINUSE[PKRU] tracking, MMU and
 * TLB, and cycle counter.  The kernel loads a task onto it; while the task runs, the task's
 * registers are used in place and its PKRU lives here.
 * WRPKRU / RDPKRU semantics: SDM Vol.2 (RDPKRU, WRPKRU); XSAVE/XRSTOR: SDM Vol.1 13.
 */
import { GeneralProtection, InvalidOpcode } from './fault.js';
import { Mmu } from './mmu.js';
import type { Mm } from './kernel/mm.js';
import type { Task } from './kernel/task.js';
import type { Core } from './kernel/scheduler.js';

/** How the processor's init tracker treats PKRU (spec H-8, P-6). */
export type Vendor = 'intel' | 'amd';

/** One logical processor. */
export class HwThread {
  /** Index of this CPU in the machine. */
  readonly id: number;
  /** CR4.PKE: protection keys enabled (CPUID.7.0:ECX[3] PKU and OSPKE). */
  readonly pke: boolean;
  /** Init-tracking behaviour of XINUSE[9]. */
  readonly vendor: Vendor;
  /** The PKRU register. */
  pkru = 0;
  /** XINUSE[9]: whether PKRU is considered in use by the init optimisation. */
  xinusePkru = false;
  /** Address translation for this CPU. */
  readonly mmu = new Mmu();
  /** Simulated cycles spent on this CPU. */
  cycles = 0;
  /** The task running here, or null when idle. */
  task: Task | null = null;
  /** The address space whose page tables are loaded (kept while idle: lazy TLB). */
  loadedMm: Mm | null = null;
  /** The instruction interpreter of this processor (attached by the Machine). */
  core: Core | null = null;

  constructor(id: number, pke: boolean, vendor: Vendor) {
    this.id = id;
    this.pke = pke;
    this.vendor = vendor;
  }

  /**
   * WRPKRU: PKRU <- EAX; #GP(0) unless ECX = 0 and EDX = 0; #UD when CR4.PKE = 0.
   * Only the low 32 bits of RAX/RCX/RDX are considered (SDM Vol.2 WRPKRU).
   */
  wrpkru(eax: number, ecx: number, edx: number): void {
    if (!this.pke) throw new InvalidOpcode('WRPKRU with CR4.PKE = 0');
    if ((ecx | 0) !== 0 || (edx | 0) !== 0) throw new GeneralProtection('WRPKRU requires ECX = 0 and EDX = 0');
    this.pkru = eax >>> 0;
    // AMD's init tracker marks PKRU not-in-use when it is written with its init value 0
    // (commit ae6012d72fa6 text); Intel keeps XINUSE[9] set.
    this.xinusePkru = this.vendor === 'amd' ? this.pkru !== 0 : true;
  }

  /** RDPKRU: returns PKRU for EAX (EDX <- 0); #GP(0) unless ECX = 0; #UD when CR4.PKE = 0. */
  rdpkru(ecx: number): number {
    if (!this.pke) throw new InvalidOpcode('RDPKRU with CR4.PKE = 0');
    if ((ecx | 0) !== 0) throw new GeneralProtection('RDPKRU requires ECX = 0');
    return this.pkru;
  }

  /** A kernel write of PKRU (write_pkru): no ECX/EDX rules, same XINUSE effect. */
  kernelWritePkru(value: number): void {
    this.pkru = value >>> 0;
    this.xinusePkru = this.vendor === 'amd' ? this.pkru !== 0 : true;
  }
}
