/**
 * Decoded instructions of a machine, shared by all its CPUs and keyed by the physical address
 * of an instruction's first byte (so code mapped at two virtual addresses decodes once, and a
 * remapped virtual page never serves another frame's code).
 *
 * Coherence: every frame an instruction's bytes come from is registered with
 * PhysMem.watchCode; PhysMem calls codeWriteHook on the next write to (or release of) that
 * frame, and the hook drops the frame's instructions and those of instructions that cross
 * into it.  So rewritten code is always decoded again (SDM Vol.3A 11.6 self-modifying code).
 *
 * An instruction that crosses into the next page is cached with the frame its tail came from;
 * the CPU translates the second page on every execution (the fetch check is never cached)
 * and uses the entry only if the tail still comes from that frame.
 */
import type { Insn } from './insn.js';
import { PAGE_SIZE, type PhysMem } from '../phys-mem.js';

/** Cached instructions of one physical frame. */
interface FrameEntry {
  readonly pfn: number;
  /** Instruction starting at each byte offset. */
  readonly slots: Array<Insn | undefined>;
  /** Offset -> frame holding the tail, for instructions crossing into the next page. */
  readonly crossing: Map<number, number>;
  /** Physical addresses of instructions in other frames whose tail is in this frame. */
  readonly tails: Set<number>;
}

/** Counters of a decode cache. */
export interface DecodeCacheStats {
  hits: number;
  misses: number;
  /** Frames dropped because they were written or freed. */
  invalidations: number;
}

/** The decoded-instruction cache of one machine. */
export class DecodeCache {
  /** Frame number -> its cached instructions (only frames that are watched). */
  private readonly frames = new Map<number, FrameEntry>();
  /** The frame of the last lookup (most instructions follow one another in a frame). */
  private last: FrameEntry | null = null;
  readonly stats: DecodeCacheStats = { hits: 0, misses: 0, invalidations: 0 };
  /** Called after frame `pfn`'s instructions are dropped (the translator drops its blocks there too). */
  onDrop: ((pfn: number) => void) | null = null;

  constructor(private readonly mem: PhysMem) {
    const prev = mem.codeWriteHook;
    mem.codeWriteHook = prev === null ? (pfn) => this.drop(pfn) : (pfn) => { this.drop(pfn); prev(pfn); };
  }

  /** The instruction whose first byte is at physical address `pa`, if cached. */
  lookup(pa: number): Insn | undefined {
    const pfn = Math.floor(pa / PAGE_SIZE);
    let e = this.last;
    if (e === null || e.pfn !== pfn) {
      e = this.frames.get(pfn) ?? null;
      if (e === null) {
        this.stats.misses++;
        return undefined;
      }
      this.last = e;
    }
    const insn = e.slots[pa % PAGE_SIZE];
    if (insn === undefined) this.stats.misses++;
    else this.stats.hits++;
    return insn;
  }

  /** The cached instruction at `pa` without counting (the translator reads blocks with it). */
  peek(pa: number): Insn | undefined {
    return this.frames.get(Math.floor(pa / PAGE_SIZE))?.slots[pa % PAGE_SIZE];
  }

  /** Whether the cached instruction at `pa` crosses into the next page. */
  crosses(pa: number): boolean {
    return this.frames.get(Math.floor(pa / PAGE_SIZE))?.crossing.has(pa % PAGE_SIZE) ?? false;
  }

  /** Frame holding the tail of the crossing instruction at `pa`, or -1. */
  tailFrame(pa: number): number {
    return this.frames.get(Math.floor(pa / PAGE_SIZE))?.crossing.get(pa % PAGE_SIZE) ?? -1;
  }

  /** Caches `insn` at `pa`; `tailPfn` is the frame of its bytes past the page end, or -1. */
  insert(pa: number, insn: Insn, tailPfn: number): void {
    const e = this.entry(Math.floor(pa / PAGE_SIZE));
    const off = pa % PAGE_SIZE;
    e.slots[off] = insn;
    if (tailPfn < 0) {
      e.crossing.delete(off);
      return;
    }
    e.crossing.set(off, tailPfn);
    this.entry(tailPfn).tails.add(pa);
  }

  /** Number of frames with cached instructions. */
  get frameCount(): number {
    return this.frames.size;
  }

  private entry(pfn: number): FrameEntry {
    let e = this.frames.get(pfn);
    if (e === undefined) {
      e = { pfn, slots: new Array<Insn | undefined>(PAGE_SIZE).fill(undefined), crossing: new Map(), tails: new Set() };
      this.frames.set(pfn, e);
      this.mem.watchCode(pfn);
    }
    return e;
  }

  /** codeWriteHook: frame `pfn` was written or freed. */
  private drop(pfn: number): void {
    const e = this.frames.get(pfn);
    if (e === undefined) return;
    this.stats.invalidations++;
    this.frames.delete(pfn);
    if (this.last === e) this.last = null;
    for (const pa of e.tails) {
      const head = this.frames.get(Math.floor(pa / PAGE_SIZE));
      const off = pa % PAGE_SIZE;
      if (head?.crossing.get(off) === pfn) {
        head.slots[off] = undefined;
        head.crossing.delete(off);
      }
    }
    this.onDrop?.(pfn);
  }
}
