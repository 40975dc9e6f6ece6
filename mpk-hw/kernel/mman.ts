/**
 * mmap, munmap, mprotect, pkey_mprotect and madvise, with Linux's check
 * order and errno (mm/mmap.c do_mmap, mm/mprotect.c do_mprotect_pkey, mm/madvise.c).
 * Arguments arrive as unsigned 64-bit values, as from registers.  Spec L-5, L-6.
 */
import { LARGE_PAGE_SIZE, PAGE_SIZE } from '../phys-mem.js';
import {
  Errno, MADV_DONTNEED, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_WILLNEED, MAP_ANONYMOUS, MAP_DROPPABLE, MAP_FIXED,
  MAP_FIXED_NOREPLACE, MAP_GROWSDOWN, MAP_HUGETLB, MAP_LOCKED, MAP_NORESERVE, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED,
  MAP_SHARED_VALIDATE, MAP_TYPE, MMAP_BASE, MMAP_MIN_ADDR, PROT_EXEC, PROT_GROWSDOWN, PROT_GROWSUP,
  PROT_READ, PROT_SEM, PROT_WRITE, TASK_SIZE,
} from './constants.js';
import type { OpenFile } from './files.js';
import type { Kernel } from './kernel.js';
import { executeOnlyPkey, mmPkeyIsAllocated, overrideMprotectPkey } from './pkeys.js';
import type { Task } from './task.js';
import type { FileBacking, Vma } from './vma.js';

const PAGE = BigInt(PAGE_SIZE);
const U64 = (1n << 64n) - 1n;
const pageAlign = (len: bigint): bigint => (len + PAGE - 1n) & U64 & ~(PAGE - 1n);

/**
 * The flags every mmap implementation accepts; MAP_SHARED_VALIDATE refuses any other with
 * -EOPNOTSUPP (include/linux/mman.h LEGACY_MAP_MASK: SHARED, PRIVATE, FIXED, ANONYMOUS,
 * DENYWRITE 0x800, EXECUTABLE 0x1000, UNINITIALIZED 0x4000000, GROWSDOWN, LOCKED, NORESERVE,
 * POPULATE, NONBLOCK 0x10000, STACK 0x20000, HUGETLB, 32BIT 0x40, HUGE_2MB 21<<26, HUGE_1GB 30<<26).
 */
const LEGACY_MAP_MASK = BigInt(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | 0x800 | 0x1000 | 0x4000000 |
  MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | 0x10000 | 0x20000 | MAP_HUGETLB | 0x40) | (21n << 26n) | (30n << 26n);

/** What the MAP_TYPE switch of do_mmap decided for the area. */
interface MapType {
  /** VM_SHARED / VM_MAYSHARE. */
  shared: boolean;
  /** VM_WIPEONFORK (MAP_DROPPABLE). */
  wipeOnFork: boolean;
}

/**
 * mmap(addr, len, prot, flags, fd, offset) in Linux's order: the offset (sys_x86_64.c), the
 * descriptor and hugetlb length (ksys_mmap_pgoff), then do_mmap: length, the execute-only key,
 * __get_unmapped_area, MAP_FIXED_NOREPLACE, and only then the MAP_TYPE switch.
 */
export function sysMmap(k: Kernel, task: Task, addrA: bigint, lenA: bigint, protA: bigint, flagsA: bigint,
  fd: bigint, off: bigint): number {
  const flags = Number(flagsA & 0xffffffffn);
  if (off % PAGE !== 0n) return -Errno.EINVAL;
  const huge = (flags & MAP_HUGETLB) !== 0;
  let f: OpenFile | undefined;
  if ((flags & MAP_ANONYMOUS) === 0) {
    f = task.process.fds.get(Number(BigInt.asIntN(32, fd)));
    if (f === undefined) return -Errno.EBADF;
    if (huge) return -Errno.EINVAL; // MAP_HUGETLB on a file that is not on hugetlbfs
  }
  let len = huge ? (lenA + BigInt(LARGE_PAGE_SIZE) - 1n) & ~BigInt(LARGE_PAGE_SIZE - 1) : lenA;
  if (lenA === 0n) return -Errno.EINVAL;
  len = pageAlign(len);
  if (len === 0n) return -Errno.ENOMEM;
  let pkey = 0;
  if (protA === BigInt(PROT_EXEC)) { // do_mmap: before the area is chosen or the flags checked
    pkey = executeOnlyPkey(k, task);
    if (pkey < 0) pkey = 0;
  }
  const fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) !== 0;
  const start = placeMapping(task, addrA, len, fixed, huge);
  if (start < 0) return start;
  const end = start + Number(len);
  const mm = task.process.mm;
  if ((flags & MAP_FIXED_NOREPLACE) && mm.vmas.overlaps(start, end)) return -Errno.EEXIST;
  const prot = Number(protA & 0xffffffffn) & (PROT_READ | PROT_WRITE | PROT_EXEC);
  // Anonymous MAP_HUGETLB maps a hugetlbfs file (hugetlb_file_setup), so it takes the file switch.
  const type = f !== undefined || huge ? fileMapType(f, flagsA, prot) : anonMapType(flags);
  if (typeof type === 'number') return type;
  const file: FileBacking | null = f !== undefined && f.kind === 'file' ? { inode: f.inode, offset: Number(off) } : null;
  if (cutsHugetlb(task, start, end)) return -Errno.EINVAL;
  unmapRange(k, task, start, end);
  const vma: Vma = { start, end, prot, pkey, shared: type.shared, wipeOnFork: type.wipeOnFork,
    growsDown: (flags & MAP_GROWSDOWN) !== 0, hugetlb: huge, thp: false, name: file === null ? '' : file.inode.name, file };
  mm.vmas.insert(vma);
  if (flags & MAP_POPULATE) populateRange(task, start, end);
  return start;
}

/** do_mmap's switch for anonymous memory: MAP_SHARED, MAP_DROPPABLE (then as private), MAP_PRIVATE. */
function anonMapType(flags: number): MapType | number {
  const grows = (flags & MAP_GROWSDOWN) !== 0; // VM_GROWSDOWN | VM_GROWSUP
  switch (flags & MAP_TYPE) {
    case MAP_SHARED:
      return grows ? -Errno.EINVAL : { shared: true, wipeOnFork: false };
    case MAP_DROPPABLE:
      // Neither locked, stack nor hugetlb; VM_DROPPABLE | VM_NORESERVE | VM_WIPEONFORK | VM_DONTDUMP.
      if (flags & (MAP_LOCKED | MAP_HUGETLB)) return -Errno.EINVAL;
      return grows ? -Errno.EINVAL : { shared: false, wipeOnFork: true };
    case MAP_PRIVATE:
      return { shared: false, wipeOnFork: false };
    default:
      return -Errno.EINVAL; // MAP_SHARED_VALIDATE included: it is only for files
  }
}

/**
 * do_mmap's switch for a file: `f` is the open file, or undefined for the hugetlbfs file of an
 * anonymous MAP_HUGETLB mapping (read-write, shared mappings supported).  Shared mappings of the
 * machine's other files are not modelled and answer -ENODEV where a filesystem without ->mmap would.
 */
function fileMapType(f: OpenFile | undefined, flagsA: bigint, prot: number): MapType | number {
  const readable = f === undefined || f.kind !== 'pipe-w';
  const writable = f === undefined || (f.kind === 'file' && f.writable) || f.kind === 'pipe-w';
  const canMmap = f === undefined || f.kind === 'file'; // pipes have no ->mmap
  let flags = flagsA;
  let shared = false;
  switch (Number(flagsA & BigInt(MAP_TYPE))) {
    case MAP_SHARED:
    case MAP_SHARED_VALIDATE:
      // MAP_SHARED silently drops what MAP_SHARED_VALIDATE refuses.
      if ((flagsA & BigInt(MAP_TYPE)) === BigInt(MAP_SHARED)) flags &= LEGACY_MAP_MASK;
      if (flags & ~LEGACY_MAP_MASK) return -Errno.EOPNOTSUPP;
      if ((prot & PROT_WRITE) && !writable) return -Errno.EACCES;
      shared = true;
      break;
    case MAP_PRIVATE:
      break;
    default:
      return -Errno.EINVAL;
  }
  if (!readable) return -Errno.EACCES;
  if (!canMmap || (shared && f !== undefined)) return -Errno.ENODEV;
  if (flags & BigInt(MAP_GROWSDOWN)) return -Errno.EINVAL;
  return { shared, wipeOnFork: false };
}

/** get_unmapped_area: the fixed address, the hint when free, or a top-down search. */
function placeMapping(task: Task, addrA: bigint, len: bigint, fixed: boolean, huge: boolean): number {
  const align = huge ? LARGE_PAGE_SIZE : PAGE_SIZE;
  if (len > BigInt(TASK_SIZE)) return -Errno.ENOMEM;
  const n = Number(len);
  if (fixed) {
    if (addrA % BigInt(align) !== 0n) return -Errno.EINVAL;
    if (addrA > BigInt(TASK_SIZE) - len) return -Errno.ENOMEM;
    if (addrA < BigInt(MMAP_MIN_ADDR)) return -Errno.EPERM; // security_mmap_addr
    return Number(addrA);
  }
  const vmas = task.process.mm.vmas;
  if (addrA !== 0n && addrA <= BigInt(TASK_SIZE) - len) {
    const hint = Number(pageAlign(addrA));
    if (hint >= MMAP_MIN_ADDR && hint % align === 0 && !vmas.overlaps(hint, hint + n)) return hint;
  }
  let top = MMAP_BASE;
  for (let i = vmas.all.length - 1; i >= 0; i--) {
    const v = vmas.all[i] as Vma;
    if (v.start >= top) continue;
    const cand = Math.floor((top - n) / align) * align;
    if (cand >= v.end) return cand;
    top = Math.min(top, v.start);
  }
  const cand = Math.floor((top - n) / align) * align;
  return cand >= MMAP_MIN_ADDR ? cand : -Errno.ENOMEM;
}

/**
 * Whether removing [start, end) would cut a hugetlb area off a 2 MiB boundary: the split fails
 * in hugetlb_vm_op_split and the error is -EINVAL (Linux 6.12+; older kernels gave -ENOMEM).
 */
function cutsHugetlb(task: Task, start: number, end: number): boolean {
  return task.process.mm.vmas.all.some((v) => v.hugetlb && v.start < end && v.end > start &&
    ((start > v.start && start % LARGE_PAGE_SIZE !== 0) || (end < v.end && end % LARGE_PAGE_SIZE !== 0)));
}

/** Removes [start, end) from the address space: pages freed, areas split, TLBs flushed. */
export function unmapRange(k: Kernel, task: Task, start: number, end: number): void {
  const mm = task.process.mm;
  if (!mm.vmas.overlaps(start, end)) return;
  const span = mm.invalidationSpan(start, end);
  mm.zap(start, end);
  mm.vmas.remove(start, end);
  mm.freePageTables(start, end);
  k.flushTlb(task, ...span);
}

function populateRange(task: Task, start: number, end: number): void {
  const mm = task.process.mm;
  for (let a = start; a < end; a += PAGE_SIZE) {
    const vma = mm.vmas.find(a);
    if (vma !== undefined && mm.pageTable.leaf(a) === null) mm.populate(a, vma);
  }
}

/** munmap(addr, len). */
export function sysMunmap(k: Kernel, task: Task, addrA: bigint, lenA: bigint): number {
  if (addrA % PAGE !== 0n) return -Errno.EINVAL;
  const len = pageAlign(lenA);
  if (len === 0n || len > BigInt(TASK_SIZE) || addrA > BigInt(TASK_SIZE) - len) return -Errno.EINVAL;
  const start = Number(addrA);
  const end = start + Number(len);
  if (cutsHugetlb(task, start, end)) return -Errno.EINVAL;
  unmapRange(k, task, start, end);
  return 0;
}

/** do_mprotect_pkey: mprotect passes pkey = -1. */
export function sysMprotectPkey(k: Kernel, task: Task, startA: bigint, lenA: bigint, protA: bigint, pkey: number): number {
  const grows = protA & BigInt(PROT_GROWSDOWN | PROT_GROWSUP);
  const protBits = protA & ~BigInt(PROT_GROWSDOWN | PROT_GROWSUP);
  if (grows === BigInt(PROT_GROWSDOWN | PROT_GROWSUP)) return -Errno.EINVAL;
  if (startA % PAGE !== 0n) return -Errno.EINVAL;
  if (lenA === 0n) return 0;
  const len = pageAlign(lenA);
  const endA = (startA + len) & U64;
  if (endA <= startA) return -Errno.ENOMEM;
  if ((protBits & ~BigInt(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)) !== 0n) return -Errno.EINVAL;
  const isPkey = pkey !== -1;
  k.charge(task, isPkey ? 'pkeyMprotectCalls' : 'mprotectCalls', isPkey ? k.config.costs.pkeyMprotectCall : k.config.costs.mprotectCall);
  const mm = task.process.mm;
  if (isPkey && !mmPkeyIsAllocated(k, mm, pkey)) return -Errno.EINVAL;
  if (startA >= BigInt(TASK_SIZE)) return -Errno.ENOMEM;
  let start = Number(startA);
  const end = endA > BigInt(TASK_SIZE) ? TASK_SIZE + PAGE_SIZE : Number(endA);
  const first = mm.vmas.findAtOrAfter(start);
  if (first === undefined || first.start >= end) return -Errno.ENOMEM;
  if (grows & BigInt(PROT_GROWSDOWN)) {
    if (!first.growsDown) return -Errno.EINVAL;
    start = first.start;
  } else if (first.start > start) {
    return -Errno.ENOMEM;
  }
  if (grows & BigInt(PROT_GROWSUP)) return -Errno.EINVAL; // no VM_GROWSUP areas on x86
  return changeProtection(k, task, start, end, Number(protBits), pkey);
}

/**
 * Applies the new rights and key area by area; a hole gives -ENOMEM after the areas before it
 * changed.  `reqProt` is the prot as passed (PROT_SEM included): arch_override_mprotect_pkey
 * compares it with exactly PROT_EXEC.
 */
function changeProtection(k: Kernel, task: Task, start: number, end: number, reqProt: number, pkey: number): number {
  const prot = reqProt & (PROT_READ | PROT_WRITE | PROT_EXEC);
  const mm = task.process.mm;
  const span = mm.invalidationSpan(start, end);
  const areas = mm.vmas.splitRange(start, end);
  let expect = start;
  let result = 0;
  let pages = 0;
  for (const v of areas) {
    if (v.start !== expect) { result = -Errno.ENOMEM; break; }
    if (v.hugetlb && (v.start % LARGE_PAGE_SIZE || v.end % LARGE_PAGE_SIZE)) { result = -Errno.EINVAL; break; }
    v.pkey = overrideMprotectPkey(k, task, v, reqProt, pkey);
    v.prot = prot;
    pages += mm.applyVma(v);
    expect = v.end;
  }
  if (result === 0 && expect < end) result = -Errno.ENOMEM;
  const isPkey = pkey !== -1;
  for (let i = 0; i < pages; i++) k.charge(task, isPkey ? 'pkeyMprotectPages' : 'mprotectPages', isPkey ? k.config.costs.pkeyMprotectPerPage : k.config.costs.mprotectPerPage);
  k.flushTlb(task, span[0], expect === end ? span[1] : expect);
  mm.vmas.mergeAround(start, end);
  return result;
}

/** madvise(addr, len, advice): DONTNEED drops pages (they read back as zeros), HUGEPAGE enables THP. */
export function sysMadvise(k: Kernel, task: Task, startA: bigint, lenA: bigint, advice: number): number {
  if (![MADV_DONTNEED, MADV_WILLNEED, MADV_HUGEPAGE, MADV_NOHUGEPAGE].includes(advice)) return -Errno.EINVAL;
  if (startA % PAGE !== 0n) return -Errno.EINVAL;
  const len = pageAlign(lenA);
  if (lenA !== 0n && len === 0n) return -Errno.EINVAL;
  if (startA + len > U64) return -Errno.EINVAL; // end < start
  if (len === 0n) return 0;
  if (startA >= BigInt(TASK_SIZE)) return -Errno.ENOMEM;
  const start = Number(startA);
  const end = Math.min(start + Number(len), TASK_SIZE + PAGE_SIZE);
  const mm = task.process.mm;
  // madvise_walk_vmas: act on every mapped part, then report -ENOMEM if there was a hole.
  let covered = start;
  let hole = false;
  const parts: Array<[number, number, Vma]> = [];
  for (const v of mm.vmas.all) {
    if (v.end <= start || v.start >= end) continue;
    if (v.start > covered) hole = true;
    parts.push([Math.max(v.start, start), Math.min(v.end, end), v]);
    covered = v.end;
  }
  if (covered < end) hole = true;
  for (const [a, b, v] of parts) {
    const r = adviseArea(k, task, a, b, v, advice);
    if (r !== 0) return r;
  }
  return hole ? -Errno.ENOMEM : 0;
}

/** One area's part of madvise. */
function adviseArea(k: Kernel, task: Task, start: number, end: number, v: Vma, advice: number): number {
  const mm = task.process.mm;
  if (advice === MADV_DONTNEED) {
    let last = end;
    if (v.hugetlb) {
      // madvise_dontneed_free_valid_vma: the start must be huge-page aligned; the end is rounded down.
      if (start % LARGE_PAGE_SIZE !== 0) return -Errno.EINVAL;
      last = end - (end % LARGE_PAGE_SIZE);
      if (last <= start) return 0;
    }
    const span = mm.invalidationSpan(start, last);
    mm.zap(start, last);
    k.flushTlb(task, ...span);
  } else if (advice === MADV_HUGEPAGE || advice === MADV_NOHUGEPAGE) {
    for (const piece of mm.vmas.splitRange(start, end)) piece.thp = advice === MADV_HUGEPAGE;
    mm.vmas.mergeAround(start, end);
  }
  return 0;
}
