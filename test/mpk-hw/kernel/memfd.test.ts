import { describe, expect, it } from 'vitest';
import { Errno, Machine, MADV_DONTNEED, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE, SIGBUS, SYS, type UserThread } from '../../../mpk-hw/index.js';

const E = (n: keyof typeof Errno): number => -Errno[n];

function memfd(t: UserThread, bytes: Uint8Array): number {
  const s = t.scratch();
  t.write(s, new TextEncoder().encode('code\0'));
  const fd = t.syscall(SYS.memfd_create, s, 0);
  expect(fd).toBeGreaterThan(2);
  const buf = t.mmap(0, Math.max(4096, bytes.length), PROT_READ | PROT_WRITE);
  t.write(buf, bytes);
  expect(t.syscall(SYS.write, fd, buf, bytes.length)).toBe(bytes.length);
  return fd;
}

describe('memfd and private file mappings', () => {
  it('memfd_create validates flags and the name pointer; ftruncate validates its descriptor', () => {
    const t = new Machine().spawn();
    const s = t.scratch();
    t.write(s, new TextEncoder().encode('x\0'));
    expect(t.syscall(SYS.memfd_create, s, 0x100)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.memfd_create, 0x10, 0)).toBe(E('EFAULT'));
    expect(t.syscall(SYS.ftruncate, 99, 10)).toBe(E('EBADF'));
    const fd = t.syscall(SYS.memfd_create, s, 1);
    expect(t.syscall(SYS.ftruncate, fd, -1n)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.ftruncate, fd, 8192)).toBe(0);
  });

  it('pages are copied from the file on first touch; private writes do not reach the file; DONTNEED re-reads it', () => {
    const t = new Machine().spawn();
    const fd = memfd(t, Uint8Array.of(1, 2, 3, 4));
    const p = t.mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    expect(p).toBeGreaterThan(0);
    expect([...t.read(p, 5)]).toEqual([1, 2, 3, 4, 0]);
    t.write8(p, 9);
    expect(t.read8(p)).toBe(9);
    expect(t.madvise(p, 4096, MADV_DONTNEED)).toBe(0);
    expect(t.read8(p)).toBe(1);
  });

  it('a page wholly past the end of the file gets SIGBUS; shared file mappings are not modelled', () => {
    const t = new Machine().spawn();
    const fd = memfd(t, new Uint8Array(100));
    expect(t.mmap(0, 4096, PROT_READ, MAP_SHARED, fd, 0)).toBe(E('ENODEV'));
    expect(t.mmap(0, 4096, PROT_READ, MAP_PRIVATE, 77, 0)).toBe(E('EBADF'));
    const p = t.mmap(0, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
    expect(t.read8(p + 99)).toBe(0);
    const seen: number[] = [];
    t.sigaction(SIGBUS, (ctx) => { const si = ctx.readSiginfo(); seen.push(si.signo, si.code, si.addr - p); ctx.thread.exit(0); });
    expect(() => t.read8(p + 4096)).toThrow(/exited/);
    expect(seen).toEqual([SIGBUS, 2, 4096]);
  });
});
