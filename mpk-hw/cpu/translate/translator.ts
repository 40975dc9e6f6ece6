/**
 * The translation cache of a machine: blocks of guest code compiled to JavaScript functions,
 * keyed like the decode cache by the physical address of their first instruction (and valid
 * only under the virtual page they were compiled for, since they embed virtual addresses).
 *
 * A block is formed only from instructions the decode cache already holds, after its first
 * instruction has been reached `hot` times as a block head (the target of a control transfer,
 * or the instruction after one the translator does not translate).  Coherence rides on the
 * decode cache (SDM Vol.3A 11.6): when a frame's decoded instructions are dropped because the
 * frame was written or freed, every block in it is dropped and marked invalid, so a block
 * running when its own frame is written stops after the writing instruction.
 *
 * When more than `maxBlocks` blocks exist the whole cache is flushed (QEMU's tb_flush policy:
 * simple, and hot code is translated again at once).
 */
import { PAGE_SIZE } from '../../phys-mem.js';
import type { DecodeCache } from '../decode-cache.js';
import type { Insn } from '../insn.js';
import { BRANCHES, compileBlock, ENDS_BEFORE, type BlockFn, type BlockRef } from './codegen.js';

/** Options of the translator (Machine option `translate`). */
export interface TranslateOptions {
  /** Times a block head is reached in the interpreter before it is translated (default 32). */
  readonly hot?: number;
  /** Blocks kept before the cache is flushed (default 16,384). */
  readonly maxBlocks?: number;
  /** Instructions per block at most (default 64). */
  readonly maxInsns?: number;
}

/** Counters of a translator. */
export interface TranslatorStats {
  /** Blocks compiled. */
  translated: number;
  /** Guest instructions in the blocks compiled. */
  translatedInsns: number;
  /** Block executions (a block looping on itself counts once per call). */
  executions: number;
  /** Guest instructions retired inside translated blocks. */
  retired: number;
  /** Executions that left their block early (an inline check failed). */
  exits: number;
  /** Blocks dropped because their frame was written or freed. */
  invalidated: number;
  /** Whole-cache flushes (the block limit was reached). */
  flushes: number;
}

/** One translated block. */
export class Block implements BlockRef {
  valid = true;
  /** The compiled code and its constants (set once, right after construction). */
  fn: BlockFn = () => 0;
  consts: readonly unknown[] = [];
  /** Its instructions and their page offsets (and the end), for the bounded variant. */
  insns: readonly Insn[] = [];
  offs: readonly number[] = [];
  /** The bounded variant (stops after `budget` instructions), compiled when first needed. */
  boundedFn: BlockFn | null = null;
  boundedConsts: readonly unknown[] = [];
  /** Two cached successors in the same page, by the RIP the block left with (-1: none). */
  nextRip0 = -1;
  next0: Block | null = null;
  nextRip1 = -1;
  next1: Block | null = null;
  private nextSlot = 0;
  constructor(
    /** Physical address of the first instruction. */
    readonly pa: number,
    /** Virtual address of the page it was compiled for. */
    readonly vpage: number,
    /** Instructions. */
    readonly n: number,
  ) {}

  /**
   * Caches `b`, found at `rip` right after this block completed, as a successor, if it runs
   * under the same virtual page and so in the same frame (then the CPU's fetch translation
   * still covers it).
   */
  link(rip: number, b: Block): void {
    if (b.vpage !== this.vpage || !this.valid || Math.floor(b.pa / PAGE_SIZE) !== Math.floor(this.pa / PAGE_SIZE)) return;
    if (this.nextSlot === 0) {
      this.nextRip0 = rip;
      this.next0 = b;
    } else {
      this.nextRip1 = rip;
      this.next1 = b;
    }
    this.nextSlot ^= 1;
  }
}

/** The blocks of one physical frame and the head counts of its offsets. */
interface FrameBlocks {
  readonly pfn: number;
  /** Block starting at each offset; null: the offset was tried and cannot start one. */
  readonly blocks: Array<Block | null | undefined>;
  readonly counts: Uint16Array;
}

/** The machine-wide translation cache. */
export class Translator {
  readonly stats: TranslatorStats = { translated: 0, translatedInsns: 0, executions: 0, retired: 0, exits: 0, invalidated: 0, flushes: 0 };
  readonly hot: number;
  readonly maxBlocks: number;
  readonly maxInsns: number;
  private readonly frames = new Map<number, FrameBlocks>();
  private last: FrameBlocks | null = null;
  private live = 0;

  constructor(private readonly cache: DecodeCache, opts: TranslateOptions = {}) {
    this.hot = Math.max(1, Math.min(65535, opts.hot ?? 32));
    this.maxBlocks = opts.maxBlocks ?? 16_384;
    this.maxInsns = opts.maxInsns ?? 64;
    const prev = cache.onDrop;
    cache.onDrop = prev === null ? (pfn) => this.drop(pfn) : (pfn) => { prev(pfn); this.drop(pfn); };
  }

  /** Number of live blocks. */
  get size(): number {
    return this.live;
  }

  private frameOf(pfn: number): FrameBlocks | undefined {
    const l = this.last;
    if (l !== null && l.pfn === pfn) return l;
    const f = this.frames.get(pfn);
    if (f !== undefined) this.last = f;
    return f;
  }

  /** The block starting at physical `pa` compiled for virtual page `vpage`, if any. */
  lookup(pa: number, vpage: number): Block | undefined {
    const f = this.frameOf(Math.floor(pa / PAGE_SIZE));
    const b = f?.blocks[pa % PAGE_SIZE];
    return b != null && b.vpage === vpage ? b : undefined;
  }

  /** The interpreter reached a block head at `pa` (virtual page `vpage`): count it, translate when hot. */
  noteHead(pa: number, vpage: number): void {
    const pfn = Math.floor(pa / PAGE_SIZE);
    const off = pa % PAGE_SIZE;
    // Not decoded yet (the interpreter is about to decode it): nothing to count.
    if (this.cache.peek(pa) === undefined) return;
    let f = this.frameOf(pfn);
    if (f === undefined) {
      f = { pfn, blocks: new Array<Block | null | undefined>(PAGE_SIZE), counts: new Uint16Array(PAGE_SIZE) };
      this.frames.set(pfn, f);
      this.last = f;
    }
    const existing = f.blocks[off];
    if (existing === null) return;
    const c = (f.counts[off] as number) + 1;
    if (c < this.hot) {
      f.counts[off] = c;
      return;
    }
    f.counts[off] = 0;
    if (existing !== undefined) existing.valid = false;
    else this.live++;
    f.blocks[off] = this.form(pa, vpage);
    if (f.blocks[off] === null) this.live--;
    if (this.live > this.maxBlocks) this.flush();
  }

  /** Compiles the block at `pa`, or null when its first instruction cannot start one. */
  private form(pa: number, vpage: number): Block | null {
    const base = pa - (pa % PAGE_SIZE);
    const insns: Insn[] = [];
    const offs: number[] = [];
    let off = pa % PAGE_SIZE;
    while (insns.length < this.maxInsns && off < PAGE_SIZE) {
      const i = this.cache.peek(base + off);
      // Only instructions the interpreter has decoded (so its cache lookups would hit), none
      // crossing the page end (their second page is checked on every fetch).
      if (i === undefined || off + i.length > PAGE_SIZE || ENDS_BEFORE.has(i.op)) break;
      insns.push(i);
      offs.push(off);
      off += i.length;
      if (BRANCHES.has(i.op)) break;
    }
    if (insns.length === 0) return null;
    offs.push(off);
    const b = new Block(pa, vpage, insns.length);
    const c = compileBlock(insns, offs, vpage);
    b.fn = c.fn;
    b.consts = c.consts;
    b.insns = insns;
    b.offs = offs;
    this.stats.translated++;
    this.stats.translatedInsns += insns.length;
    return b;
  }

  /** The bounded variant of `b` (for a slice that ends inside it), compiled on first use. */
  bounded(b: Block): BlockFn {
    if (b.boundedFn === null) {
      const c = compileBlock(b.insns, b.offs, b.vpage, true);
      b.boundedFn = c.fn;
      b.boundedConsts = c.consts;
    }
    return b.boundedFn;
  }

  /** The decode cache dropped frame `pfn`: its blocks go too. */
  private drop(pfn: number): void {
    const f = this.frames.get(pfn);
    if (f === undefined) return;
    this.frames.delete(pfn);
    if (this.last === f) this.last = null;
    for (const b of f.blocks) {
      if (b == null) continue;
      b.valid = false;
      this.live--;
      this.stats.invalidated++;
    }
  }

  /** Drops every block. */
  flush(): void {
    for (const f of this.frames.values()) for (const b of f.blocks) if (b != null) b.valid = false;
    this.frames.clear();
    this.last = null;
    this.live = 0;
    this.stats.flushes++;
  }
}
