/**
 * The interpreter of one hardware thread: fetch (through the MMU, NX checked, PKRU not),
 * decode (through the shared DecodeCache), execute (dispatch.ts), retire.
 *
 * Precise exceptions (SDM Vol.3A 6.5, 6.6): handlers translate every location they will touch
 * and check every fault condition before they change any register, flag or byte, and RIP is
 * advanced only after the handler returns, so a CpuException thrown by a handler leaves the
 * whole architectural state as it was before the instruction, with RIP on it.  The single
 * catch point is run(), which hands the exception back as a CpuExit.  INT3 is a trap: its
 * handler advances RIP itself before raising #BP.
 *
 * The retire hook (off by default) is told of every retired instruction, INT3 included, for
 * monitors that check what threads execute; when off it costs one untaken branch per instruction.
 */
import { CpuException } from '../fault.js';
import type { HwThread } from '../hw-thread.js';
import { PAGE_SIZE, type PhysMem } from '../phys-mem.js';
import { xsaveLayout, type XsaveLayout } from '../xsave.js';
import { decode, MAX_INSN_LENGTH, NEED_MORE } from './decode.js';
import type { DecodeCache } from './decode-cache.js';
import { HANDLERS } from './dispatch.js';
import type { Insn } from './insn.js';
import { MemoryPort } from './memory-port.js';
import { RegisterFile } from './regs.js';
import { BRANCHES, ENDS_BEFORE } from './translate/codegen.js';
import type { Block, Translator } from './translate/translator.js';

/** Why run() returned. */
export type CpuExit =
  | { readonly kind: 'syscall' }
  | { readonly kind: 'exception'; readonly exception: CpuException }
  | { readonly kind: 'budget' };

/** Counters of one CPU (cumulative over run() calls). */
export interface CpuStats {
  /** Instructions retired (a faulting instruction is not counted; INT3 is). */
  instructions: number;
  /** WRPKRU instructions retired. */
  wrpkru: number;
  /** RDPKRU instructions retired. */
  rdpkru: number;
}

/** Options of a CPU. */
export interface CpuOptions {
  /** Layout of the XSAVE area (the machine's CPUID.(0DH,9).EBX); default xsaveLayout(). */
  readonly xsave?: XsaveLayout;
}

/**
 * Told of each retired instruction: the tid of the task on this CPU (-1 when none is loaded),
 * the instruction's address and its length in bytes.  An instruction that faults does not
 * retire; INT3 does (a trap, SDM Vol.3A 6.5) and is reported before its #BP is delivered.
 */
export type RetireHook = (tid: number, rip: number, length: number) => void;

/** Ops after which the next instruction is a block head (a place blocks start). */
const HEAD_AFTER: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (const op of [...BRANCHES, ...ENDS_BEFORE]) t[op] = 1;
  return t;
})();

const SYSCALL_EXIT: CpuExit = Object.freeze({ kind: 'syscall' });
const BUDGET_EXIT: CpuExit = Object.freeze({ kind: 'budget' });

/** The instruction interpreter of one hardware thread. */
export class Cpu {
  /** The logical processor: PKRU, XINUSE[PKRU], MMU. */
  readonly hw: HwThread;
  /** Physical memory. */
  readonly mem: PhysMem;
  /** Decoded instructions, shared by the machine's CPUs. */
  readonly cache: DecodeCache;
  /** XSAVE area layout. */
  readonly xsaveLayout: XsaveLayout;
  /** Counters. */
  readonly stats: CpuStats = { instructions: 0, wrpkru: 0, rdpkru: 0 };
  /** Translated data accesses. */
  readonly port: MemoryPort;
  /** Registers of the thread being run (bound by run()). */
  regs = new RegisterFile();
  /** regs.lo: bits 31:0 of the GPRs. */
  lo: Uint32Array = this.regs.lo;
  /** regs.hi: bits 63:32 of the GPRs. */
  hi: Uint32Array = this.regs.hi;
  /** Address of the next instruction; handlers of taken branches replace it. */
  nextRip = 0;
  /** Set by SYSCALL: run() returns after this instruction retires. */
  syscallPending = false;
  /** Bits 63:32 of the last value read by readGpr/readRm. */
  vHi = 0;
  /** Result of the last ALU core operation: bits 31:0 and 63:32. */
  resLo = 0;
  resHi = 0;
  /** Bits 127:64 of the last 64 x 64-bit signed product: bits 95:64 and 127:96. */
  wideLo = 0;
  wideHi = 0;
  /** RSP value a stack instruction will commit once nothing can fault any more: 31:0, 63:32. */
  spLo = 0;
  spHi = 0;
  /** Effective address of the last computeEa: bits 31:0 and 63:32. */
  eaLo = 0;
  eaHi = 0;
  /** Called after each instruction retires, or null (the default: no monitor). */
  retireHook: RetireHook | null = null;
  /**
   * The machine's translation cache, or null to interpret only.  A retire hook turns
   * translation off while it is set (a monitor sees every instruction one by one).
   */
  translator: Translator | null = null;
  /** Set by a translated block that raises an exception: instructions it retired before it. */
  blockAt = 0;
  /** Bytes of an instruction that crosses a page boundary. */
  private readonly fetchBuf = new Uint8Array(MAX_INSN_LENGTH);

  constructor(hw: HwThread, mem: PhysMem, cache: DecodeCache, opts: CpuOptions = {}) {
    this.hw = hw;
    this.mem = mem;
    this.cache = cache;
    this.xsaveLayout = opts.xsave ?? xsaveLayout();
    this.port = new MemoryPort(hw, mem);
  }

  /**
   * Runs the thread whose registers are `regs` for at most `budget` instructions, using this
   * CPU's current PKRU and page tables.  Returns at a SYSCALL (RIP after it), an exception
   * (RIP on the faulting instruction; after INT3), or when the budget is spent.
   */
  run(regs: RegisterFile, budget: number): CpuExit {
    if (this.translator !== null && this.retireHook === null) return this.runTranslated(regs, budget, this.translator);
    return this.interpret(regs, budget);
  }

  /** Takes the thread's registers for a run (the kernel may have freed frames since the last one). */
  private bind(regs: RegisterFile): void {
    this.regs = regs;
    this.lo = regs.lo;
    this.hi = regs.hi;
    this.port.reset();
  }

  /** run() with the interpreter alone: the reference every translated block must match. */
  private interpret(regs: RegisterFile, budget: number): CpuExit {
    this.bind(regs);
    const stats = this.stats;
    const handlers = HANDLERS;
    // Address of the instruction being executed (the catch reports a trapping INT3 with it).
    let rip = 0;
    try {
      for (let n = 0; n < budget; n++) {
        rip = regs.rip;
        const insn = this.fetch(rip);
        this.nextRip = rip + insn.length;
        (handlers[insn.op] as (c: Cpu, i: Insn) => void)(this, insn);
        regs.rip = this.nextRip;
        stats.instructions++;
        if (this.retireHook !== null) this.retireHook(this.hw.task?.tid ?? -1, rip, insn.length);
        if (this.syscallPending) {
          this.syscallPending = false;
          return SYSCALL_EXIT;
        }
      }
    } catch (e) {
      if (!(e instanceof CpuException)) throw e;
      // #BP is a trap: INT3 retired (its handler set RIP to nextRip and counted it).
      if (e.vector === 3 && this.retireHook !== null) this.retireHook(this.hw.task?.tid ?? -1, rip, this.nextRip - rip);
      return { kind: 'exception', exception: e };
    }
    return BUDGET_EXIT;
  }

  /**
   * run() with translated blocks.  Architectural results, retired counts and the TLB and
   * decode-cache counters are those of interpret(): a block runs whole only when it fits in the
   * budget, else its bounded variant stops exactly at the budget; the per-instruction fetch
   * hits and decode-cache hits of the instructions it retired are added in one step (all of a
   * block is in one page, under one TLB generation, and in the decode cache).  When a block leaves early, the instruction it stopped before
   * runs here in the interpreter at once.
   */
  private runTranslated(regs: RegisterFile, budget: number, tr: Translator): CpuExit {
    this.bind(regs);
    const stats = this.stats;
    const handlers = HANDLERS;
    const tlbStats = this.hw.mmu.tlb.stats;
    const cacheStats = this.cache.stats;
    const dt = this.port.dtlb;
    const trStats = tr.stats;
    const tlb = this.hw.mmu.tlb;
    let rip = 0;
    let inBlock = false;
    let head = true;
    let n = 0;
    // The last block that completed and whose successor was not cached yet.
    let from: Block | null = null;
    try {
      while (n < budget) {
        rip = regs.rip;
        let pa = this.fetchAddress(rip);
        const vpage = this.fetchVpn * PAGE_SIZE;
        let b = tr.lookup(pa, vpage);
        if (from !== null && b !== undefined) from.link(rip, b);
        from = null;
        let exited = false;
        // A block runs whole when it fits in the budget, or bounded (stopping exactly at the
        // budget) when the slice ends inside it; a last single instruction is interpreted.
        if (b !== undefined && budget - n >= 2) {
          let blk: Block = b;
          dt.sync();
          // Blocks run one after another through each block's cached successors in its page:
          // a successor's first fetch is the CPU's cached fetch translation, a TLB hit, while
          // the TLB generation is unchanged (blocks only change it by faulting, which throws).
          for (;;) {
            inBlock = true;
            const r = blk.n <= budget - n ? blk.fn(this, regs, this.lo, this.hi, dt, tlbStats, budget - n, blk, blk.consts)
              : tr.bounded(blk)(this, regs, this.lo, this.hi, dt, tlbStats, budget - n, blk, blk.boundedConsts);
            inBlock = false;
            trStats.executions++;
            const k = r >= 0 ? r : -1 - r;
            trStats.retired += k;
            stats.instructions += k;
            n += k;
            cacheStats.hits += k;
            if (r < 0) {
              // Left before an instruction: its fetch is counted here and it runs now.
              trStats.exits++;
              tlbStats.hits += k;
              rip = regs.rip;
              pa = this.fetchBase + (rip - vpage);
              exited = true;
              break;
            }
            tlbStats.hits += k - 1;
            const next = regs.rip;
            const s: Block | null = next === blk.nextRip0 ? blk.next0 : next === blk.nextRip1 ? blk.next1 : null;
            if (s === null || !s.valid || budget - n < 2 || tlb.generation !== this.fetchGen) {
              from = blk;
              break;
            }
            tlbStats.hits++;
            blk = s;
          }
          if (!exited) {
            head = true;
            continue;
          }
          from = null;
        } else if (head && b === undefined) tr.noteHead(pa, vpage);
        const insn = this.fetchAt(rip, pa);
        this.nextRip = rip + insn.length;
        (handlers[insn.op] as (c: Cpu, i: Insn) => void)(this, insn);
        regs.rip = this.nextRip;
        stats.instructions++;
        n++;
        head = exited || HEAD_AFTER[insn.op] === 1;
        if (this.syscallPending) {
          this.syscallPending = false;
          return SYSCALL_EXIT;
        }
      }
    } catch (e) {
      if (!(e instanceof CpuException)) throw e;
      if (inBlock) {
        // A handler inside a block raised it: RIP is on that instruction (the block set it).
        const k = this.blockAt;
        stats.instructions += k;
        cacheStats.hits += k + 1;
        tlbStats.hits += k;
      }
      return { kind: 'exception', exception: e };
    }
    return BUDGET_EXIT;
  }

  /** The fetch translation of the last code page: its page number, frame base and the TLB generation it was read under. */
  private fetchVpn = -1;
  private fetchBase = 0;
  private fetchGen = -1;

  /**
   * The physical address of an instruction fetch at `rip`.  The last code page's translation is
   * kept while the TLB's generation is unchanged: the TLB still holds the same entry, so the MMU
   * would find it (a hit, counted here the same) and pass the same checks (a fetch's checks,
   * U/S and XD, read only fields that change with an invalidation; PKRU plays no part: SDM
   * Vol.3A 4.6.2).  Anything else goes through the MMU.
   */
  private fetchAddress(rip: number): number {
    const tlb = this.hw.mmu.tlb;
    const vpn = Math.floor(rip / PAGE_SIZE);
    if (vpn === this.fetchVpn && tlb.generation === this.fetchGen) {
      tlb.stats.hits++;
      return this.fetchBase + (rip - vpn * PAGE_SIZE);
    }
    const pa = this.hw.mmu.translate(rip, 'fetch', this.hw.pkru);
    this.fetchVpn = vpn;
    this.fetchBase = pa - (rip - vpn * PAGE_SIZE);
    this.fetchGen = tlb.generation;
    return pa;
  }

  /** Fetches and decodes the instruction at `rip` (SDM Vol.3A 4.6: fetches honour XD, not PKRU). */
  private fetch(rip: number): Insn {
    return this.fetchAt(rip, this.fetchAddress(rip));
  }

  /** fetch() once the first byte's physical address `pa` is known. */
  private fetchAt(rip: number, pa: number): Insn {
    const hit = this.cache.lookup(pa);
    if (hit === undefined) return this.decodeAt(rip, pa);
    if ((pa % PAGE_SIZE) + hit.length <= PAGE_SIZE) return hit;
    // A crossing instruction: the second page is checked on every execution.
    const pa2 = this.hw.mmu.translate(rip - (rip % PAGE_SIZE) + PAGE_SIZE, 'fetch', this.hw.pkru);
    if (this.cache.tailFrame(pa) === Math.floor(pa2 / PAGE_SIZE)) return hit;
    return this.decodeAt(rip, pa);
  }

  /** Decodes from memory and caches the result. */
  private decodeAt(rip: number, pa: number): Insn {
    const off = pa % PAGE_SIZE;
    const frame = this.mem.frame(Math.floor(pa / PAGE_SIZE));
    const first = PAGE_SIZE - off;
    const insn = decode(frame, off, Math.min(MAX_INSN_LENGTH, first));
    if (insn !== NEED_MORE) {
      this.cache.insert(pa, insn, -1);
      return insn;
    }
    const pa2 = this.hw.mmu.translate(rip - (rip % PAGE_SIZE) + PAGE_SIZE, 'fetch', this.hw.pkru);
    const tail = this.mem.frame(Math.floor(pa2 / PAGE_SIZE));
    const buf = this.fetchBuf;
    for (let i = 0; i < first; i++) buf[i] = frame[off + i] as number;
    for (let i = first; i < MAX_INSN_LENGTH; i++) buf[i] = tail[i - first] as number;
    const whole = decode(buf, 0, MAX_INSN_LENGTH);
    this.cache.insert(pa, whole, Math.floor(pa2 / PAGE_SIZE));
    return whole;
  }
}
