/**
 * Signal delivery and rt_sigreturn at their edges (mpk-hw/kernel/signals.ts): issue 13 rows
 * 1, 3, 5, 8, 9.  Each case names the Linux function it follows.
 */
import { describe, expect, it } from 'vitest';
import {
  Gpr, Machine, PAGE_SIZE, PKRU_LINUX_INIT, PROT_READ, PROT_WRITE, SYS, type UserThread,
} from '../../../mpk-hw/index.js';
import { FRAME_SIZE, MC_FPSTATE, UC_MCONTEXT } from '../../../mpk-hw/kernel/sigframe.js';

const RW = PROT_READ | PROT_WRITE;
/** Index of RSP in sigcontext's register order (r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp). */
const MC_RSP = UC_MCONTEXT + 8 * 15;

/**
 * Builds a zeroed rt_sigframe on a fresh page (saved RSP = the thread's RSP, fpstate = `fpstate`),
 * points RSP at it as sa_restorer would (frame + 8) and calls rt_sigreturn; returns the frame.
 */
function sigreturnWith(t: UserThread, fpstate: number): number {
  const frame = t.mmap(0, PAGE_SIZE, RW);
  t.write(frame, new Uint8Array(FRAME_SIZE));
  t.write64(frame + MC_RSP, BigInt(t.rsp));
  t.write64(frame + MC_FPSTATE, BigInt(fpstate));
  t.task.regs.setNum(Gpr.RSP, frame + 8);
  t.syscall(SYS.rt_sigreturn);
  return frame;
}

describe('rt_sigreturn FPU state (issue 13 row 1)', () => {
  // arch/x86/kernel/fpu/signal.c fpu__restore_sig: `if (!buf) { fpu__clear_user_states(fpu); return true; }`;
  // arch/x86/kernel/fpu/core.c fpu__clear_user_states -> restore_fpregs_from_init_fpstate -> pkru_write_default():
  // PKRU = init_pkru_value (0x55555554), not XRSTOR's hardware init value 0.
  it.each(['linux-6.12', 'pre-6.12'] as const)('%s: uc_mcontext.fpstate == NULL loads init_pkru_value, not 0', (mode) => {
    const t = new Machine({ signalDelivery: mode }).spawn();
    t.wrpkru(0x0000000c);
    sigreturnWith(t, 0);
    expect(t.alive).toBe(true);
    expect(t.rdpkru()).toBe(PKRU_LINUX_INIT);
  });

  it('fpstate == NULL loads the machine\'s init_pkru_value when it is not the default', () => {
    const t = new Machine({ initPkru: 0x55555550 }).spawn();
    t.wrpkru(0);
    sigreturnWith(t, 0);
    expect(t.rdpkru()).toBe(0x55555550);
  });
});
