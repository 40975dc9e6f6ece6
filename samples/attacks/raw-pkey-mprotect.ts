/**
 * Attack: JIT code makes a raw `pkey_mprotect(code, 4096, RWX, 0)`.  Key 0 is always allocated
 * and every thread holds it read/write, so retagging the code pages to key 0 would make them
 * writable by the executor itself: the kernel as confused deputy (PKU Pitfalls, spec P-18).
 *
 * The policy here sets `allowSyscall: true`, so the verifier lets the SYSCALL instruction
 * through and the code seals (by default sealing refuses any SYSCALL, SYSENTER or INT 80h).
 *
 * Stopped by: the executor system-call filter (seccomp, so it holds for raw SYSCALL
 * instructions).  pkey_mprotect is not a runtime call: it is refused with EPERM and recorded
 * as `syscall.refused`; the pages keep their key.  In strict mode the thread is killed
 * (SECCOMP_RET_KILL_THREAD) and the rest of the process runs on.
 *
 * Run it alone with `node dist/samples/attacks/raw-pkey-mprotect.js` (after `npm run build`).
 */
import { eax, edx, esi, r10d } from '../../jit/x64/index.js';
import { Errno, PROT_EXEC, PROT_READ, PROT_WRITE, SYS } from '../../mpk-hw/index.js';
import { SdkError } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import { Checks, isEntry, lab, mark, message, printRecords, publish, thrown, type Lab, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'raw pkey_mprotect from JIT code: EPERM and syscall.refused; strict mode kills the thread',
  contains: ['rax = -1 (EPERM)', 'syscall.refused', 'name=pkey_mprotect action=EPERM', 'action=kill-thread', 'STOPPED: raw pkey_mprotect from JIT code'],
};

const RWX = PROT_READ | PROT_WRITE | PROT_EXEC;

/** f(addr) = pkey_mprotect(addr, 4096, RWX, 0), as raw SYSCALL; returns the result. */
function emitAttack(l: Lab): ReturnType<typeof publish> {
  return publish(l, 'retag-to-key-0', (x) => x.mov(esi, 4096).mov(edx, RWX).mov(r10d, 0).mov(eax, SYS.pkey_mprotect).syscall().ret());
}

/** The key of the page at `addr`, as the kernel's VMA says. */
function pageKey(l: Lab, addr: number): number | undefined {
  return l.sbx.owner.ut.task.process.mm.vmas.find(addr)?.pkey;
}

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const check = new Checks(print);
  const l = lab({ allowSyscall: true }, instrument);
  const f = emitAttack(l);
  const key = pageKey(l, l.region.start);
  print(`policy allowSyscall: true, so ${f.id} (mov eax, ${SYS.pkey_mprotect}; syscall) sealed; region pages on key ${String(key)}`);
  let from = mark(l);
  const rax = BigInt.asIntN(64, l.sbx.enter(l.executor, f, [l.region.start]).rax);
  print(`enter: rax = ${rax} (${rax === BigInt(-Errno.EPERM) ? 'EPERM' : 'not EPERM'})`);
  printRecords(l, from, print);
  check.that(rax === BigInt(-Errno.EPERM), 'pkey_mprotect from JIT code returns -EPERM');
  const refused = l.sink.records.slice(from).find((r) => r.kind === 'syscall.refused');
  check.that(refused?.tid === l.executor.tid && refused.detail?.['name'] === 'pkey_mprotect' && refused.detail['action'] === 'EPERM',
    'a syscall.refused record names pkey_mprotect and the executor');
  check.that(pageKey(l, l.region.start) === key, `the code pages keep key ${String(key)}`, String(pageKey(l, l.region.start)));

  print('strict mode:');
  const s = lab({ allowSyscall: true, strict: true }, instrument);
  const g = emitAttack(s);
  from = mark(s);
  const err = thrown(() => s.sbx.enter(s.executor, g, [s.region.start]));
  print(`enter: ${message(err)}`);
  printRecords(s, from, print);
  check.that(err instanceof SdkError && err.code === 'THREAD_GONE' && !s.executor.ut.alive, 'strict: the executor thread is killed (SdkError THREAD_GONE)');
  check.that(s.sbx.owner.ut.alive && s.compiler.ut.alive, 'strict: the other threads run on');
  check.that(s.sink.records.slice(from).some((r) => r.kind === 'syscall.refused' && r.detail?.['action'] === 'kill-thread'),
    'strict: a syscall.refused record with action kill-thread');
  check.that(pageKey(s, s.region.start) === key, 'strict: the code pages keep their key');
  return check.verdict('raw pkey_mprotect from JIT code');
}

if (isEntry('raw-pkey-mprotect')) process.exitCode = main();
