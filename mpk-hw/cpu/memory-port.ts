/**
 * Data accesses of one CPU.  An access is done in two steps so that faults are precise
 * (SDM Vol.3A 6.5 "Faults": the instruction is restarted with no state changed):
 *
 *   1. translate: every page the access touches goes through hw.mmu.translate for the access
 *      kind under the current PKRU (a crossing access translates both pages) and the physical
 *      addresses are kept in a slot.  Any #PF/#GP is thrown here, before anything changed.
 *   2. load/store: bytes move through `buf` from/to the translated frames; stores go through
 *      PhysMem.writeInFrame so a write to a watched code frame drops its decoded instructions.
 *
 * Two slots exist because PUSH/POP/CALL with a memory operand touch two locations.
 */
import type { Access } from '../fault.js';
import type { HwThread } from '../hw-thread.js';
import { PAGE_SIZE, type PhysMem } from '../phys-mem.js';
import { DataTlb } from './translate/data-tlb.js';

/** Slot for the instruction's ModRM memory operand. */
export const SLOT_RM = 0;
/** Slot for the stack access of PUSH/POP/CALL/RET. */
export const SLOT_STACK = 1;

/** Translated accesses and the byte buffer they move through. */
export class MemoryPort {
  /** Bytes of the current load or store (little-endian). */
  readonly buf = new Uint8Array(16);
  /** `buf` as 32-bit words. */
  readonly buf32 = new Uint32Array(this.buf.buffer);
  /** `buf` as doubles. */
  readonly buf64 = new Float64Array(this.buf.buffer);
  /** Bits 63:32 of the last `load` of 8 bytes. */
  loadHi = 0;
  /** Physical address of each slot's first byte. */
  private readonly pa = new Float64Array(2);
  /** Physical address of each slot's bytes on the second page (crossing accesses). */
  private readonly pa2 = new Float64Array(2);
  /** Bytes of each slot on the first page (= the size when it does not cross). */
  private readonly split = new Int32Array(2);
  /** views[s][e] = buf.subarray(s, e), so stores allocate nothing. */
  private readonly views: Uint8Array[][];
  /** The frame of the last load (valid within one Cpu.run: frames are only freed by the kernel). */
  private lastPfn = -1;
  private lastFrame: Uint8Array = new Uint8Array(0);

  /** The translator's copy of granted data translations (filled here, read by translated code). */
  readonly dtlb: DataTlb;

  constructor(private readonly hw: HwThread, private readonly mem: PhysMem) {
    this.dtlb = new DataTlb(hw, mem);
    this.views = Array.from({ length: 17 }, (_, s) => Array.from({ length: 17 }, (_, e) => this.buf.subarray(s, Math.max(s, e))));
  }

  /** Forgets the cached frame (called when Cpu.run starts: the kernel may have freed frames). */
  reset(): void {
    this.lastPfn = -1;
  }

  /** Contents of frame `pfn`. */
  private frame(pfn: number): Uint8Array {
    if (pfn !== this.lastPfn) {
      this.lastFrame = this.mem.frame(pfn);
      this.lastPfn = pfn;
    }
    return this.lastFrame;
  }

  /** Translates the `n` bytes at linear address `va` for `access` into `slot` (may throw #PF/#GP). */
  translate(slot: number, va: number, n: number, access: Access): void {
    const mmu = this.hw.mmu;
    const off = va % PAGE_SIZE;
    const pa = mmu.translate(va, access, this.hw.pkru);
    this.pa[slot] = pa;
    if (off + n <= PAGE_SIZE) {
      this.split[slot] = n;
      if (access !== 'fetch') this.dtlb.fill(va, pa, access === 'write');
      return;
    }
    this.split[slot] = PAGE_SIZE - off;
    this.pa2[slot] = mmu.translate(va - off + PAGE_SIZE, access, this.hw.pkru);
  }

  /** Copies the `n` translated bytes of `slot` into `buf`. */
  fill(slot: number, n: number): void {
    const buf = this.buf;
    const split = this.split[slot] as number;
    let pa = this.pa[slot] as number;
    let f = this.frame(Math.floor(pa / PAGE_SIZE));
    let off = pa % PAGE_SIZE;
    for (let i = 0; i < split; i++) buf[i] = f[off + i] as number;
    if (split >= n) return;
    pa = this.pa2[slot] as number;
    f = this.frame(Math.floor(pa / PAGE_SIZE));
    off = pa % PAGE_SIZE - split;
    for (let i = split; i < n; i++) buf[i] = f[off + i] as number;
  }

  /** Loads `n` (1, 2, 4, 8) bytes of `slot`: returns bits 31:0, leaves bits 63:32 in loadHi. */
  load(slot: number, n: number): number {
    this.fill(slot, n);
    const b = this.buf;
    this.loadHi = n === 8 ? (this.buf32[1] as number) : 0;
    if (n >= 4) return this.buf32[0] as number;
    return n === 2 ? (b[0] as number) | ((b[1] as number) << 8) : (b[0] as number);
  }

  /** Stores the first `n` bytes of `buf` to the translated `slot`. */
  flush(slot: number, n: number): void {
    const split = this.split[slot] as number;
    this.mem.writeInFrame(this.pa[slot] as number, this.views[0]?.[Math.min(split, n)] as Uint8Array);
    if (split < n) this.mem.writeInFrame(this.pa2[slot] as number, this.views[split]?.[n] as Uint8Array);
  }

  /** Stores an `n`-byte value (1, 2, 4, 8) given as halves to the translated `slot`. */
  store(slot: number, n: number, lo: number, hi: number): void {
    this.buf32[0] = lo;
    this.buf32[1] = hi;
    this.flush(slot, n);
  }
}
