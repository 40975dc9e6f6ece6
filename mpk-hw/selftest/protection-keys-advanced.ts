/**
 * protection_keys.c tests 13 to 20: key 0, ptrace, init state across context switches,
 * syscalls on unallocated keys, exhaustion across fork, and ptrace's XSAVE regset.
 */
import { PROT_EXEC, PROT_READ, PROT_WRITE, SYS, Errno, PTRACE_TRACEME, PTRACE_GETREGSET, PTRACE_SETREGSET,
  NT_X86_XSTATE, formatSyscallResult } from '../kernel/constants.js';
import { TaskGone } from '../kernel/kernel.js';
import { PAGE_SIZE } from '../phys-mem.js';
import { NR_PKEYS } from '../pkru.js';
import { XFEATURE_MASK_PKRU, XSAVE_HEADER_OFFSET } from '../xsave.js';
import type { UserThread } from '../user-thread.js';
import { check, ok, type PkeyTestEnv } from './harness.js';
import type { PkeyCase } from './protection-keys.js';

/** test_mprotect_with_pkey_0. */
const testMprotectWithPkey0: PkeyCase = (env, ptr, pkey) => {
  const size = Math.min(env.lastSize, 2 * 1024 * 1024);
  const prot = PROT_READ | PROT_WRITE;
  ok(env.t.pkeyMprotect(ptr, size, prot, 0), 'pkey_mprotect(key 0)');
  ok(env.t.pkeyMprotect(ptr, size, prot, pkey), 'pkey_mprotect back to the test key');
};

/**
 * test_pkey_init_state: with every key allocated PKRU is 0; XRSTOR with XSTATE_BV[9] clear
 * puts PKRU in its init state, and it must stay 0 across context switches (5.13 fix).  The
 * selftest reads 1,000,000 times; here a second thread is switched in every 64 reads.
 */
const testPkeyInitState: PkeyCase = (env) => {
  const t = env.t;
  const got: number[] = [];
  for (let k = env.allocPkey(); k >= 0; k = env.allocPkey()) got.push(k);
  if (env.readPkeyReg() === 0) {
    const area = ok(t.mmap(0, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE), 'mmap(xsave area)');
    t.xsave(area, XFEATURE_MASK_PKRU);
    t.write32(area + XSAVE_HEADER_OFFSET, t.read32(area + XSAVE_HEADER_OFFSET) & ~XFEATURE_MASK_PKRU);
    t.xrstor(area, XFEATURE_MASK_PKRU);
  }
  const other = t.clone();
  for (let i = 0; i < 4096; i++) {
    env.readPkeyReg();
    if (i % 64 === 0) other.read32(other.rsp - 8);
  }
  // The runner gives this machine one CPU, so the two threads take turns on it.
  check(t.task.counters.contextSwitches > 0 && other.task.counters.contextSwitches > 0,
    'no context switch happened during the test');
  for (const k of got) ok(t.pkeyFree(k), `pkey_free(${k})`);
};

/** test_pkey_syscalls_on_non_allocated_pkey. */
const testSyscallsOnNonAllocated: PkeyCase = (env, ptr, pkey) => {
  for (let i = 1; i < NR_PKEYS; i++) {
    if (i === pkey) continue;
    check(env.t.pkeyFree(i) < 0, `pkey_free(${i}) of an unallocated key succeeded`);
    check(env.t.pkeyFree(i) < 0, `second pkey_free(${i}) succeeded`);
    check(env.t.pkeyMprotect(ptr, PAGE_SIZE, PROT_READ, i) < 0, `pkey_mprotect with unallocated key ${i} succeeded`);
  }
};

/** test_pkey_syscalls_bad_args. */
const testSyscallsBadArgs: PkeyCase = (env, ptr) => {
  const r = env.t.pkeyMprotect(ptr, PAGE_SIZE, PROT_READ, NR_PKEYS + 99);
  check(r < 0, `pkey_mprotect with key 115 returned ${formatSyscallResult(r)}`);
};

/** test_pkey_alloc_exhaust: 48 attempts, fork at attempt 32; the child frees every key it inherited. */
const testPkeyAllocExhaust: PkeyCase = (env) => {
  let t: UserThread = env.t;
  const keys: number[] = [];
  for (let i = 0; i < 48; i++) {
    if (i === 32) t = t.fork(); // the parent exits 0 here; the child carries on
    const k = t.pkeyAlloc(0, 0);
    if (k < 0) {
      check(k === -Errno.ENOSPC, `pkey_alloc failed with ${formatSyscallResult(k)}, expected -ENOSPC`);
      continue;
    }
    check(keys.length < NR_PKEYS, `more than ${NR_PKEYS} keys allocated`);
    keys.push(k);
  }
  check(keys.length >= NR_PKEYS - 2 - 1 - 1, `only ${keys.length} extra keys allocated`);
  for (const k of keys) ok(t.pkeyFree(k), `child pkey_free(${k})`);
};

/** test_pkey_alloc_free_attach_pkey0. */
const testAllocFreeAttachPkey0: PkeyCase = (env, ptr) => {
  const got: number[] = [];
  for (let k = env.t.pkeyAlloc(0, 0); k >= 0; k = env.t.pkeyAlloc(0, 0)) {
    check(k !== 0, 'pkey_alloc returned key 0');
    got.push(k);
  }
  for (const k of got) ok(env.t.pkeyFree(k), `pkey_free(${k})`);
  for (const p of [PROT_READ, PROT_WRITE, PROT_EXEC, PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE | PROT_EXEC]) {
    ok(env.t.pkeyMprotect(ptr, env.lastSize, p, 0), `pkey_mprotect(prot ${p}, key 0)`);
  }
};

/** Reads the tracee's NT_X86_XSTATE regset into `buf` and returns its PKRU slot. */
function getRegsetPkru(env: PkeyTestEnv, pid: number, buf: number): number {
  const t = env.t;
  const iov = t.scratch() + 64;
  const size = env.machine.cpuid(0xd, 0).ecx;
  t.write64(iov, BigInt(buf));
  t.write64(iov + 8, BigInt(size));
  ok(t.syscall(SYS.ptrace, PTRACE_GETREGSET, pid, NT_X86_XSTATE, iov), 'PTRACE_GETREGSET');
  return t.read32(buf + env.machine.cpuid(0xd, 9).ebx);
}

function setRegset(env: PkeyTestEnv, pid: number, buf: number): void {
  const iov = env.t.scratch() + 64;
  env.t.write64(iov, BigInt(buf));
  env.t.write64(iov + 8, BigInt(env.machine.cpuid(0xd, 0).ecx));
  ok(env.t.syscall(SYS.ptrace, PTRACE_SETREGSET, pid, NT_X86_XSTATE, iov), 'PTRACE_SETREGSET');
}

/** test_ptrace_modifies_pkru. */
const testPtraceModifiesPkru: PkeyCase = (env) => {
  const t = env.t;
  const parentPkru = t.rdpkru();
  const next = (~parentPkru & ~0x3) >>> 0;
  const child = t.fork();
  ok(child.syscall(SYS.ptrace, PTRACE_TRACEME, 0, 0, 0), 'PTRACE_TRACEME');
  const buf = ok(t.mmap(0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE), 'mmap(regset buffer)');
  const seen = getRegsetPkru(env, child.pid, buf);
  check(seen === parentPkru, `tracee PKRU slot 0x${seen.toString(16)}, expected the parent's 0x${parentPkru.toString(16)}`);
  t.write32(buf + env.machine.cpuid(0xd, 9).ebx, next);
  setRegset(env, child.pid, buf);
  check(getRegsetPkru(env, child.pid, buf) === next, 'GETREGSET after SETREGSET does not show the new PKRU');
  check(child.rdpkru() === next, `tracee sees PKRU 0x${child.rdpkru().toString(16)}, expected 0x${(next).toString(16)}`);
  t.write32(buf + XSAVE_HEADER_OFFSET, t.read32(buf + XSAVE_HEADER_OFFSET) & ~XFEATURE_MASK_PKRU);
  setRegset(env, child.pid, buf);
  check(getRegsetPkru(env, child.pid, buf) === 0, 'XSTATE_BV[9] = 0 did not reset the tracee PKRU to 0');
  check(child.rdpkru() === 0, `tracee PKRU ${child.rdpkru()} after XSTATE_BV[9] = 0, expected 0`);
  try {
    child.exit(0);
  } catch (e) {
    if (!(e instanceof TaskGone)) throw e;
  }
  check(child.task.process.exit?.code === 0, 'the tracee did not exit 0');
};

/** Tests 13..20, with test 14 supplied by the caller. */
export function advancedCases(ptraceOfChild: PkeyCase): Array<[string, PkeyCase]> {
  return [
    ['test_mprotect_with_pkey_0', testMprotectWithPkey0],
    ['test_ptrace_of_child', ptraceOfChild],
    ['test_pkey_init_state', testPkeyInitState],
    ['test_pkey_syscalls_on_non_allocated_pkey', testSyscallsOnNonAllocated],
    ['test_pkey_syscalls_bad_args', testSyscallsBadArgs],
    ['test_pkey_alloc_exhaust', testPkeyAllocExhaust],
    ['test_pkey_alloc_free_attach_pkey0', testAllocFreeAttachPkey0],
    ['test_ptrace_modifies_pkru', testPtraceModifiesPkru],
  ];
}
