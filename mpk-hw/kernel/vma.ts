/**
 * Virtual memory areas: the kernel's list of mapped ranges with their rights and key.
 * Linux: struct vm_area_struct, VM_* flags (include/linux/mm.h), VM_PKEY_BIT0..3.
 * Ranges are page-aligned and half-open [start, end), kept sorted and non-overlapping.
 * Adjacent areas with identical attributes are merged, as vma_merge does for anonymous memory.
 */
import { assert, hex } from '../errors.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from './constants.js';

/** One mapped range. */
export interface Vma {
  start: number;
  end: number;
  /** PROT_READ | PROT_WRITE | PROT_EXEC as currently granted (VM_READ/VM_WRITE/VM_EXEC). */
  prot: number;
  /** Protection key (VM_PKEY_BIT0..3). */
  pkey: number;
  /** MAP_SHARED mapping (anonymous shared memory; only affects smaps here). */
  shared: boolean;
  /** VM_WIPEONFORK (MAP_DROPPABLE): a forked child gets the area without its pages (dup_mmap). */
  wipeOnFork: boolean;
  /** VM_GROWSDOWN (stacks). */
  growsDown: boolean;
  /** MAP_HUGETLB: populated with 2 MiB pages only. */
  hugetlb: boolean;
  /** MADV_HUGEPAGE: may be populated with transparent 2 MiB pages. */
  thp: boolean;
  /** Name shown in smaps ("[stack]", or empty). */
  name: string;
  /** Backing file of a private file mapping (pages are copied from it on first touch), or null. */
  file?: FileBacking | null;
}

/** The file behind a private file mapping and the file offset of the area's first byte. */
export interface FileBacking {
  readonly inode: Inode;
  readonly offset: number;
}

/** An in-memory file's contents (shared by every descriptor and mapping of it). */
export interface Inode {
  readonly name: string;
  /** Contents; replaced by a longer copy when the file grows. */
  data: Uint8Array;
}

/** Whether any access is allowed (vma_is_accessible: VM_READ | VM_WRITE | VM_EXEC). */
export function vmaAccessible(v: Vma): boolean {
  return (v.prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) !== 0;
}

function sameAttrs(a: Vma, b: Vma): boolean {
  const fa = a.file ?? null;
  const fb = b.file ?? null;
  const sameFile = fa === null ? fb === null : fb !== null && fa.inode === fb.inode && fa.offset + (a.end - a.start) === fb.offset;
  return a.prot === b.prot && a.pkey === b.pkey && a.shared === b.shared && a.wipeOnFork === b.wipeOnFork && a.growsDown === b.growsDown &&
    a.hugetlb === b.hugetlb && a.thp === b.thp && a.name === b.name && sameFile;
}

/** The sorted list of areas of one address space. */
export class VmaList {
  /** Areas in address order. */
  private readonly list: Vma[] = [];

  /** All areas, in address order (read-only view). */
  get all(): readonly Vma[] {
    return this.list;
  }

  /** The area containing `addr`, or undefined. */
  find(addr: number): Vma | undefined {
    const i = this.indexAtOrAfter(addr);
    const v = this.list[i];
    return v !== undefined && v.start <= addr ? v : undefined;
  }

  /** The first area that ends after `addr` (it may start after `addr`). */
  findAtOrAfter(addr: number): Vma | undefined {
    return this.list[this.indexAtOrAfter(addr)];
  }

  /** Index of the first area whose end is above `addr`. */
  private indexAtOrAfter(addr: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.list[mid]?.end ?? 0) <= addr) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether any area overlaps [start, end). */
  overlaps(start: number, end: number): boolean {
    const v = this.findAtOrAfter(start);
    return v !== undefined && v.start < end;
  }

  /** Areas overlapping [start, end), split so that every returned area lies inside the range. */
  splitRange(start: number, end: number): Vma[] {
    this.splitAt(start);
    this.splitAt(end);
    const out: Vma[] = [];
    for (let i = this.indexAtOrAfter(start); i < this.list.length; i++) {
      const v = this.list[i];
      if (v === undefined || v.start >= end) break;
      out.push(v);
    }
    return out;
  }

  /** Splits the area containing `addr` (if any) into [start, addr) and [addr, end). */
  splitAt(addr: number): void {
    const i = this.indexAtOrAfter(addr);
    const v = this.list[i];
    if (v === undefined || v.start >= addr) return;
    const file = v.file ?? null;
    const right: Vma = { ...v, start: addr, file: file === null ? null : { inode: file.inode, offset: file.offset + (addr - v.start) } };
    v.end = addr;
    this.list.splice(i + 1, 0, right);
  }

  /** Inserts a new area; the range must be free. */
  insert(v: Vma): void {
    assert(v.start < v.end && !this.overlaps(v.start, v.end), `VMA insert over a mapped range ${hex(v.start)}-${hex(v.end)}`);
    this.list.splice(this.indexAtOrAfter(v.start), 0, v);
    this.mergeAround(v.start, v.end);
  }

  /** Removes every area inside [start, end) (split first); returns the removed areas. */
  remove(start: number, end: number): Vma[] {
    const removed = this.splitRange(start, end);
    if (removed.length > 0) {
      const i = this.list.indexOf(removed[0] as Vma);
      this.list.splice(i, removed.length);
    }
    return removed;
  }

  /** Merges neighbours with identical attributes around [start, end). */
  mergeAround(start: number, end: number): void {
    let i = Math.max(0, this.indexAtOrAfter(start) - 1);
    while (i < this.list.length - 1) {
      const a = this.list[i] as Vma;
      const b = this.list[i + 1] as Vma;
      if (a.start > end) break;
      if (a.end === b.start && sameAttrs(a, b)) {
        a.end = b.end;
        this.list.splice(i + 1, 1);
      } else {
        i++;
      }
    }
  }

  /** A deep copy (fork). */
  clone(): VmaList {
    const c = new VmaList();
    for (const v of this.list) c.list.push({ ...v });
    return c;
  }
}
