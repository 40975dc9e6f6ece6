/**
 * The simulated machine: physical memory, hardware threads, and the Linux-like kernel.
 * Deterministic: no time or randomness is read; every fault loop has a budget.
 */
import { PhysMem } from './phys-mem.js';
import { Kernel, kernelConfig, type KernelOptions } from './kernel/kernel.js';
import { smapsText } from './kernel/smaps.js';
import { remoteAccess } from './kernel/page-fault.js';
import { UserThread } from './user-thread.js';
import { XFEATURE_MASK_FPSSE, XFEATURE_MASK_PKRU } from './xsave.js';
import { Cpu, type RetireHook } from './cpu/cpu.js';
import { DecodeCache } from './cpu/decode-cache.js';
import { Translator, type TranslateOptions } from './cpu/translate/translator.js';
import { Scheduler, type SchedulerOptions } from './kernel/scheduler.js';

/** Options of a machine (all optional; see KernelConfig for defaults). */
export type MachineOptions = KernelOptions & {
  /**
   * Translate hot guest code into JavaScript functions (default true; see
   * mpk-hw/cpu/translate/).  false runs the interpreter alone.  The environment variable
   * PKJIT_TRANSLATE=0 changes the default to false (test runs of the interpreter alone).
   */
  readonly translate?: boolean | TranslateOptions;
};

/** The default of MachineOptions.translate. */
function translateDefault(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.['PKJIT_TRANSLATE'] !== '0';
}

/** CPUID output registers. */
export interface CpuidResult {
  readonly eax: number;
  readonly ebx: number;
  readonly ecx: number;
  readonly edx: number;
}

/** A PKU-capable x86-64 machine running the simulated kernel. */
export class Machine {
  /** Physical memory. */
  readonly mem = new PhysMem();
  /** The kernel (and through it the hardware threads). */
  readonly kernel: Kernel;
  /** Decoded instructions, shared by every CPU. */
  readonly decodeCache: DecodeCache;
  /** The instruction interpreter of each hardware thread. */
  readonly cores: readonly Cpu[];
  /** The translation cache shared by the CPUs, or null when translation is off. */
  readonly translator: Translator | null;

  constructor(opts: MachineOptions = {}) {
    this.kernel = new Kernel(this.mem, kernelConfig(opts));
    this.decodeCache = new DecodeCache(this.mem);
    const t = opts.translate ?? translateDefault();
    this.translator = t === false ? null : new Translator(this.decodeCache, t === true ? {} : t);
    this.cores = this.kernel.cpus.map((hw) => {
      const cpu = new Cpu(hw, this.mem, this.decodeCache, { xsave: this.kernel.config.xsave });
      cpu.translator = this.translator;
      hw.core = cpu;
      return cpu;
    });
  }

  /** A deterministic scheduler over this machine's CPUs. */
  scheduler(opts: SchedulerOptions = {}): Scheduler {
    return new Scheduler(this.kernel, (hw) => this.cores[hw.id] as Cpu, opts);
  }

  /**
   * Sets (or, with null, removes) the retire hook of every CPU: `hook(tid, rip, length)` after
   * each instruction retires, INT3 included (see RetireHook).  For monitors and tests; it
   * covers threads run by callGuest and by this machine's schedulers alike (both use Cpu.run).
   * One hook per machine: a second call replaces the first.
   */
  setRetireHook(hook: RetireHook | null): void {
    for (const c of this.cores) c.retireHook = hook;
  }

  /** Guest instructions retired by every CPU. */
  get instructions(): number {
    return this.cores.reduce((n, c) => n + c.stats.instructions, 0);
  }

  /** Starts a new process (as after execve) and returns its main thread. */
  spawn(): UserThread {
    return new UserThread(this.kernel, this.kernel.createProcess());
  }

  /** A handle on an existing thread by tid. */
  thread(tid: number): UserThread | undefined {
    const t = this.kernel.tasks.get(tid);
    return t === undefined ? undefined : new UserThread(this.kernel, t);
  }

  /** /proc/<pid>/smaps text, or null when there is no such live process. */
  smaps(pid: number): string | null {
    const p = this.kernel.processes.get(pid);
    return p === undefined || !p.alive ? null : smapsText(p.mm, this.kernel.config.pku);
  }

  /**
   * Reads another process's memory the way /proc/<pid>/mem does: a remote access that ignores
   * protection keys (spec L-8).  For monitors and debuggers; null when not mapped.
   */
  peek(pid: number, va: number, len: number): Uint8Array | null {
    const p = this.kernel.processes.get(pid);
    return p === undefined || !p.alive ? null : remoteAccess(p.mm, va, len, null);
  }

  /** Writes another process's memory as /proc/<pid>/mem does (keys ignored); false when not mapped. */
  poke(pid: number, va: number, bytes: Uint8Array): boolean {
    const p = this.kernel.processes.get(pid);
    return p !== undefined && p.alive && remoteAccess(p.mm, va, bytes.length, bytes) !== null;
  }

  /**
   * CPUID for the leaves a pkeys program inspects: 07H.0 ECX[3] PKU and ECX[4] OSPKE;
   * 0DH.0 (XCR0 low bits in EAX, area size in EBX/ECX) and 0DH.9 (PKRU size 8, offset).
   */
  cpuid(leaf: number, subleaf = 0): CpuidResult {
    const x = this.kernel.config.xsave;
    const pku = this.kernel.config.pku;
    if (leaf === 7 && subleaf === 0) return { eax: 0, ebx: 0, ecx: pku ? (1 << 3) | (1 << 4) : 0, edx: 0 };
    if (leaf === 0xd && subleaf === 0) {
      return { eax: XFEATURE_MASK_FPSSE | (pku ? XFEATURE_MASK_PKRU : 0), ebx: x.size, ecx: x.size, edx: 0 };
    }
    if (leaf === 0xd && subleaf === 9 && pku) return { eax: 8, ebx: x.pkruOffset, ecx: 0, edx: 0 };
    return { eax: 0, ebx: 0, ecx: 0, edx: 0 };
  }
}
