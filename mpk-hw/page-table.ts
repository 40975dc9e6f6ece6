/**
 * 4-level x86-64 page tables held in simulated physical memory.  SDM Vol.3A 4.5.
 * Entries are 64-bit, read and written as two 32-bit halves (see pte.ts).
 *
 * Linear address (48 bits):
 *   47..39 PML4 index | 38..30 PDPT index | 29..21 PD index | 20..12 PT index | 11..0 offset
 *
 * Intermediate entries are created with P, R/W and U/S set and XD clear, as Linux does: only
 * the leaf restricts rights.  The effective rights still combine every level (AND of R/W and
 * U/S, OR of XD), as the hardware computes them.
 */
import { assert, hex } from './errors.js';
import { PAGE_SIZE, LARGE_PAGE_SIZE, FRAMES_PER_LARGE_PAGE, type PhysMem } from './phys-mem.js';
import {
  PTE_P, PTE_RW, PTE_US, PTE_A, PTE_D, PTE_PS, PTE_PROTNONE, pteLo, pteHi, pteFrameAddr, pteFrameAddr4k, ptePkey, pteXd,
} from './pte.js';

/** Lowest non-canonical address of the lower half: user addresses are below it. */
export const CANONICAL_LIMIT = 2 ** 47;

/** Rights and key of a leaf mapping. */
export interface LeafAttrs {
  /** False for a PROT_NONE mapping: P=0 with Linux's software PROTNONE bit, frame kept. */
  readonly present: boolean;
  readonly writable: boolean;
  readonly user: boolean;
  /** Execute disable. */
  readonly xd: boolean;
  /** Protection key 0..15. */
  readonly pkey: number;
}

/** Where a leaf entry lives and what it holds. */
export interface LeafRef {
  /** Frame holding the table that contains the leaf (a PT, or a PD for a 2 MiB leaf). */
  readonly tablePfn: number;
  /** Index of the entry in that table. */
  readonly index: number;
  readonly lo: number;
  readonly hi: number;
  /** True for a 2 MiB PDE leaf. */
  readonly large: boolean;
}

/** The result of a successful walk: what a TLB entry caches. */
export interface Translation {
  /** Physical address of the 4 KiB page containing the address. */
  readonly pageBase: number;
  /** AND of R/W over every level. */
  readonly writable: boolean;
  /** AND of U/S over every level. */
  readonly user: boolean;
  /** OR of XD over every level. */
  readonly xd: boolean;
  /** Key from the leaf entry. */
  readonly pkey: number;
  /** Whether the leaf's dirty bit was set at walk time. */
  readonly dirty: boolean;
  /** The leaf entry, so the MMU can set A and D. */
  readonly leaf: LeafRef;
}

function indexAt(va: number, level: number): number {
  return Math.floor(va / 2 ** (12 + 9 * level)) % 512;
}

/** One address space's page tables. */
export class PageTable {
  /** Physical memory the tables live in. */
  readonly mem: PhysMem;
  /** Frame number of the PML4 (what CR3 points at). */
  readonly rootPfn: number;
  /** Every frame used by a table of this hierarchy (for teardown). */
  private readonly tableFrames = new Set<number>();

  constructor(mem: PhysMem) {
    this.mem = mem;
    this.rootPfn = mem.allocFrame();
    this.tableFrames.add(this.rootPfn);
  }

  /** Number of frames the tables themselves use. */
  get tableFrameCount(): number {
    return this.tableFrames.size;
  }

  /** Hardware walk.  Returns null when an entry on the way is not present. Sets A (and D for writes). */
  walk(va: number, write: boolean): Translation | null {
    let pfn = this.rootPfn;
    let writable = true;
    let user = true;
    let xd = false;
    for (let level = 3; level >= 0; level--) {
      const t = this.mem.frame32(pfn);
      const i = indexAt(va, level);
      const lo = t[2 * i] ?? 0;
      const hi = t[2 * i + 1] ?? 0;
      if ((lo & PTE_P) === 0) return null;
      // The processor sets A in every entry it uses for the translation (SDM Vol.3A 4.8).
      if ((lo & PTE_A) === 0) t[2 * i] = (lo | PTE_A) >>> 0;
      writable &&= (lo & PTE_RW) !== 0;
      user &&= (lo & PTE_US) !== 0;
      xd ||= pteXd(hi);
      const large = level === 1 && (lo & PTE_PS) !== 0;
      if (level === 0 || large) {
        const setBits = PTE_A | (write ? PTE_D : 0);
        if ((lo & setBits) !== setBits) t[2 * i] = (lo | setBits) >>> 0;
        const base = large ? pteFrameAddr(lo, hi) + (va % LARGE_PAGE_SIZE) - (va % PAGE_SIZE) : pteFrameAddr4k(lo, hi);
        const leaf = { tablePfn: pfn, index: i, lo: t[2 * i] ?? 0, hi, large };
        return { pageBase: base, writable, user, xd, pkey: ptePkey(hi), dirty: write || (lo & PTE_D) !== 0, leaf };
      }
      pfn = pteFrameAddr4k(lo, hi) / PAGE_SIZE;
    }
    return null;
  }

  /** Sets the D bit of a leaf (the MMU does this on the first write through a clean TLB entry). */
  setDirty(leaf: LeafRef): void {
    const t = this.mem.frame32(leaf.tablePfn);
    t[2 * leaf.index] = ((t[2 * leaf.index] ?? 0) | PTE_A | PTE_D) >>> 0;
  }

  /** The leaf entry mapping `va` (present or PROT_NONE), or null when there is none. */
  leaf(va: number): LeafRef | null {
    let pfn = this.rootPfn;
    for (let level = 3; level >= 0; level--) {
      const t = this.mem.frame32(pfn);
      const i = indexAt(va, level);
      const lo = t[2 * i] ?? 0;
      const hi = t[2 * i + 1] ?? 0;
      const large = level === 1 && (lo & PTE_PS) !== 0;
      if (level === 0 || large) return isLeafEntry(lo) ? { tablePfn: pfn, index: i, lo, hi, large } : null;
      if ((lo & PTE_P) === 0) return null;
      pfn = pteFrameAddr4k(lo, hi) / PAGE_SIZE;
    }
    return null;
  }

  /** The PDE for `va`: its table frame and index, or null when the PML4E or PDPTE is absent. */
  private pde(va: number): { t: Uint32Array; i: number } | null {
    let pfn = this.rootPfn;
    for (let level = 3; level > 1; level--) {
      const t = this.mem.frame32(pfn);
      const i = indexAt(va, level);
      const lo = t[2 * i] ?? 0;
      if ((lo & PTE_P) === 0) return null;
      pfn = pteFrameAddr4k(lo, t[2 * i + 1] ?? 0) / PAGE_SIZE;
    }
    return { t: this.mem.frame32(pfn), i: indexAt(va, 1) };
  }

  /** Whether the PDE covering `va` holds anything (a page table or a 2 MiB leaf). */
  pdeInUse(va: number): boolean {
    const d = this.pde(va);
    return d !== null && ((d.t[2 * d.i] ?? 0) & (PTE_P | PTE_PROTNONE)) !== 0;
  }

  /** Frees the page table under the PDE covering `va` when every entry in it is zero. */
  freeEmptyTable(va: number): void {
    const d = this.pde(va);
    if (d === null) return;
    const lo = d.t[2 * d.i] ?? 0;
    if ((lo & PTE_P) === 0 || (lo & PTE_PS) !== 0) return;
    const pt = pteFrameAddr4k(lo, d.t[2 * d.i + 1] ?? 0) / PAGE_SIZE;
    if (this.mem.frame32(pt).some((w) => w !== 0)) return;
    d.t[2 * d.i] = 0;
    d.t[2 * d.i + 1] = 0;
    this.tableFrames.delete(pt);
    this.mem.freeFrame(pt);
  }

  /** Table frame holding the entry for `va` at `stopLevel` (1: PD, 0: PT), creating tables on the way. */
  private tableFor(va: number, stopLevel: number): number {
    let pfn = this.rootPfn;
    for (let level = 3; level > stopLevel; level--) {
      const t = this.mem.frame32(pfn);
      const i = indexAt(va, level);
      const lo = t[2 * i] ?? 0;
      if ((lo & PTE_P) === 0) {
        const next = this.mem.allocFrame();
        this.tableFrames.add(next);
        t[2 * i] = pteLo(next * PAGE_SIZE, PTE_P | PTE_RW | PTE_US);
        t[2 * i + 1] = pteHi(next * PAGE_SIZE, 0, false);
        pfn = next;
      } else {
        assert(!(level === 1 && (lo & PTE_PS)), `4 KiB map inside a 2 MiB page at ${hex(va)}`);
        pfn = pteFrameAddr4k(lo, t[2 * i + 1] ?? 0) / PAGE_SIZE;
      }
    }
    return pfn;
  }

  /** Maps the 4 KiB page at `va` to the frame at `frameAddr`. */
  map4k(va: number, frameAddr: number, attrs: LeafAttrs): void {
    const t = this.mem.frame32(this.tableFor(va, 0));
    const i = indexAt(va, 0);
    t[2 * i] = pteLo(frameAddr, leafFlags(attrs));
    t[2 * i + 1] = pteHi(frameAddr, attrs.pkey, attrs.xd);
  }

  /** Maps the 2 MiB page at `va` (2 MiB aligned) with a PS=1 PDE. */
  map2m(va: number, frameAddr: number, attrs: LeafAttrs): void {
    assert(va % LARGE_PAGE_SIZE === 0 && frameAddr % LARGE_PAGE_SIZE === 0, `unaligned 2 MiB map at ${hex(va)}`);
    const t = this.mem.frame32(this.tableFor(va, 1));
    const i = indexAt(va, 1);
    assert(((t[2 * i] ?? 0) & (PTE_P | PTE_PROTNONE)) === 0, `2 MiB map over a present PDE at ${hex(va)}`);
    t[2 * i] = pteLo(frameAddr, leafFlags(attrs) | PTE_PS, true);
    t[2 * i + 1] = pteHi(frameAddr, attrs.pkey, attrs.xd);
  }

  /** Rewrites the rights and key of an existing leaf, keeping its frame and A/D bits. */
  setLeafAttrs(leaf: LeafRef, attrs: LeafAttrs): void {
    const t = this.mem.frame32(leaf.tablePfn);
    const frameAddr = pteFrameAddr(leaf.lo, leaf.hi);
    const keep = leaf.lo & (PTE_A | PTE_D | PTE_PS);
    // For a 4 KiB PTE bit 7 is PAT, never set here; PS is kept only for 2 MiB leaves.
    t[2 * leaf.index] = pteLo(frameAddr, leafFlags(attrs) | keep, leaf.large);
    t[2 * leaf.index + 1] = pteHi(frameAddr, attrs.pkey, attrs.xd);
  }

  /** Clears a leaf entry; returns the frame address it held. */
  clearLeaf(leaf: LeafRef): number {
    const t = this.mem.frame32(leaf.tablePfn);
    t[2 * leaf.index] = 0;
    t[2 * leaf.index + 1] = 0;
    return pteFrameAddr(leaf.lo, leaf.hi);
  }

  /** Replaces the 2 MiB leaf covering `va` by a page table of 512 4 KiB entries with the same rights. */
  splitLarge(va: number): void {
    const leaf = this.leaf(va);
    assert(leaf !== null && leaf.large, `split of a non-large mapping at ${hex(va)}`);
    const frameAddr = pteFrameAddr(leaf.lo, leaf.hi);
    const attrs = leafAttrsOf(leaf);
    const pt = this.mem.allocFrame();
    this.tableFrames.add(pt);
    const t = this.mem.frame32(leaf.tablePfn);
    t[2 * leaf.index] = pteLo(pt * PAGE_SIZE, PTE_P | PTE_RW | PTE_US);
    t[2 * leaf.index + 1] = pteHi(pt * PAGE_SIZE, 0, false);
    const keep = leaf.lo & (PTE_A | PTE_D);
    const pte = this.mem.frame32(pt);
    for (let j = 0; j < FRAMES_PER_LARGE_PAGE; j++) {
      const fa = frameAddr + j * PAGE_SIZE;
      pte[2 * j] = pteLo(fa, leafFlags(attrs) | keep);
      pte[2 * j + 1] = pteHi(fa, attrs.pkey, attrs.xd);
    }
  }

  /**
   * Calls `fn(va, leaf)` for every present leaf that starts in [start, end), in address order,
   * skipping absent tables.  A 2 MiB leaf is reported once, at its 2 MiB-aligned address.
   */
  forEachLeaf(start: number, end: number, fn: (va: number, leaf: LeafRef) => void): void {
    this.visit(this.rootPfn, 3, 0, start, end, fn);
  }

  private visit(pfn: number, level: number, base: number, start: number, end: number,
    fn: (va: number, leaf: LeafRef) => void): void {
    const span = 2 ** (12 + 9 * level);
    const first = Math.max(0, Math.floor((start - base) / span));
    const last = Math.min(511, Math.floor((end - 1 - base) / span));
    for (let i = first; i <= last; i++) {
      const t = this.mem.frame32(pfn);
      const lo = t[2 * i] ?? 0;
      const hi = t[2 * i + 1] ?? 0;
      const va = base + i * span;
      const large = level === 1 && (lo & PTE_PS) !== 0;
      if (level === 0 || large) {
        if (!isLeafEntry(lo)) continue;
        // A 2 MiB leaf that overlaps the range is reported even when it starts before it.
        if (va >= start || large) fn(va, { tablePfn: pfn, index: i, lo, hi, large });
      } else if ((lo & PTE_P) !== 0) {
        this.visit(pteFrameAddr4k(lo, hi) / PAGE_SIZE, level - 1, va, start, end, fn);
      }
    }
  }
}

/** Leaf flag bits for the given rights. */
function leafFlags(a: LeafAttrs): number {
  return (a.present ? PTE_P : PTE_PROTNONE) | (a.writable ? PTE_RW : 0) | (a.user ? PTE_US : 0);
}

/** Whether a leaf entry maps a frame (present, or PROT_NONE with its frame kept). */
function isLeafEntry(lo: number): boolean {
  return (lo & (PTE_P | PTE_PROTNONE)) !== 0;
}

/** Rights and key of a leaf entry. */
export function leafAttrsOf(leaf: LeafRef): LeafAttrs {
  return { present: (leaf.lo & PTE_P) !== 0, writable: (leaf.lo & PTE_RW) !== 0, user: (leaf.lo & PTE_US) !== 0, xd: pteXd(leaf.hi), pkey: ptePkey(leaf.hi) };
}
