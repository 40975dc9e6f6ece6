/**
 * An address space (Linux's mm_struct): page tables, areas, protection-key allocation state,
 * and the CPUs whose TLBs may hold its translations (mm_cpumask).
 */
import { assert } from '../errors.js';
import type { HwThread } from '../hw-thread.js';
import { PageTable, leafAttrsOf, type LeafAttrs, type LeafRef } from '../page-table.js';
import { FRAMES_PER_LARGE_PAGE, LARGE_PAGE_SIZE, PAGE_SIZE, type PhysMem } from '../phys-mem.js';
import { pteFrameAddr } from '../pte.js';
import { PROT_EXEC, PROT_WRITE } from './constants.js';
import { VmaList, vmaAccessible, type Vma } from './vma.js';

/** Per-mm protection-key state (mm->context.pkey_allocation_map, execute_only_pkey). */
export interface PkeyState {
  /** Bit k set: key k allocated.  Key 0 is allocated from the start (init_new_context). */
  allocationMap: number;
  /** The lazily allocated execute-only key, or -1. */
  executeOnlyPkey: number;
}

/** Page-table rights for an area's pages. */
export function leafAttrsFor(v: Vma): LeafAttrs {
  return {
    present: vmaAccessible(v),
    writable: (v.prot & PROT_WRITE) !== 0,
    user: true,
    xd: (v.prot & PROT_EXEC) === 0,
    pkey: v.pkey,
  };
}

/** One address space. */
export class Mm {
  /** Physical memory the pages come from. */
  readonly mem: PhysMem;
  /** The page tables (CR3 target). */
  readonly pageTable: PageTable;
  /** Mapped areas. */
  vmas: VmaList;
  /** Key allocation state. */
  readonly pkeys: PkeyState;
  /** CPUs that have this mm loaded (their TLBs may cache its translations). */
  readonly cpus = new Set<HwThread>();
  /** Tasks using this mm. */
  users = 0;

  constructor(mem: PhysMem, pkeys: PkeyState, vmas = new VmaList()) {
    this.mem = mem;
    this.pageTable = new PageTable(mem);
    this.pkeys = pkeys;
    this.vmas = vmas;
  }

  /**
   * Populates the page containing `va` inside `vma` (handle_mm_fault for anonymous memory):
   * a zeroed 4 KiB frame, or a 2 MiB page for hugetlb areas and aligned THP areas.
   */
  populate(va: number, vma: Vma): boolean {
    const attrs = leafAttrsFor(vma);
    if (vma.file != null) return this.populateFromFile(va, vma, attrs);
    const base = va - (va % LARGE_PAGE_SIZE);
    if (vma.hugetlb || (vma.thp && base >= vma.start && base + LARGE_PAGE_SIZE <= vma.end && this.blockEmpty(base))) {
      this.pageTable.map2m(base, this.mem.allocLargeFrame() * PAGE_SIZE, attrs);
      return true;
    }
    const page = va - (va % PAGE_SIZE);
    assert(this.pageTable.leaf(page) === null, 'populate of a mapped page');
    this.pageTable.map4k(page, this.mem.allocFrame() * PAGE_SIZE, attrs);
    return true;
  }

  /**
   * A private file page: a copy of the file's bytes (zero past the end of file).  A page wholly
   * past the end of file cannot be populated: the access gets SIGBUS (mmap(2)).
   */
  private populateFromFile(va: number, vma: Vma, attrs: LeafAttrs): boolean {
    const file = vma.file as NonNullable<Vma['file']>;
    const page = va - (va % PAGE_SIZE);
    const off = file.offset + (page - vma.start);
    if (off >= file.inode.data.length) return false;
    const pfn = this.mem.allocFrame();
    this.mem.frame(pfn).set(file.inode.data.subarray(off, off + PAGE_SIZE));
    this.pageTable.map4k(page, pfn * PAGE_SIZE, attrs);
    return true;
  }

  /** Whether the PDE of a 2 MiB block is empty: a THP is installed only into an empty PMD. */
  private blockEmpty(base: number): boolean {
    return !this.pageTable.pdeInUse(base);
  }

  /**
   * Frees the page tables of 2 MiB blocks around [start, end) that no area touches any more
   * (free_pgtables at munmap), so the block can later take a 2 MiB page.
   */
  freePageTables(start: number, end: number): void {
    for (let b = start - (start % LARGE_PAGE_SIZE); b < end; b += LARGE_PAGE_SIZE) {
      if (!this.vmas.overlaps(b, b + LARGE_PAGE_SIZE)) this.pageTable.freeEmptyTable(b);
    }
  }

  /**
   * The range whose TLB entries a change of [start, end) invalidates: widened to the whole
   * 2 MiB page where an end falls inside a 2 MiB leaf, because splitting it rewrites the PDE
   * that covered all of it (SDM Vol.3A 4.10.4.1; Linux invalidates the PMD on a split).
   * Call before the change.
   */
  invalidationSpan(start: number, end: number): [number, number] {
    const inLarge = (a: number): boolean => a % LARGE_PAGE_SIZE !== 0 && this.pageTable.leaf(a)?.large === true;
    return [inLarge(start) ? start - (start % LARGE_PAGE_SIZE) : start,
      inLarge(end) ? end - (end % LARGE_PAGE_SIZE) + LARGE_PAGE_SIZE : end];
  }

  /** Splits 2 MiB leaves that straddle `start` or `end` (THP split before a partial change). */
  splitLargeAt(start: number, end: number): void {
    for (const addr of [start, end]) {
      if (addr % LARGE_PAGE_SIZE === 0) continue;
      const leaf = this.pageTable.leaf(addr);
      if (leaf !== null && leaf.large) this.pageTable.splitLarge(addr);
    }
  }

  /** Rewrites the rights and key of every populated page of the area (change_protection). */
  applyVma(v: Vma): number {
    this.splitLargeAt(v.start, v.end);
    const attrs = leafAttrsFor(v);
    let pages = 0;
    this.pageTable.forEachLeaf(v.start, v.end, (_va, leaf) => {
      this.pageTable.setLeafAttrs(leaf, attrs);
      pages += leaf.large ? FRAMES_PER_LARGE_PAGE : 1;
    });
    return pages;
  }

  /** Frees every populated page in [start, end) (zap_page_range); returns the pages freed. */
  zap(start: number, end: number): number {
    this.splitLargeAt(start, end);
    const leaves: LeafRef[] = [];
    this.pageTable.forEachLeaf(start, end, (_va, leaf) => leaves.push(leaf));
    let pages = 0;
    for (const leaf of leaves) {
      const frameAddr = this.pageTable.clearLeaf(leaf);
      const n = leaf.large ? FRAMES_PER_LARGE_PAGE : 1;
      for (let i = 0; i < n; i++) this.mem.freeFrame(frameAddr / PAGE_SIZE + i);
      pages += n;
    }
    return pages;
  }

  /**
   * A copy for fork: same areas, same keys, page contents copied eagerly (no copy-on-write);
   * VM_WIPEONFORK areas start empty in the child (kernel/fork.c dup_mmap).
   */
  fork(): Mm {
    const child = new Mm(this.mem, { ...this.pkeys }, this.vmas.clone());
    this.pageTable.forEachLeaf(0, 2 ** 47, (va, leaf) => {
      if (this.vmas.find(va)?.wipeOnFork === true) return;
      const src = pteFrameAddr(leaf.lo, leaf.hi) / PAGE_SIZE;
      const attrs = leafAttrsOf(leaf);
      if (leaf.large) {
        const dst = this.mem.allocLargeFrame();
        for (let i = 0; i < FRAMES_PER_LARGE_PAGE; i++) this.mem.copyFrame(dst + i, src + i);
        child.pageTable.map2m(va, dst * PAGE_SIZE, attrs);
      } else {
        const dst = this.mem.allocFrame();
        this.mem.copyFrame(dst, src);
        child.pageTable.map4k(va, dst * PAGE_SIZE, attrs);
      }
    });
    return child;
  }

  /** Releases every page and area (exit_mmap). */
  destroy(): void {
    this.zap(0, 2 ** 47);
    this.vmas = new VmaList();
  }
}
