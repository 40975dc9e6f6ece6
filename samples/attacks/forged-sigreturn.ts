/**
 * Attack: a forged signal frame.  rt_sigreturn trusts the frame on the user stack: it restores
 * the registers and XRSTORs the FPU state the frame points at, PKRU included (spec L-11, P-17).
 * JIT code builds a fake rt_sigframe on its own stack whose uc_mcontext.fpstate is NULL, points
 * the saved RIP at the next instruction and calls rt_sigreturn without any signal pending.
 * (With fpstate NULL Linux loads init_pkru_value, fpu__restore_sig -> fpu__clear_user_states,
 * so this frame would land with every key but 0 disabled; a forger after PKRU 0 points fpstate
 * at its own XSAVE image instead.  Either way the call itself is what the SDK refuses.)
 *
 * The policy sets `allowSyscall: true` so the code seals (by default SYSCALL is refused at seal).
 *
 * Stopped by: the executor system-call filter.  rt_sigreturn is not a runtime call (executors
 * cannot install handlers, and the SDK's handlers return through the kernel directly), so it
 * is refused with EPERM and recorded as `syscall.refused`.
 *
 * The SDK runs JIT code only on threads whose role cannot write code, and refuses compiler and
 * runtime threads outright (ROLE).  A custom role without write rights on code may enter, and
 * carries the same system-call allowlist as executors, so the forged frame is refused there too.
 * The sample shows all three.
 *
 * Run it alone with `node dist/samples/attacks/forged-sigreturn.js` (after `npm run build`).
 */
import { eax, ecx, qword, rax, rcx, rip, rsp } from '../../jit/x64/index.js';
import { Errno, SYS } from '../../mpk-hw/index.js';
import { FRAME_SIZE, MC_FPSTATE, MC_RIP, UC_MCONTEXT } from '../../mpk-hw/kernel/sigframe.js';
import type { Role } from '../../sdk/policy.js';
import type { Expected } from '../index.js';
import { Checks, isEntry, lab, mark, message, printRecords, publish, thrown, type Lab, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'JIT code forges a signal frame with PKRU 0 and calls rt_sigreturn: EPERM on every thread that may run JIT code',
  contains: ['executor: rax = -1 (EPERM)', 'name=rt_sigreturn action=EPERM', 'code=ROLE', '(custom role): rax = -1',
    'STOPPED: forged sigreturn frame'],
};

/** A custom role that cannot write code: the SDK lets it run JIT code, under the executors' allowlist. */
const WORKER: Role = { name: 'worker', rights: { code: 'none', runtimeData: 'read' } };

/** Bytes of stack the fake frame takes (a whole number of qwords, at least FRAME_SIZE). */
const ROOM = 512;
/** rt_sigreturn reads the frame at RSP - 8 (the restorer has popped pretcode), so slot X of the frame is at [rsp + X - 8]. */
const slot = (offset: number): number => offset - 8;
/** Index of RSP in sigcontext's register order (r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp). */
const MC_RSP = UC_MCONTEXT + 8 * 15;

/** The attack: zero a fake frame, set its RIP and RSP, fpstate = NULL, rt_sigreturn; returns rax or, if it worked, PKRU. */
function emitForger(l: Lab): ReturnType<typeof publish> {
  if (ROOM < FRAME_SIZE) throw new Error('the fake frame needs more room');
  return publish(l, 'forged-frame', (x) => {
    const zero = x.newLabel();
    const landed = x.newLabel();
    x.sub(rsp, ROOM).xor(eax, eax).mov(ecx, ROOM / 8);
    x.bind(zero).mov(qword({ base: rsp, index: rcx, scale: 8, disp: -8 }), rax).dec(ecx).jcc('ne', zero);
    // fpstate stays 0: the kernel then loads the init FPU state and init_pkru_value.
    x.lea(rax, rip(landed)).mov(qword({ base: rsp, disp: slot(MC_RIP) }), rax);
    x.lea(rax, qword({ base: rsp, disp: ROOM })).mov(qword({ base: rsp, disp: slot(MC_RSP) }), rax);
    x.mov(eax, SYS.rt_sigreturn).syscall();
    x.add(rsp, ROOM).ret(); // refused: rax = -errno
    x.bind(landed).xor(ecx, ecx).rdpkru().ret(); // the frame was taken: return the PKRU it loaded
  });
}

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const check = new Checks(print);
  const l = lab({ allowSyscall: true }, instrument);
  const f = emitForger(l);
  print(`${f.id}: a ${ROOM}-byte fake rt_sigframe on the stack, fpstate (frame+${MC_FPSTATE}) = NULL, then rt_sigreturn`);
  let from = mark(l);
  const rax = BigInt.asIntN(64, l.sbx.enter(l.executor, f).rax);
  print(`executor: rax = ${rax}${rax === BigInt(-Errno.EPERM) ? ' (EPERM)' : ''}; PKRU after 0x${l.executor.ut.rdpkru().toString(16)}`);
  printRecords(l, from, print);
  check.that(rax === BigInt(-Errno.EPERM), 'rt_sigreturn from JIT code on an executor returns -EPERM');
  check.that(l.sink.records.slice(from).some((r) => r.kind === 'syscall.refused' && r.detail?.['name'] === 'rt_sigreturn'),
    'a syscall.refused record names rt_sigreturn');
  check.that(l.executor.ut.rdpkru() === l.executor.shadow, "the executor's PKRU is still the SDK's (no unaudited change)");

  // A runtime thread has no system-call allowlist, so the SDK does not run JIT code on it.
  const runtime = l.sbx.spawn(l.sbx.owner, 'runtime');
  from = mark(l);
  const refused = thrown(() => l.sbx.enter(runtime, f));
  print(`runtime thread ${runtime.tid}: ${message(refused)}`);
  printRecords(l, from, print);
  check.that(l.sink.records.slice(from).some((r) => r.kind === 'violation' && r.detail?.['code'] === 'ROLE'),
    'the SDK refuses to run JIT code on a runtime thread (violation ROLE)');

  // A custom role that cannot write code may run JIT code too, and carries the same allowlist.
  const worker = l.sbx.spawn(l.sbx.owner, WORKER);
  from = mark(l);
  const got = l.sbx.enter(worker, f).rax;
  print(`${worker.roleName} thread ${worker.tid} (custom role): rax = ${BigInt.asIntN(64, got)}; PKRU after 0x${worker.ut.rdpkru().toString(16)}`);
  printRecords(l, from, print);
  check.that(BigInt.asIntN(64, got) === BigInt(-Errno.EPERM) && l.sink.records.slice(from).some((r) => r.kind === 'syscall.refused' && r.tid === worker.tid),
    'a custom role that runs JIT code is filtered like an executor: rt_sigreturn refused with EPERM');
  return check.verdict('forged sigreturn frame');
}

if (isEntry('forged-sigreturn')) process.exitCode = main();
