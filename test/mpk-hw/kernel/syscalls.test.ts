import { describe, expect, it } from 'vitest';
import {
  Errno, Machine, PROT_READ, PROT_WRITE, PROT_NONE, SIGKILL, SIGSTOP, SIGUSR1, SYS, PTRACE_PEEKDATA, PTRACE_ATTACH,
  PTRACE_TRACEME, PTRACE_GETREGSET, FUTEX_WAIT, PKEY_DISABLE_ACCESS, type UserThread,
} from '../../../mpk-hw/index.js';

const E = (name: keyof typeof Errno): number => -Errno[name];

function setup(): { m: Machine; t: UserThread; buf: number } {
  const m = new Machine();
  const t = m.spawn();
  const buf = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
  return { m, t, buf };
}

function putString(t: UserThread, at: number, s: string): number {
  t.write(at, new TextEncoder().encode(s + '\0'));
  return at;
}

describe('system-call error paths (Linux x86-64 errno)', () => {
  it('an unknown system call is -ENOSYS', () => {
    const { t } = setup();
    expect(t.syscall(9999)).toBe(E('ENOSYS'));
    expect(t.syscall(SYS.getpid)).toBe(t.pid);
    expect(t.syscall(SYS.gettid)).toBe(t.tid);
  });

  it('open: missing file -ENOENT, bad path pointer -EFAULT; read and close', () => {
    const { t, buf } = setup();
    expect(t.syscall(SYS.open, putString(t, buf, '/no/such/file'), 0)).toBe(E('ENOENT'));
    expect(t.syscall(SYS.open, 0x10, 0)).toBe(E('EFAULT'));
    const fd = t.syscall(SYS.open, putString(t, buf, '/etc/passwd'), 0);
    expect(fd).toBe(3);
    expect(t.syscall(SYS.read, fd, buf + 100, 5)).toBe(5);
    expect(new TextDecoder().decode(t.read(buf + 100, 5))).toBe('root:');
    expect(t.syscall(SYS.read, fd, 0x10, 5)).toBe(E('EFAULT'));
    expect(t.syscall(SYS.read, 42, buf, 1)).toBe(E('EBADF'));
    expect(t.syscall(SYS.write, fd, buf, 1)).toBe(E('EBADF'));
    expect(t.syscall(SYS.close, fd)).toBe(0);
    expect(t.syscall(SYS.close, fd)).toBe(E('EBADF'));
  });

  it('/proc/self/smaps can be read through open/read', () => {
    const { t, buf } = setup();
    const fd = t.syscall(SYS.open, putString(t, buf, '/proc/self/smaps'), 0);
    expect(fd).toBeGreaterThan(2);
    const n = t.syscall(SYS.read, fd, buf + 512, 2048);
    expect(new TextDecoder().decode(t.read(buf + 512, n))).toContain('ProtectionKey:         0');
  });

  it('pipe: bad pointer -EFAULT; write then read; write from an AD buffer -EFAULT', () => {
    const { t, buf } = setup();
    expect(t.syscall(SYS.pipe, 0x10)).toBe(E('EFAULT'));
    expect(t.syscall(SYS.pipe2, buf, 1)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.pipe, buf)).toBe(0);
    const [r, w] = [t.read32(buf), t.read32(buf + 4)];
    putString(t, buf + 64, 'hi');
    expect(t.syscall(SYS.write, w, buf + 64, 2)).toBe(2);
    expect(t.syscall(SYS.read, r, buf + 128, 10)).toBe(2);
    expect(t.syscall(SYS.read, r, buf + 128, 10)).toBe(E('EAGAIN'));
    const key = t.pkeyAlloc(0, PKEY_DISABLE_ACCESS);
    const secret = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
    expect(t.pkeyMprotect(secret, 4096, PROT_READ | PROT_WRITE, key)).toBe(0);
    expect(t.syscall(SYS.write, w, secret, 8)).toBe(E('EFAULT'));
    expect(t.syscall(SYS.vmsplice, r, buf, 1)).toBe(E('EBADF'));
  });

  it('rt_sigaction and rt_sigprocmask validate their arguments', () => {
    const { t, buf } = setup();
    expect(t.syscall(SYS.rt_sigaction, SIGUSR1, buf, 0, 4)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.rt_sigaction, 0, buf, 0, 8)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.rt_sigaction, 65, buf, 0, 8)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.rt_sigaction, SIGKILL, buf, 0, 8)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.rt_sigaction, SIGSTOP, buf, 0, 8)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.rt_sigaction, SIGUSR1, 0x10, 0, 8)).toBe(E('EFAULT'));
    t.write64(buf, 1n); // SIG_IGN
    expect(t.syscall(SYS.rt_sigaction, SIGUSR1, buf, buf + 64, 8)).toBe(0);
    expect(t.syscall(SYS.rt_sigaction, SIGUSR1, 0, buf + 64, 8)).toBe(0);
    expect(t.read64(buf + 64)).toBe(1n);
    expect(t.raise(SIGUSR1)).toBe(0); // ignored: nothing happens
    expect(t.syscall(SYS.rt_sigprocmask, 7, buf, 0, 8)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.rt_sigprocmask, 0, buf, 0, 4)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.rt_sigprocmask, 0, 0x10, 0, 8)).toBe(E('EFAULT'));
  });

  it('kill, tkill and tgkill: -ESRCH for no such task, -EINVAL for a bad signal', () => {
    const { t } = setup();
    expect(t.syscall(SYS.kill, 99999, SIGUSR1)).toBe(E('ESRCH'));
    expect(t.syscall(SYS.tkill, 99999, SIGUSR1)).toBe(E('ESRCH'));
    expect(t.syscall(SYS.tkill, t.tid, 65)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.tkill, t.tid, 0)).toBe(0);
    expect(t.syscall(SYS.tgkill, t.pid + 1, t.tid, SIGUSR1)).toBe(E('ESRCH'));
  });

  it('futex: unaligned -EINVAL, unknown op -ENOSYS, bad address -EFAULT, value mismatch -EAGAIN', () => {
    const { t, buf } = setup();
    expect(t.syscall(SYS.futex, buf + 2, FUTEX_WAIT, 0)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.futex, buf, 99, 0)).toBe(E('ENOSYS'));
    expect(t.syscall(SYS.futex, 0x10, FUTEX_WAIT, 0)).toBe(E('EFAULT'));
    t.write32(buf, 7);
    expect(t.syscall(SYS.futex, buf, FUTEX_WAIT, 6)).toBe(E('EAGAIN'));
  });

  it('ptrace: untraced -ESRCH, self-attach -EPERM, unmapped peek -EIO, TRACEME without parent -EPERM', () => {
    const { t, buf } = setup();
    const child = t.fork();
    expect(t.syscall(SYS.ptrace, PTRACE_PEEKDATA, child.pid, buf, buf)).toBe(E('ESRCH'));
    expect(t.syscall(SYS.ptrace, PTRACE_ATTACH, t.pid, 0, 0)).toBe(E('EPERM'));
    expect(t.syscall(SYS.ptrace, PTRACE_ATTACH, 99999, 0, 0)).toBe(E('ESRCH'));
    expect(t.syscall(SYS.ptrace, PTRACE_TRACEME, 0, 0, 0)).toBe(E('EPERM'));
    expect(t.syscall(SYS.ptrace, PTRACE_ATTACH, child.pid, 0, 0)).toBe(0);
    expect(t.syscall(SYS.ptrace, PTRACE_ATTACH, child.pid, 0, 0)).toBe(E('EPERM'));
    expect(t.syscall(SYS.ptrace, PTRACE_PEEKDATA, child.pid, 0x10000, buf)).toBe(E('EIO'));
    expect(t.syscall(SYS.ptrace, PTRACE_GETREGSET, child.pid, 1, buf)).toBe(E('EINVAL'));
    expect(t.syscall(SYS.ptrace, 12345, child.pid, 0, 0)).toBe(E('EIO'));
  });

  it('hostile 64-bit arguments never throw', () => {
    const { t } = setup();
    const hostile = [0n, 1n, 0xfffn, 0x7fffffffffffn, 0x800000000000n, 2n ** 63n, 2n ** 64n - 1n, -1n];
    for (const nr of [0, 1, 2, 3, 9, 10, 11, 13, 14, 22, 28, 131, 200, 202, 234, 278, 329, 330, 331]) {
      for (const a of hostile) {
        const r = t.syscall(nr, a, a, a, a, a, a);
        expect(Number.isInteger(r)).toBe(true);
      }
    }
  });

  it('mmap(PROT_NONE) then access is SEGV_ACCERR-class: the fault kills without a handler', () => {
    const { m, t } = setup();
    const p = t.mmap(0, 4096, PROT_NONE);
    expect(() => t.read8(p)).toThrow(/killed by SIGSEGV/);
    expect(m.kernel.processes.get(t.pid)?.exit?.info?.code).toBe(2);
  });
});

describe('seccomp filters', () => {
  it('errno, kill-thread and inheritance by new threads; the most restrictive filter wins', () => {
    const m = new Machine();
    const t = m.spawn();
    const buf = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
    t.task.seccomp = [(nr) => (nr === SYS.mprotect ? { errno: Errno.EPERM } : 'allow')];
    expect(t.mprotect(buf, 4096, PROT_READ)).toBe(E('EPERM'));
    expect(t.syscall(SYS.getpid)).toBe(t.pid);
    const child = t.clone();
    expect(child.mprotect(buf, 4096, PROT_READ)).toBe(E('EPERM'));
    child.task.seccomp = [...child.task.seccomp, (nr) => (nr === SYS.mprotect ? 'kill-thread' : 'allow')];
    expect(() => child.mprotect(buf, 4096, PROT_READ)).toThrow(/killed by seccomp at system call 10/);
    expect(child.alive).toBe(false);
    expect(t.alive).toBe(true);
    expect(t.mprotect(buf, 4096, PROT_READ)).toBe(E('EPERM'));
  });
});
