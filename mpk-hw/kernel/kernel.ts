/**
 * The kernel: processes and tasks, placing tasks on hardware threads (context switches),
 * TLB maintenance and shootdowns, cost accounting, and thread/process lifetime.
 * System calls, faults and signals live in their own files and act on this object.
 */
import { DEFAULT_COSTS, type CostModel, type CounterName } from '../costs.js';
import { MpkHwError, assert } from '../errors.js';
import { HwThread, type Vendor } from '../hw-thread.js';
import { PAGE_SIZE, type PhysMem } from '../phys-mem.js';
import { PKRU_LINUX_INIT } from '../pkru.js';
import { xsaveLayout, type XsaveLayout } from '../xsave.js';
import { PROT_READ, PROT_WRITE, TASK_SIZE } from './constants.js';
import { FdTable } from './files.js';
import { Mm } from './mm.js';
import { Process, Task, type ExitStatus, type SigInfo } from './task.js';
import { Gpr } from '../cpu/regs.js';

/** Which signal-delivery code the kernel models (spec L-10, P-5). */
export type SignalDelivery = 'linux-6.12' | 'pre-6.12';

/** Kernel and processor configuration. */
export interface KernelConfig {
  /** init_pkru_value: PKRU of a new process and of every signal handler.  Default 0x55555554. */
  readonly initPkru: number;
  /** Signal-frame PKRU handling: current (6.12+, with ae6012d72fa6) or the older one. */
  readonly signalDelivery: SignalDelivery;
  /** Whether the CPU has PKU and the OS enabled it (CPUID PKU and OSPKE). */
  readonly pku: boolean;
  /** Init-tracking behaviour of XINUSE[PKRU]. */
  readonly vendor: Vendor;
  /** XSAVE layout (CPUID leaf 0DH). */
  readonly xsave: XsaveLayout;
  /** Cycle costs. */
  readonly costs: CostModel;
  /** Hardware threads. */
  readonly cpus: number;
  /** Faults one access may take before the machine gives up (a handler that never fixes it). */
  readonly faultRetryLimit: number;
  /** Size of each new thread's stack in bytes. */
  readonly stackSize: number;
  /** Check PKRU on data accesses (default true).  Off only to measure the checks' cost. */
  readonly pkeyChecks: boolean;
}

/** Options accepted by the machine; everything defaults as documented in KernelConfig. */
export type KernelOptions = Partial<Omit<KernelConfig, 'costs' | 'xsave'>> & {
  readonly costs?: Partial<CostModel>;
  /** CPUID.(EAX=0DH,ECX=9).EBX.  Default 2688. */
  readonly pkruXstateOffset?: number;
};

/** Resolves options to a full configuration. */
export function kernelConfig(o: KernelOptions = {}): KernelConfig {
  return {
    initPkru: (o.initPkru ?? PKRU_LINUX_INIT) >>> 0,
    signalDelivery: o.signalDelivery ?? 'linux-6.12',
    pku: o.pku ?? true,
    vendor: o.vendor ?? 'intel',
    xsave: xsaveLayout(o.pkruXstateOffset),
    costs: { ...DEFAULT_COSTS, ...o.costs },
    cpus: o.cpus ?? 2,
    faultRetryLimit: o.faultRetryLimit ?? 64,
    stackSize: o.stackSize ?? 256 * 1024,
    pkeyChecks: o.pkeyChecks ?? true,
  };
}

/** Thrown to host code driving a thread that has exited or whose process was killed. */
export class TaskGone extends MpkHwError {
  readonly task: Task;
  /** The process's end, when the whole process is gone. */
  readonly status: ExitStatus | null;
  constructor(task: Task, status: ExitStatus | null, message: string) {
    super(status === null ? 'THREAD_EXITED' : 'PROCESS_EXITED', message);
    this.name = 'TaskGone';
    this.task = task;
    this.status = status;
  }

  /** console.log shows one line, not the task and its process (util.inspect.custom). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `TaskGone: ${this.message}`;
  }
}

/** The simulated Linux kernel. */
export class Kernel {
  readonly config: KernelConfig;
  readonly mem: PhysMem;
  /** Hardware threads. */
  readonly cpus: HwThread[];
  /** Live and ended processes by pid. */
  readonly processes = new Map<number, Process>();
  /** Tasks by tid. */
  readonly tasks = new Map<number, Task>();
  /** Next pid/tid. */
  private nextId = 100;

  constructor(mem: PhysMem, config: KernelConfig) {
    this.mem = mem;
    this.config = config;
    assert(config.cpus >= 1, 'a machine needs at least one CPU');
    this.cpus = Array.from({ length: config.cpus }, (_, i) => new HwThread(i, config.pku, config.vendor));
    for (const c of this.cpus) c.mmu.pkeyChecks = config.pku && config.pkeyChecks;
  }

  /** Number of usable keys (arch_max_pkey): 16 with OSPKE, else 1. */
  get maxPkey(): number {
    return this.config.pku ? 16 : 1;
  }

  /** A new process as after execve: key 0 allocated, no execute-only key, PKRU = init_pkru_value. */
  createProcess(): Task {
    const mm = new Mm(this.mem, { allocationMap: 0x1, executeOnlyPkey: -1 });
    const proc = new Process(this.nextId++, mm, new FdTable());
    this.processes.set(proc.pid, proc);
    const task = this.newTask(proc, this.config.initPkru);
    const top = TASK_SIZE;
    const size = this.config.stackSize;
    mm.vmas.insert({ start: top - size, end: top, prot: PROT_READ | PROT_WRITE, pkey: 0, shared: false,
      wipeOnFork: false, growsDown: true, hugetlb: false, thp: false, name: '[stack]' });
    task.regs.setNum(Gpr.RSP, top - 64);
    return task;
  }

  private newTask(proc: Process, pkru: number): Task {
    const task = new Task(this.nextId++, proc, pkru);
    proc.tasks.push(task);
    proc.mm.users++;
    this.tasks.set(task.tid, task);
    return task;
  }

  /** A new thread in `parent`'s process (clone with CLONE_VM): it inherits the current PKRU. */
  cloneThread(parent: Task, stackTop: number): Task {
    const t = this.newTask(parent.process, this.taskPkru(parent));
    t.regs.copyFrom(parent.regs);
    t.regs.setNum(Gpr.RSP, stackTop);
    t.regs.setNum(Gpr.RAX, 0);
    t.altstack = { sp: 0, size: 0, flags: 2 };
    t.blocked = parent.blocked;
    t.seccomp = parent.seccomp;
    return t;
  }

  /** fork: a new process with a copy of the address space and key state; returns its task. */
  fork(parent: Task): Task {
    const proc = new Process(this.nextId++, parent.process.mm.fork(), parent.process.fds.clone());
    proc.parent = parent.process;
    this.processes.set(proc.pid, proc);
    for (const [sig, act] of parent.process.sigactions) proc.sigactions.set(sig, act);
    const child = this.newTask(proc, this.taskPkru(parent));
    child.regs.copyFrom(parent.regs);
    child.regs.setNum(Gpr.RAX, 0);
    child.altstack = { ...parent.altstack };
    child.blocked = parent.blocked;
    child.seccomp = parent.seccomp;
    return child;
  }

  /** The task's PKRU: the CPU register while it runs, else its saved value. */
  taskPkru(task: Task): number {
    return task.cpu !== null ? task.cpu.pkru : task.pkru;
  }

  /** Sets the task's PKRU wherever it currently lives (write_pkru / thread.pkru). */
  setTaskPkru(task: Task, value: number): void {
    if (task.cpu !== null) task.cpu.kernelWritePkru(value);
    else task.pkru = value >>> 0;
  }

  /** Puts `task` on a CPU (context-switching another task off if needed) and returns it. */
  ensureOnCpu(task: Task): HwThread {
    if (task.cpu !== null) return task.cpu;
    assert(!task.dead, () => `task ${task.tid} is dead`);
    const cpu = this.pickCpu(task);
    const prev = cpu.task;
    if (prev !== null) {
      prev.pkru = cpu.pkru;
      prev.cpu = null;
      this.charge(task, 'contextSwitches', this.config.costs.contextSwitch);
    }
    cpu.task = task;
    task.cpu = cpu;
    task.lastCpu = cpu;
    cpu.kernelWritePkru(task.pkru);
    const mm = task.process.mm;
    if (cpu.loadedMm !== mm) {
      cpu.loadedMm?.cpus.delete(cpu);
      cpu.mmu.loadCr3(mm.pageTable);
      cpu.loadedMm = mm;
      mm.cpus.add(cpu);
    }
    return cpu;
  }

  private pickCpu(task: Task): HwThread {
    const last = task.lastCpu;
    if (last !== null && last.task === null) return last;
    const idle = this.cpus.find((c) => c.task === null);
    return idle ?? last ?? (this.cpus[0] as HwThread);
  }

  /** Takes a task off its CPU. */
  private offCpu(task: Task): void {
    const cpu = task.cpu;
    if (cpu === null) return;
    task.pkru = cpu.pkru;
    cpu.task = null;
    task.cpu = null;
  }

  /** Charges `cycles` (and one event) to a task, its process and its CPU. */
  charge(task: Task, event: CounterName | null, cycles: number): void {
    for (const c of [task.counters, task.process.counters]) {
      if (event !== null) c[event]++;
      c.cycles += cycles;
    }
    if (task.cpu !== null) task.cpu.cycles += cycles;
  }

  /**
   * Invalidates [start, end) in every TLB that may cache `task`'s address space: INVLPG on the
   * task's own CPU, and a shootdown (IPI) to each other CPU with the mm loaded.
   */
  flushTlb(task: Task, start: number, end: number): void {
    const first = Math.floor(start / PAGE_SIZE);
    const pages = Math.ceil(end / PAGE_SIZE) - first;
    for (const cpu of task.process.mm.cpus) {
      cpu.mmu.tlb.invalidate(first, pages);
      if (cpu === task.cpu) this.charge(task, null, this.config.costs.invlpg);
      else this.charge(task, 'tlbShootdowns', this.config.costs.tlbShootdownPerCpu);
    }
  }

  /** Ends one thread (exit). The process ends when its last thread does. */
  exitThread(task: Task, code: number): void {
    if (task.dead) return;
    task.dead = true;
    this.offCpu(task);
    const proc = task.process;
    if (proc.tasks.every((t) => t.dead)) this.endProcess(proc, { code, signal: null, info: null });
  }

  /** Ends a process with an exit code (exit_group) or a fatal signal. */
  endProcess(proc: Process, status: ExitStatus): void {
    if (proc.exit !== null) return;
    proc.exit = status;
    for (const t of proc.tasks) {
      t.dead = true;
      this.offCpu(t);
    }
    proc.mm.destroy();
    for (const cpu of proc.mm.cpus) {
      cpu.loadedMm = null;
      cpu.mmu.pageTable = null;
      cpu.mmu.tlb.flush();
    }
    proc.mm.cpus.clear();
  }

  /** Kills a process with a fatal signal. */
  killProcess(proc: Process, info: SigInfo): void {
    this.endProcess(proc, { code: null, signal: info.signo, info });
  }
}
