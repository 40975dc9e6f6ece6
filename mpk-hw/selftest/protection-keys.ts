/**
 * The 21 test functions of protection_keys.c (spec section 3.1), in the selftest's array
 * order, each run on every x86 malloc_pkey variant.  Cases that execute code run real
 * instructions on the simulated CPU.
 */
import { MADV_DONTNEED, MAP_PRIVATE, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE, SYS, FUTEX_WAIT, Errno, SIGKILL,
  PTRACE_ATTACH, PTRACE_PEEKDATA, PTRACE_DETACH, formatSyscallResult } from '../kernel/constants.js';
import { PAGE_SIZE } from '../phys-mem.js';
import { check, ok, type PkeyTestEnv } from './harness.js';
import { advancedCases } from './protection-keys-advanced.js';

/** One selftest function: gets the environment, the test memory and its key. */
export type PkeyCase = (env: PkeyTestEnv, ptr: number, pkey: number) => void;

const basic: Array<[string, PkeyCase]> = [
  ['test_read_of_write_disabled_region', (env, ptr, pkey) => {
    env.pkeyWriteDeny(pkey);
    env.t.read32(ptr);
    env.doNotExpectPkeyFault('read of a write-disabled region');
  }],
  ['test_read_of_access_disabled_region', (env, ptr, pkey) => {
    env.pkeyAccessDeny(pkey);
    env.t.read32(ptr);
    env.expectedPkeyFault(pkey);
  }],
  ['test_read_of_access_disabled_region_with_page_already_mapped', (env, ptr, pkey) => {
    env.t.read32(ptr);
    env.doNotExpectPkeyFault('populating read');
    env.pkeyAccessDeny(pkey);
    env.t.read32(ptr);
    env.expectedPkeyFault(pkey);
  }],
  ['test_write_of_write_disabled_region', (env, ptr, pkey) => {
    env.pkeyWriteDeny(pkey);
    env.t.write32(ptr, 42);
    env.expectedPkeyFault(pkey);
  }],
  ['test_write_of_write_disabled_region_with_page_already_mapped', (env, ptr, pkey) => {
    env.t.write32(ptr, 1);
    env.doNotExpectPkeyFault('populating write');
    env.pkeyWriteDeny(pkey);
    env.t.write32(ptr, 42);
    env.expectedPkeyFault(pkey);
  }],
  ['test_write_of_access_disabled_region', (env, ptr, pkey) => {
    env.pkeyAccessDeny(pkey);
    env.t.write32(ptr, 42);
    env.expectedPkeyFault(pkey);
  }],
  ['test_write_of_access_disabled_region_with_page_already_mapped', (env, ptr, pkey) => {
    env.t.write32(ptr, 1);
    env.doNotExpectPkeyFault('populating write');
    env.pkeyAccessDeny(pkey);
    env.t.write32(ptr, 42);
    env.expectedPkeyFault(pkey);
  }],
  ['test_kernel_write_of_access_disabled_region', (env, ptr, pkey) => {
    const fd = ok(env.t.syscall(SYS.open, env.cString('/etc/passwd'), 0), 'open(/etc/passwd)');
    env.pkeyAccessDeny(pkey);
    const r = env.t.syscall(SYS.read, fd, ptr, 1);
    check(r === -Errno.EFAULT, `read() into an access-disabled buffer returned ${formatSyscallResult(r)}, expected -EFAULT`);
    env.doNotExpectPkeyFault('read() into an access-disabled buffer');
  }],
  ['test_kernel_write_of_write_disabled_region', (env, ptr, pkey) => {
    const fd = ok(env.t.syscall(SYS.open, env.cString('/etc/passwd'), 0), 'open(/etc/passwd)');
    env.pkeyWriteDeny(pkey);
    const r = env.t.syscall(SYS.read, fd, ptr, 100);
    check(r === -Errno.EFAULT, `read() into a write-disabled buffer returned ${formatSyscallResult(r)}, expected -EFAULT`);
    env.doNotExpectPkeyFault('read() into a write-disabled buffer');
  }],
  ['test_kernel_gup_of_access_disabled_region', (env, ptr, pkey) => {
    const fds = env.t.scratch() + 256;
    ok(env.t.syscall(SYS.pipe, fds), 'pipe');
    const wfd = env.t.read32(fds + 4);
    const iov = env.t.scratch() + 512;
    env.t.write64(iov, BigInt(ptr));
    env.t.write64(iov + 8, BigInt(PAGE_SIZE));
    env.pkeyAccessDeny(pkey);
    const r = env.t.syscall(SYS.vmsplice, wfd, iov, 1, 0x8 /* SPLICE_F_GIFT */);
    check(r < 0, `vmsplice of an access-disabled buffer returned ${r}, expected an error`);
    env.doNotExpectPkeyFault('vmsplice');
  }],
  ['test_kernel_gup_write_to_write_disabled_region', (env, ptr, pkey) => {
    env.t.write32(ptr, 5);
    env.pkeyWriteDeny(pkey);
    const r = env.t.syscall(SYS.futex, ptr, FUTEX_WAIT, 4, 0);
    check(r === -Errno.EAGAIN, `futex(FUTEX_WAIT) on a write-disabled word returned ${formatSyscallResult(r)}, expected -EAGAIN`);
    env.doNotExpectPkeyFault('futex read of a write-disabled word');
  }],
];

/** test_ptrace_of_child: remote reads ignore keys while the tracer's own reads fault. */
function testPtraceOfChild(env: PkeyTestEnv, ptr: number, pkey: number): void {
  const t = env.t;
  const plain = ok(t.mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE), 'mmap'); // plain_ptr, key 0
  t.write32(plain, 7);
  const child = t.fork();
  ok(t.syscall(SYS.ptrace, PTRACE_ATTACH, child.pid, 0, 0), 'PTRACE_ATTACH');
  env.pkeyAccessDeny(pkey);
  env.pkeyWriteDeny(pkey);
  const out = t.scratch() + 1024;
  ok(t.syscall(SYS.ptrace, PTRACE_PEEKDATA, child.pid, ptr, out), 'PTRACE_PEEKDATA(ptr)');
  t.read32(ptr);
  env.expectedPkeyFault(pkey);
  ok(t.syscall(SYS.ptrace, PTRACE_PEEKDATA, child.pid, plain, out), 'PTRACE_PEEKDATA(plain)');
  check(t.read32(out) === 7, 'PTRACE_PEEKDATA returned the wrong word');
  t.read32(plain);
  env.doNotExpectPkeyFault('read of a plain pointer');
  ok(t.syscall(SYS.ptrace, PTRACE_DETACH, child.pid, 0, 0), 'PTRACE_DETACH');
  ok(t.syscall(SYS.kill, child.pid, SIGKILL), 'kill(child)');
}

/**
 * get_pointer_to_instructions: the selftest's lots_o_noops_around_write is page-aligned text of
 * the test binary, so MADV_DONTNEED drops the page and the next instruction fetch takes a fresh
 * fault that re-reads it from the file.  Here the "text" is a private mapping of an in-memory
 * file (memfd) holding two pages of NOPs ending in RET; returns the second page, which the
 * tests call as a function.
 */
function codePage(env: PkeyTestEnv): number {
  const t = env.t;
  const text = new Uint8Array(2 * PAGE_SIZE).fill(0x90); // nop
  text[2 * PAGE_SIZE - 1] = 0xc3; // ret
  const fd = ok(t.syscall(SYS.memfd_create, env.cString('lots_o_noops'), 0), 'memfd_create');
  const buf = ok(t.mmap(0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE), 'mmap(staging)');
  t.write(buf, text);
  check(t.syscall(SYS.write, fd, buf, 2 * PAGE_SIZE) === 2 * PAGE_SIZE, 'write of the code file');
  const blob = ok(t.mmap(0, 2 * PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0), 'mmap(code file, R+X)');
  return blob + PAGE_SIZE;
}

/** Calls the NOP sled at `p1` (4095 NOPs and RET) on the test thread's CPU. */
function execute(env: PkeyTestEnv, p1: number): void {
  const r = env.t.call(p1, [], { budget: 10_000 });
  check(r.instructions === PAGE_SIZE, `the call retired ${r.instructions} instructions, expected ${PAGE_SIZE}`);
}

/** test_executing_on_unreadable_memory. */
function testExecutingOnUnreadableMemory(env: PkeyTestEnv, _ptr: number, pkey: number): void {
  const t = env.t;
  const p1 = codePage(env);
  execute(env, p1);
  t.read32(p1);
  env.doNotExpectPkeyFault('reading the code page');
  ok(t.pkeyMprotect(p1, PAGE_SIZE, PROT_EXEC, pkey), 'pkey_mprotect(p1, PROT_EXEC)');
  env.pkeyAccessDeny(pkey);
  ok(t.madvise(p1, PAGE_SIZE, MADV_DONTNEED), 'madvise(MADV_DONTNEED)');
  execute(env, p1);
  env.doNotExpectPkeyFault('executing execute-only memory');
  t.read32(p1);
  env.expectedPkeyFault(pkey);
  ok(t.pkeyMprotect(p1, PAGE_SIZE, PROT_READ | PROT_EXEC, pkey), 'pkey_mprotect back to R+X');
}

/** test_implicit_mprotect_exec_only_memory. */
function testImplicitMprotectExecOnlyMemory(env: PkeyTestEnv): void {
  const t = env.t;
  const p1 = codePage(env);
  execute(env, p1);
  t.read32(p1);
  env.doNotExpectPkeyFault('reading the code page');
  ok(t.mprotect(p1, PAGE_SIZE, PROT_EXEC), 'mprotect(p1, PROT_EXEC)');
  env.shadow = t.rdpkru(); // the execute-only key now has AD set in this thread
  ok(t.madvise(p1, PAGE_SIZE, MADV_DONTNEED), 'madvise(MADV_DONTNEED)');
  execute(env, p1);
  env.doNotExpectPkeyFault('executing execute-only memory');
  t.read32(p1);
  env.expectedPkeyFault(null); // the execute-only key's number is not checked
  ok(t.mprotect(p1, PAGE_SIZE, PROT_NONE), 'mprotect(PROT_NONE)');
  ok(t.mprotect(p1, PAGE_SIZE, PROT_READ | PROT_EXEC), 'mprotect(R+X)');
  t.read32(p1);
  env.doNotExpectPkeyFault('reading after leaving execute-only');
}

/** All 21 cases, in array order. */
export const PROTECTION_KEYS_CASES: ReadonlyArray<readonly [string, PkeyCase]> = [
  ...basic,
  ['test_executing_on_unreadable_memory', testExecutingOnUnreadableMemory],
  ['test_implicit_mprotect_exec_only_memory', testImplicitMprotectExecOnlyMemory],
  ...advancedCases(testPtraceOfChild),
];
