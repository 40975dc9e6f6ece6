/**
 * mmap / munmap / madvise (mpk-hw/kernel/mman.ts).  Linux mm/mmap.c do_mmap and
 * get_unmapped_area, arch/x86/kernel/sys_x86_64.c (offset check), mm/madvise.c; spec L-6.
 */
import { describe, expect, it } from 'vitest';
import {
  Errno, LARGE_PAGE_SIZE, MADV_DONTNEED, MADV_HUGEPAGE, MAP_ANONYMOUS, MAP_DROPPABLE, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_GROWSDOWN, MAP_HUGETLB, MAP_LOCKED, MAP_POPULATE,
  MAP_PRIVATE, MAP_SHARED, MAP_SHARED_VALIDATE, MMAP_MIN_ADDR, Machine, PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE, SEGV_MAPERR, SIGSEGV,
  SYS, TaskGone, type UserThread,
} from '../../../mpk-hw/index.js';

const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;

/** The smaps fields of the area containing `addr` (e.g. Rss -> "8 kB"), plus its head line. */
function smapsOf(m: Machine, t: UserThread, addr: number): Map<string, string> {
  let cur: Map<string, string> | null = null;
  for (const line of (m.smaps(t.pid) ?? '').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
    if (head !== null) {
      if (cur !== null) return cur;
      if (parseInt(head[1] ?? '', 16) <= addr && addr < parseInt(head[2] ?? '', 16)) cur = new Map([['head', line]]);
      continue;
    }
    const kv = /^(\w+):\s+(.*)$/.exec(line);
    if (cur !== null && kv !== null) cur.set(kv[1] ?? '', (kv[2] ?? '').trim());
  }
  if (cur === null) throw new Error(`0x${addr.toString(16)} is not in smaps`);
  return cur;
}

const isMapped = (m: Machine, t: UserThread, addr: number): boolean => {
  try { smapsOf(m, t, addr); return true; } catch { return false; }
};

describe('mmap errors', () => {
  it.each([
    ['len 0', 0, 0, RW, ANON, -1, 0, -Errno.EINVAL],
    ['unaligned offset', 0, PAGE_SIZE, RW, ANON, -1, 0x800, -Errno.EINVAL],
    ['neither MAP_PRIVATE nor MAP_SHARED', 0, PAGE_SIZE, RW, MAP_ANONYMOUS, -1, 0, -Errno.EINVAL],
    ['MAP_PRIVATE|MAP_SHARED|0x4 (type 7)', 0, PAGE_SIZE, RW, MAP_ANONYMOUS | 7, -1, 0, -Errno.EINVAL],
    ['MAP_FIXED unaligned', 0x200000001, PAGE_SIZE, RW, ANON | MAP_FIXED, -1, 0, -Errno.EINVAL],
    ['MAP_FIXED below mmap_min_addr', 0x1000, PAGE_SIZE, RW, ANON | MAP_FIXED, -1, 0, -Errno.EPERM],
    ['MAP_FIXED at 0', 0, PAGE_SIZE, RW, ANON | MAP_FIXED, -1, 0, -Errno.EPERM],
    ['len rounds up to 0 (2^64 - 1)', 0, -1, RW, ANON, -1, 0, -Errno.ENOMEM],
    ['len above TASK_SIZE', 0, 2 ** 48, RW, ANON, -1, 0, -Errno.ENOMEM],
    ['file mapping with fd -1', 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, -1, 0, -Errno.EBADF],
    ['file mapping with fd 77 (not open)', 0, PAGE_SIZE, PROT_READ, MAP_SHARED, 77, 0, -Errno.EBADF],
  ])('%s', (_n, addr, len, prot, flags, fd, off, want) => {
    const m = new Machine();
    const t = m.spawn();
    const before = m.smaps(t.pid);
    expect(t.mmap(addr, len, prot, flags, fd, off)).toBe(want);
    expect(m.smaps(t.pid)).toBe(before);
  });

  it('MAP_FIXED_NOREPLACE over a mapping -> EEXIST and the mapping keeps its data', () => {
    const m = new Machine();
    const t = m.spawn();
    const p = t.mmap(0, 2 * PAGE_SIZE, RW);
    t.write32(p + PAGE_SIZE, 0xfeed);
    expect(t.mmap(p + PAGE_SIZE, 2 * PAGE_SIZE, RW, ANON | MAP_FIXED_NOREPLACE)).toBe(-Errno.EEXIST);
    expect(t.read32(p + PAGE_SIZE)).toBe(0xfeed);
    expect(isMapped(m, t, p + 2 * PAGE_SIZE)).toBe(false);
    expect(t.mmap(p + 2 * PAGE_SIZE, PAGE_SIZE, RW, ANON | MAP_FIXED_NOREPLACE)).toBe(p + 2 * PAGE_SIZE);
  });
});

describe('mmap placement', () => {
  it('honours a free hint, and looks elsewhere when it is taken', () => {
    const m = new Machine();
    const t = m.spawn();
    expect(t.mmap(0x200000000, 3 * PAGE_SIZE, RW)).toBe(0x200000000);
    const q = t.mmap(0x200001000, PAGE_SIZE, RW);
    expect(q).toBeGreaterThan(0);
    expect(q).not.toBe(0x200001000);
    expect(t.mmap(0x300000123, PAGE_SIZE, RW)).toBe(0x300001000);
    expect(smapsOf(m, t, 0x200000000).get('Size')).toBe('12 kB');
  });

  it('a hint below mmap_min_addr is not used', () => {
    const t = new Machine().spawn();
    const p = t.mmap(0x1000, PAGE_SIZE, RW);
    expect(p).toBeGreaterThanOrEqual(MMAP_MIN_ADDR);
    expect(p % PAGE_SIZE).toBe(0);
  });

  it('a PROT_EXEC-only mapping gets the execute-only key and AD for it (L-6)', () => {
    const m = new Machine();
    const t = m.spawn();
    t.wrpkru(0);
    const p = t.mmap(0, PAGE_SIZE, PROT_EXEC);
    expect(smapsOf(m, t, p).get('ProtectionKey')).toBe('1');
    expect(t.rdpkru()).toBe(0x4);
    const q = t.mmap(0, PAGE_SIZE, PROT_EXEC);
    expect(smapsOf(m, t, q).get('ProtectionKey')).toBe('1');
  });
});

// mm/mmap.c do_mmap: execute_only_pkey(mm) runs before __get_unmapped_area, the
// MAP_FIXED_NOREPLACE check and the MAP_TYPE switch, so a mapping that fails later keeps the key.
describe('mmap check order (do_mmap)', () => {
  it.each([
    ['bad MAP_TYPE (7)', 0, MAP_ANONYMOUS | 7, -Errno.EINVAL],
    ['MAP_SHARED_VALIDATE anonymous', 0, MAP_ANONYMOUS | MAP_SHARED_VALIDATE, -Errno.EINVAL],
    ['MAP_FIXED below mmap_min_addr', 0x1000, ANON | MAP_FIXED, -Errno.EPERM],
  ])('PROT_EXEC with %s allocates the execute-only key before failing', (_n, addr, flags, want) => {
    const m = new Machine();
    const t = m.spawn();
    t.wrpkru(0);
    expect(t.mmap(addr, PAGE_SIZE, PROT_EXEC, flags)).toBe(want);
    expect(t.rdpkru()).toBe(0x4); // AD for key 1, the execute-only key
    expect(t.pkeyAlloc(0, 0)).toBe(2);
  });

  it.each([
    ['MAP_FIXED below mmap_min_addr with no MAP_TYPE -> EPERM', 0x1000, MAP_ANONYMOUS | MAP_FIXED, -Errno.EPERM],
    ['MAP_FIXED unaligned with MAP_SHARED_VALIDATE -> EINVAL', 0x200000001, MAP_ANONYMOUS | MAP_SHARED_VALIDATE | MAP_FIXED, -Errno.EINVAL],
  ])('__get_unmapped_area errors come before the MAP_TYPE switch: %s', (_n, addr, flags, want) => {
    const t = new Machine().spawn();
    expect(t.mmap(addr, PAGE_SIZE, RW, flags)).toBe(want);
  });

  it('MAP_FIXED_NOREPLACE over a mapping is EEXIST even with a bad MAP_TYPE', () => {
    const t = new Machine().spawn();
    const p = t.mmap(0, PAGE_SIZE, RW);
    expect(t.mmap(p, PAGE_SIZE, RW, MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | 7)).toBe(-Errno.EEXIST);
  });
});

// mm/mmap.c do_mmap, the anonymous switch: MAP_SHARED, MAP_DROPPABLE (falls through to
// MAP_PRIVATE), MAP_PRIVATE; anything else (MAP_SHARED_VALIDATE included) is -EINVAL.  Anonymous
// MAP_HUGETLB maps a hugetlbfs file (ksys_mmap_pgoff), so it takes the file switch instead.
describe('mmap MAP_TYPE of anonymous mappings', () => {
  it.each([
    ['MAP_SHARED', MAP_SHARED, 's'],
    ['MAP_PRIVATE', MAP_PRIVATE, 'p'],
    ['MAP_DROPPABLE (private)', MAP_DROPPABLE, 'p'],
    ['MAP_SHARED_VALIDATE | MAP_HUGETLB (hugetlbfs file)', MAP_SHARED_VALIDATE | MAP_HUGETLB, 's'],
  ])('%s maps', (_n, type, share) => {
    const m = new Machine();
    const t = m.spawn();
    const len = (type & MAP_HUGETLB) ? LARGE_PAGE_SIZE : PAGE_SIZE;
    const p = t.mmap(0, len, RW, MAP_ANONYMOUS | type);
    expect(p).toBeGreaterThan(0);
    expect(smapsOf(m, t, p).get('head')?.split(' ')[1]).toBe(`rw-${share}`);
    t.write32(p, 0x1234);
    expect(t.read32(p)).toBe(0x1234);
  });

  it.each([
    ['MAP_SHARED_VALIDATE', MAP_SHARED_VALIDATE, -Errno.EINVAL],
    ['MAP_SHARED | MAP_GROWSDOWN', MAP_SHARED | MAP_GROWSDOWN, -Errno.EINVAL],
    ['MAP_DROPPABLE | MAP_GROWSDOWN', MAP_DROPPABLE | MAP_GROWSDOWN, -Errno.EINVAL],
    ['MAP_DROPPABLE | MAP_LOCKED', MAP_DROPPABLE | MAP_LOCKED, -Errno.EINVAL],
    ['MAP_DROPPABLE | MAP_HUGETLB', MAP_DROPPABLE | MAP_HUGETLB, -Errno.EINVAL],
    ['MAP_PRIVATE | MAP_HUGETLB | MAP_GROWSDOWN', MAP_PRIVATE | MAP_HUGETLB | MAP_GROWSDOWN, -Errno.EINVAL],
    ['MAP_SHARED_VALIDATE | MAP_HUGETLB | MAP_SYNC (not a legacy flag; hugetlbfs has no FOP_MMAP_SYNC)',
      MAP_SHARED_VALIDATE | MAP_HUGETLB | 0x80000, -Errno.EOPNOTSUPP],
    ['MAP_SHARED | MAP_HUGETLB | MAP_SYNC (dropped by MAP_SHARED)', MAP_SHARED | MAP_HUGETLB | 0x80000, 'maps'],
  ])('%s', (_n, type, want) => {
    const m = new Machine();
    const t = m.spawn();
    const before = m.smaps(t.pid);
    const r = t.mmap(0, PAGE_SIZE, RW, MAP_ANONYMOUS | type);
    if (want === 'maps') {
      expect(r).toBeGreaterThan(0);
      return;
    }
    expect(r).toBe(want);
    expect(m.smaps(t.pid)).toBe(before);
  });

  // kernel/fork.c dup_mmap: VM_WIPEONFORK (set for MAP_DROPPABLE) gives the child a clean slate.
  it('a MAP_DROPPABLE area is in the child after fork, but empty', () => {
    const t = new Machine().spawn();
    const d = t.mmap(0, PAGE_SIZE, RW, MAP_ANONYMOUS | MAP_DROPPABLE);
    const p = t.mmap(0, PAGE_SIZE, RW);
    t.write32(d, 0x55);
    t.write32(p, 0x66);
    const child = t.fork();
    expect(child.read32(d)).toBe(0);
    expect(child.read32(p)).toBe(0x66);
    expect(t.read32(d)).toBe(0x55);
  });
});

describe('munmap', () => {
  it.each([
    ['unaligned address', 0x200000800, PAGE_SIZE, -Errno.EINVAL],
    ['len 0', 0x200000000, 0, -Errno.EINVAL],
    ['len 2^64 - 1', 0x200000000, -1, -Errno.EINVAL],
    ['range beyond TASK_SIZE', 0x7fffffffe000, 3 * PAGE_SIZE, -Errno.EINVAL],
  ])('%s -> %i', (_n, addr, len, want) => {
    const t = new Machine().spawn();
    expect(t.mmap(0x200000000, PAGE_SIZE, RW)).toBe(0x200000000);
    expect(t.munmap(addr, len)).toBe(want);
    t.write32(0x200000000, 1);
  });

  it('of an unmapped range succeeds', () => {
    const t = new Machine().spawn();
    expect(t.munmap(0x200000000, PAGE_SIZE)).toBe(0);
  });

  it('then access -> SIGSEGV SEGV_MAPERR with si_addr; a handler can map the page back', () => {
    const m = new Machine();
    const t = m.spawn();
    const p = t.mmap(0, 3 * PAGE_SIZE, RW);
    t.write32(p + PAGE_SIZE, 5);
    expect(t.munmap(p + PAGE_SIZE, PAGE_SIZE)).toBe(0);
    expect(smapsOf(m, t, p).get('Size')).toBe('4 kB');
    const seen: Array<{ code: number; addr: number }> = [];
    t.sigaction(SIGSEGV, (ctx) => {
      const si = ctx.readSiginfo();
      seen.push({ code: si.code, addr: si.addr });
      expect(ctx.thread.mmap(p + PAGE_SIZE, PAGE_SIZE, RW, ANON | MAP_FIXED)).toBe(p + PAGE_SIZE);
    });
    expect(t.read32(p + PAGE_SIZE + 8)).toBe(0);
    expect(seen).toEqual([{ code: SEGV_MAPERR, addr: p + PAGE_SIZE + 8 }]);
  });

  it('then access without a handler kills the process with SEGV_MAPERR', () => {
    const m = new Machine();
    const t = m.spawn();
    const p = t.mmap(0, PAGE_SIZE, RW);
    expect(t.munmap(p, PAGE_SIZE)).toBe(0);
    let gone: unknown = null;
    try { t.write32(p + 4, 1); } catch (e) { gone = e; }
    expect(gone).toBeInstanceOf(TaskGone);
    expect(t.task.process.exit).toEqual({ code: null, signal: SIGSEGV,
      info: { signo: SIGSEGV, code: SEGV_MAPERR, addr: p + 4, pkey: 0, pid: 0, err: 0x6 } }); // not present, user write
    expect(m.smaps(t.pid)).toBeNull();
  });
});

describe('MAP_HUGETLB', () => {
  it('maps 2 MiB pages: aligned, rounded up, KernelPageSize 2048 kB, one 2 MiB leaf on touch', () => {
    const m = new Machine();
    const t = m.spawn();
    const p = t.mmap(0, PAGE_SIZE, RW, ANON | MAP_HUGETLB);
    expect(p % LARGE_PAGE_SIZE).toBe(0);
    const s = smapsOf(m, t, p);
    expect([s.get('Size'), s.get('KernelPageSize'), s.get('MMUPageSize'), s.get('Rss')]).toEqual(['2048 kB', '2048 kB', '2048 kB', '0 kB']);
    t.write32(p + 0x1ff000, 9);
    expect(smapsOf(m, t, p).get('Rss')).toBe('2048 kB');
    expect(t.task.process.mm.pageTable.leaf(p)?.large).toBe(true);
    expect(t.read32(p + 0x1ff000)).toBe(9);
    expect(t.read32(p)).toBe(0);
  });

  it('MAP_FIXED at an address that is not 2 MiB aligned -> EINVAL; partial munmap -> EINVAL', () => {
    const t = new Machine().spawn();
    expect(t.mmap(0x200001000, LARGE_PAGE_SIZE, RW, ANON | MAP_HUGETLB | MAP_FIXED)).toBe(-Errno.EINVAL);
    const p = t.mmap(0, LARGE_PAGE_SIZE, RW, ANON | MAP_HUGETLB);
    expect(t.munmap(p, PAGE_SIZE)).toBe(-Errno.EINVAL);
    expect(t.munmap(p, LARGE_PAGE_SIZE)).toBe(0);
  });
});

describe('2 MiB pages over memory that held 4 KiB pages (found by property.test.ts)', () => {
  const B = 0x200000000;
  const huge = ANON | MAP_HUGETLB;

  it('MAP_FIXED over part of a hugetlb area -> EINVAL (hugetlb_vm_op_split), area unchanged', () => {
    const m = new Machine();
    const t = m.spawn();
    expect(t.mmap(B, LARGE_PAGE_SIZE, RW, huge)).toBe(B);
    t.write32(B + PAGE_SIZE, 7);
    expect(t.mmap(B, PAGE_SIZE, RW, ANON | MAP_FIXED)).toBe(-Errno.EINVAL);
    expect(smapsOf(m, t, B).get('Size')).toBe('2048 kB');
    expect(t.read32(B + PAGE_SIZE)).toBe(7);
  });

  it('MADV_DONTNEED inside a hugetlb page: unaligned start -> EINVAL, a short range frees nothing', () => {
    const t = new Machine().spawn();
    expect(t.mmap(B, LARGE_PAGE_SIZE, RW, huge)).toBe(B);
    t.write32(B, 1);
    t.write32(B + PAGE_SIZE, 2);
    expect(t.madvise(B + PAGE_SIZE, PAGE_SIZE, MADV_DONTNEED)).toBe(-Errno.EINVAL);
    // madvise_dontneed_free_valid_vma rounds the end down to the huge page: nothing is dropped.
    expect(t.madvise(B, PAGE_SIZE, MADV_DONTNEED)).toBe(0);
    expect([t.read32(B), t.read32(B + PAGE_SIZE)]).toEqual([1, 2]);
    expect(t.madvise(B, LARGE_PAGE_SIZE, MADV_DONTNEED)).toBe(0);
    expect([t.read32(B), t.read32(B + PAGE_SIZE)]).toEqual([0, 0]);
  });

  it('a hugetlb mapping where a 4 KiB page was mapped and unmapped can be touched', () => {
    const m = new Machine();
    const t = m.spawn();
    expect(t.mmap(B, PAGE_SIZE, RW)).toBe(B);
    t.write32(B, 1);
    expect(t.munmap(B, PAGE_SIZE)).toBe(0);
    expect(t.mmap(B, LARGE_PAGE_SIZE, RW, huge | MAP_FIXED)).toBe(B);
    t.write32(B + 8, 2);
    expect(t.read32(B + 8)).toBe(2);
    expect(smapsOf(m, t, B).get('Rss')).toBe('2048 kB');
  });

  it('MADV_HUGEPAGE memory whose 2 MiB block kept an empty page table falls back to 4 KiB pages', () => {
    const t = new Machine().spawn();
    expect(t.mmap(B, LARGE_PAGE_SIZE, RW)).toBe(B);
    t.write32(B, 1);
    expect(t.madvise(B, PAGE_SIZE, MADV_DONTNEED)).toBe(0);
    expect(t.madvise(B, LARGE_PAGE_SIZE, MADV_HUGEPAGE)).toBe(0);
    t.write32(B + 2 * PAGE_SIZE, 5);
    expect([t.read32(B), t.read32(B + 2 * PAGE_SIZE)]).toEqual([0, 5]);
  });
});

describe('page contents', () => {
  it('pages read zero on first touch and are populated only then', () => {
    const m = new Machine();
    const t = m.spawn();
    const p = t.mmap(0, 4 * PAGE_SIZE, RW);
    expect(smapsOf(m, t, p).get('Rss')).toBe('0 kB');
    expect(t.read32(p + 2 * PAGE_SIZE + 12)).toBe(0);
    expect(smapsOf(m, t, p).get('Rss')).toBe('4 kB');
    expect(t.read(p + 3 * PAGE_SIZE, 16)).toEqual(new Uint8Array(16));
  });

  it('MAP_POPULATE populates every page up front', () => {
    const m = new Machine();
    const t = m.spawn();
    const p = t.mmap(0, 3 * PAGE_SIZE, RW, ANON | MAP_POPULATE);
    expect(smapsOf(m, t, p).get('Rss')).toBe('12 kB');
  });

  it('MADV_DONTNEED drops the pages: they read back as zero', () => {
    const m = new Machine();
    const t = m.spawn();
    const p = t.mmap(0, 3 * PAGE_SIZE, RW);
    for (let i = 0; i < 3; i++) t.write32(p + i * PAGE_SIZE, 0x1111 * (i + 1));
    expect(t.madvise(p, 2 * PAGE_SIZE, MADV_DONTNEED)).toBe(0);
    expect(smapsOf(m, t, p).get('Rss')).toBe('4 kB');
    expect([t.read32(p), t.read32(p + PAGE_SIZE), t.read32(p + 2 * PAGE_SIZE)]).toEqual([0, 0, 0x3333]);
  });

  it('madvise errors: unaligned, bad advice, unmapped range, wrapping end (mm/madvise.c)', () => {
    const t = new Machine().spawn();
    const p = t.mmap(0, PAGE_SIZE, RW);
    expect(t.madvise(p + 1, PAGE_SIZE, MADV_DONTNEED)).toBe(-Errno.EINVAL);
    expect(t.madvise(p, PAGE_SIZE, 12345)).toBe(-Errno.EINVAL);
    expect(t.madvise(p, 0, MADV_DONTNEED)).toBe(0);
    expect(t.madvise(0x10000, PAGE_SIZE, MADV_DONTNEED)).toBe(-Errno.ENOMEM);
    // end = start + len wraps past 2^64: "if (end < start) return -EINVAL".
    expect(t.syscall(SYS.madvise, 2n ** 64n - 4096n, 2 * PAGE_SIZE, MADV_DONTNEED)).toBe(-Errno.EINVAL);
  });

  it('MADV_DONTNEED across a hole still drops the mapped parts, then returns ENOMEM (madvise_walk_vmas)', () => {
    const t = new Machine().spawn();
    const p = t.mmap(0, 3 * PAGE_SIZE, RW);
    t.write32(p, 1);
    t.write32(p + 2 * PAGE_SIZE, 3);
    expect(t.munmap(p + PAGE_SIZE, PAGE_SIZE)).toBe(0);
    expect(t.madvise(p, 3 * PAGE_SIZE, MADV_DONTNEED)).toBe(-Errno.ENOMEM);
    expect([t.read32(p), t.read32(p + 2 * PAGE_SIZE)]).toEqual([0, 0]);
  });
});
