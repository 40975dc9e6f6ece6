/**
 * Page faults to signals and the kernel's own accesses to user memory
 * (mpk-hw/kernel/page-fault.ts, files.ts, ptrace.ts).  Spec L-7, L-8, P-9, P-10, P-11, H-4.
 */
import { describe, expect, it } from 'vitest';
import {
  Errno, FUTEX_WAIT, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, Machine, PAGE_SIZE, PKEY_DISABLE_ACCESS,
  PKEY_DISABLE_WRITE, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE, PTRACE_PEEKDATA, PTRACE_POKEDATA,
  PTRACE_TRACEME, SEGV_ACCERR, SEGV_MAPERR, SEGV_PKUERR, SIGSEGV, SYS, TaskGone, pkruWithKeyBits,
  type UserThread,
} from '../../../mpk-hw/index.js';

const RW = PROT_READ | PROT_WRITE;
const RWX = RW | PROT_EXEC;

interface Seen { code: number; addr: number; pkey: number }

/**
 * Installs a SIGSEGV handler that records siginfo and makes the access succeed on retry: PKRU 0
 * from the frame for SEGV_PKUERR, a fresh RWX page for SEGV_MAPERR / SEGV_ACCERR.
 */
function recorder(t: UserThread, extra?: () => void): Seen[] {
  const seen: Seen[] = [];
  t.sigaction(SIGSEGV, (ctx) => {
    const si = ctx.readSiginfo();
    seen.push({ code: si.code, addr: si.addr, pkey: si.code === SEGV_PKUERR ? si.pkey : 0 });
    extra?.();
    if (si.code === SEGV_PKUERR) ctx.thread.write32(ctx.pkruSlotAddr, 0);
    else ctx.thread.mmap(si.addr - (si.addr % PAGE_SIZE), PAGE_SIZE, RWX, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
  });
  return seen;
}

/** Rss of the area containing `addr`, in kB. */
function rssKb(m: Machine, t: UserThread, addr: number): number {
  const text = m.smaps(t.pid) ?? '';
  const blocks = text.split(/\n(?=[0-9a-f]+-)/);
  for (const b of blocks) {
    const h = /^([0-9a-f]+)-([0-9a-f]+)/.exec(b);
    if (h !== null && parseInt(h[1] ?? '', 16) <= addr && addr < parseInt(h[2] ?? '', 16)) return Number(/Rss:\s+(\d+)/.exec(b)?.[1]);
  }
  throw new Error('not mapped');
}

/** A process with a 2-page RW area (first page populated) and keys 1 (AD) and 2 (WD) allocated. */
function setup(): { m: Machine; t: UserThread; p: number } {
  const m = new Machine();
  const t = m.spawn();
  const p = t.mmap(0, 2 * PAGE_SIZE, RW);
  t.write32(p, 0xabcd);
  expect(t.pkeyAlloc(0, PKEY_DISABLE_ACCESS)).toBe(1);
  expect(t.pkeyAlloc(0, PKEY_DISABLE_WRITE)).toBe(2);
  return { m, t, p };
}

type Op = 'read' | 'write' | 'fetch';
const doOp = (t: UserThread, op: Op, a: number): void => {
  if (op === 'read') t.read32(a);
  else if (op === 'write') t.write32(a, 1);
  else t.fetch(a, 4);
};

describe('fault -> signal (L-7)', () => {
  it.each<[string, number, number, Op, number, number]>([
    // name, prot, key, access, offset in the area, expected si_code (0: no signal); si_pkey = key for PKUERR
    ['read of a PROT_NONE page', PROT_NONE, 0, 'read', 0, SEGV_ACCERR],
    ['write to a populated PROT_READ page', PROT_READ, 0, 'write', 0, SEGV_ACCERR],
    ['write to a not-present PROT_READ page', PROT_READ, 0, 'write', PAGE_SIZE, SEGV_ACCERR],
    ['fetch from a non-executable page', RW, 0, 'fetch', 0, SEGV_ACCERR],
    ['read under AD', RW, 1, 'read', 0, SEGV_PKUERR],
    ['write under AD', RW, 1, 'write', 0, SEGV_PKUERR],
    ['write under WD', RW, 2, 'write', 0, SEGV_PKUERR],
    ['read under WD (allowed)', RW, 2, 'read', 0, 0],
    ['write under WD to a PROT_READ page (pkey wins over ACCERR)', PROT_READ, 2, 'write', 0, SEGV_PKUERR],
    ['fetch under AD from an executable page (never checked, H-4)', RWX, 1, 'fetch', 0, 0],
    ['read under AD of an executable page (execute-only)', PROT_EXEC, 1, 'read', 0, SEGV_PKUERR],
  ])('%s', (_n, prot, key, op, off, code) => {
    const { t, p } = setup();
    expect(t.pkeyMprotect(p, 2 * PAGE_SIZE, prot, key)).toBe(0);
    const seen = recorder(t);
    doOp(t, op, p + off + 8);
    // Only the first signal: the retry after a PKUERR may take an ordinary fault next.
    expect(seen.slice(0, 1)).toEqual(code === 0 ? [] : [{ code, addr: p + off + 8, pkey: code === SEGV_PKUERR ? key : 0 }]);
  });

  it('unmapped -> SEGV_MAPERR with si_addr', () => {
    const { t, p } = setup();
    expect(t.munmap(p, 2 * PAGE_SIZE)).toBe(0);
    const seen = recorder(t);
    t.write32(p + PAGE_SIZE + 0x44, 7);
    expect(seen).toEqual([{ code: SEGV_MAPERR, addr: p + PAGE_SIZE + 0x44, pkey: 0 }]);
  });

  it.each<[string, number, Op]>([['AD', 1, 'read'], ['AD', 1, 'write'], ['WD', 2, 'write']])(
    'a not-present page under %s key (%s) gives SEGV_PKUERR without populating it (P-9)', (_n, key, op) => {
      const { m, t, p } = setup();
      expect(t.pkeyMprotect(p + PAGE_SIZE, PAGE_SIZE, RW, key)).toBe(0);
      const rss: number[] = [];
      const seen = recorder(t, () => rss.push(rssKb(m, t, p + PAGE_SIZE)));
      doOp(t, op, p + PAGE_SIZE);
      expect(seen).toEqual([{ code: SEGV_PKUERR, addr: p + PAGE_SIZE, pkey: key }]);
      expect(rss).toEqual([0]);
      expect(rssKb(m, t, p + PAGE_SIZE)).toBe(4); // populated by the retry under PKRU 0
    });

  it('si_pkey is the area\'s key, not the PTE\'s, for a not-present page', () => {
    const { t, p } = setup();
    expect(t.pkeyAlloc(0, PKEY_DISABLE_ACCESS)).toBe(3);
    expect(t.pkeyMprotect(p + PAGE_SIZE, PAGE_SIZE, RW, 3)).toBe(0);
    const seen = recorder(t);
    t.read32(p + PAGE_SIZE);
    expect(seen).toEqual([{ code: SEGV_PKUERR, addr: p + PAGE_SIZE, pkey: 3 }]);
  });

  it('without a handler the process is killed by SIGSEGV with the fault\'s siginfo', () => {
    const { m, t, p } = setup();
    expect(t.pkeyMprotect(p, PAGE_SIZE, RW, 1)).toBe(0);
    let err: unknown = null;
    try { t.read32(p + 16); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(TaskGone);
    expect((err as TaskGone).status?.signal).toBe(SIGSEGV);
    expect(t.task.process.exit?.signal).toBe(SIGSEGV);
    expect(t.task.process.exit?.info).toEqual({ signo: SIGSEGV, code: SEGV_PKUERR, addr: p + 16, pkey: 1, pid: 0, err: 0x25 }); // err: P | U/S | PK, a read
    expect(t.alive).toBe(false);
    expect(m.smaps(t.pid)).toBeNull();
    expect(() => t.rdpkru()).toThrow(TaskGone);
  });
});

/** Writes a NUL-terminated string at `va`. */
function putString(t: UserThread, va: number, s: string): void {
  t.write(va, new TextEncoder().encode(s + '\0'));
}

describe('kernel accesses honour PKRU and return -EFAULT, no signal (L-8, P-10, P-11)', () => {
  const PASSWD_LEN = 'root:x:0:0:root:/root:/bin/sh\npkjit:x:1000:1000:pkjit:/home/pkjit:/bin/sh\n'.length;

  function openPasswd(t: UserThread): number {
    const s = t.scratch();
    putString(t, s, '/etc/passwd');
    const fd = t.syscall(SYS.open, s, 0);
    expect(fd).toBe(3);
    return fd;
  }

  it.each([['AD', 1], ['WD', 2]])('read() into a %s buffer -> -EFAULT, nothing written, no signal', (_n, key) => {
    const { m, t, p } = setup();
    expect(t.pkeyMprotect(p, 2 * PAGE_SIZE, RW, key)).toBe(0);
    const fd = openPasswd(t);
    const seen = recorder(t);
    expect(t.syscall(SYS.read, fd, p, 64)).toBe(-Errno.EFAULT);
    expect(t.syscall(SYS.read, fd, p + PAGE_SIZE, 64)).toBe(-Errno.EFAULT);
    expect(seen).toEqual([]);
    expect(rssKb(m, t, p)).toBe(4); // the second, not-present page was not populated
    t.wrpkru(0);
    expect(t.read32(p)).toBe(0xabcd);
    expect(t.syscall(SYS.read, fd, p, 4)).toBe(4);
    expect(new TextDecoder().decode(t.read(p, 4))).toBe('root');
  });

  // mm/filemap.c filemap_read: copy_folio_to_iter copies up to the fault, ki_pos advances by
  // what was copied, and the result is `already_read ? already_read : error`.
  it('read() whose buffer runs into an AD page copies up to the fault and returns the partial count', () => {
    const { t, p } = setup();
    expect(t.pkeyMprotect(p + PAGE_SIZE, PAGE_SIZE, RW, 1)).toBe(0);
    const fd = openPasswd(t);
    const seen = recorder(t);
    expect(t.syscall(SYS.read, fd, p + PAGE_SIZE - 10, 100)).toBe(10);
    expect(new TextDecoder().decode(t.read(p + PAGE_SIZE - 10, 10))).toBe('root:x:0:0');
    expect(t.syscall(SYS.read, fd, p, 5)).toBe(5); // the file position moved by 10
    expect(new TextDecoder().decode(t.read(p, 5))).toBe(':root');
    expect(t.syscall(SYS.read, fd, p + PAGE_SIZE, 100)).toBe(-Errno.EFAULT); // nothing copied
    expect(t.syscall(SYS.read, fd, p, 1)).toBe(1);
    expect(new TextDecoder().decode(t.read(p, 1))).toBe(':');
    expect(seen).toEqual([]);
  });

  // fs/pipe.c pipe_read: a short copy_page_to_iter of a buffer gives `ret ? ret : -EFAULT` and the
  // buffer is not consumed (this machine keeps a pipe's bytes as one buffer).
  it('read() from a pipe into a buffer that runs into an AD page -> -EFAULT, the bytes stay in the pipe', () => {
    const { t, p } = setup();
    expect(t.pkeyMprotect(p + PAGE_SIZE, PAGE_SIZE, RW, 1)).toBe(0);
    const s = t.scratch();
    expect(t.syscall(SYS.pipe, s)).toBe(0);
    const [r, w] = [t.read32(s), t.read32(s + 4)];
    putString(t, p, 'abcdefghij');
    expect(t.syscall(SYS.write, w, p, 10)).toBe(10);
    expect(t.syscall(SYS.read, r, p + PAGE_SIZE - 4, 10)).toBe(-Errno.EFAULT);
    expect(t.syscall(SYS.read, r, p + 100, 10)).toBe(10);
    expect(new TextDecoder().decode(t.read(p + 100, 10))).toBe('abcdefghij');
  });

  it('read() into an allowed buffer returns the file', () => {
    const { t, p } = setup();
    const fd = openPasswd(t);
    expect(t.syscall(SYS.read, fd, p, 4096)).toBe(PASSWD_LEN);
  });

  it('open() of a path in AD memory -> -EFAULT', () => {
    const { t, p } = setup();
    putString(t, p, '/etc/passwd');
    expect(t.pkeyMprotect(p, PAGE_SIZE, RW, 1)).toBe(0);
    expect(t.syscall(SYS.open, p, 0)).toBe(-Errno.EFAULT);
  });

  it('vmsplice of an AD buffer -> -EFAULT; of a WD buffer (read-only pin) succeeds', () => {
    const { t, p } = setup();
    const s = t.scratch();
    expect(t.syscall(SYS.pipe, s)).toBe(0);
    const wfd = t.read32(s + 4);
    expect(t.pkeyMprotect(p, PAGE_SIZE, RW, 1)).toBe(0);
    expect(t.pkeyMprotect(p + PAGE_SIZE, PAGE_SIZE, RW, 2)).toBe(0);
    t.write64(s + 16, BigInt(p));
    t.write64(s + 24, 100n);
    expect(t.syscall(SYS.vmsplice, wfd, s + 16, 1, 0)).toBe(-Errno.EFAULT);
    t.write64(s + 16, BigInt(p + PAGE_SIZE));
    expect(t.syscall(SYS.vmsplice, wfd, s + 16, 1, 0)).toBe(100);
  });

  it('futex WAIT on a WD page with another value -> -EAGAIN (reads allowed); on an AD page -> -EFAULT', () => {
    const { t, p } = setup();
    expect(t.pkeyMprotect(p, PAGE_SIZE, RW, 2)).toBe(0);
    expect(t.syscall(SYS.futex, p, FUTEX_WAIT, 0x1234, 0)).toBe(-Errno.EAGAIN);
    expect(t.pkeyMprotect(p, PAGE_SIZE, RW, 1)).toBe(0);
    expect(t.syscall(SYS.futex, p, FUTEX_WAIT, 0x1234, 0)).toBe(-Errno.EFAULT);
  });

  it('ptrace ignores pkeys remotely while the tracer\'s own access faults (L-8)', () => {
    const { t, p } = setup();
    expect(t.pkeyMprotect(p, PAGE_SIZE, RW, 2)).toBe(0);
    t.wrpkru(0);
    t.write64(p, 0x1122334455667788n);
    const child = t.fork();
    expect(child.syscall(SYS.ptrace, PTRACE_TRACEME, 0, 0, 0)).toBe(0);
    const deny = pkruWithKeyBits(0, 2, PKEY_DISABLE_ACCESS);
    t.wrpkru(deny);
    child.wrpkru(deny);
    const out = t.scratch();
    expect(t.syscall(SYS.ptrace, PTRACE_PEEKDATA, child.pid, p, out)).toBe(0);
    expect(t.read64(out)).toBe(0x1122334455667788n);
    expect(t.syscall(SYS.ptrace, PTRACE_POKEDATA, child.pid, p + 8, 0x99n)).toBe(0);
    const seen = recorder(t);
    expect(t.read64(p)).toBe(0x1122334455667788n);
    expect(seen).toEqual([{ code: SEGV_PKUERR, addr: p, pkey: 2 }]);
    child.wrpkru(0);
    expect(child.read64(p + 8)).toBe(0x99n);
    expect(t.read64(p + 8)).toBe(0n);
  });
});
