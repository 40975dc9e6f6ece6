/**
 * Signal delivery and rt_sigreturn at their edges (mpk-hw/kernel/signals.ts): issue 13 rows
 * 1, 3, 5, 8, 9.  Each case names the Linux function it follows.
 */
import { describe, expect, it } from 'vitest';
import {
  Errno, Gpr, MINSIGSTKSZ, Machine, PAGE_SIZE, PKRU_LINUX_INIT, PROT_READ, PROT_WRITE, SA_NODEFER, SA_ONSTACK,
  SA_SIGINFO, SEGV_ACCERR, SIGSEGV, SIGUSR1, SI_KERNEL, SS_AUTODISARM, SS_DISABLE, SYS, TaskGone, type HandlerContext, type UserThread,
} from '../../../mpk-hw/index.js';
import { FRAME_SIZE, MC_CR2, MC_ERR, MC_FPSTATE, MC_TRAPNO, UC_MCONTEXT } from '../../../mpk-hw/kernel/sigframe.js';

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

/** An address below mmap_min_addr: never mapped. */
const UNMAPPED = 0x2000;

/** Runs `fn` and returns the TaskGone it throws, or null. */
function gone(fn: () => void): TaskGone | null {
  try { fn(); } catch (e) { if (e instanceof TaskGone) return e; throw e; }
  return null;
}

/** What a SIGSEGV handler saw: si_code, si_addr and the PKRU slot of its frame. */
interface Seen { code: number; addr: number; slot: number }
function catchSegv(t: UserThread, flags = 0): Seen[] {
  const seen: Seen[] = [];
  t.sigaction(SIGSEGV, (ctx: HandlerContext) => {
    const si = ctx.readSiginfo();
    seen.push({ code: si.code, addr: si.addr, slot: ctx.thread.read32(ctx.pkruSlotAddr) });
  }, { flags });
  return seen;
}

describe('frames that cannot be used are a catchable SIGSEGV (issue 13 row 3)', () => {
  // arch/x86/kernel/signal_64.c rt_sigreturn `badframe:` -> arch/x86/kernel/signal.c signal_fault
  // -> force_sig(SIGSEGV): SI_KERNEL, delivered on return to user mode, so a handler catches it.
  it('rt_sigreturn with RSP on an unmapped page: SIGSEGV (SI_KERNEL) reaches an altstack handler, the process lives', () => {
    const t = new Machine().spawn();
    const alt = t.mmap(0, 4 * PAGE_SIZE, RW);
    expect(t.sigaltstack(alt, 4 * PAGE_SIZE)).toBe(0);
    const seen = catchSegv(t, SA_ONSTACK); // the bogus RSP cannot take its frame
    const rsp = t.rsp;
    t.task.regs.setNum(Gpr.RSP, UNMAPPED + 8);
    expect(gone(() => t.syscall(SYS.rt_sigreturn))).toBeNull();
    expect(seen.map((s) => [s.code, s.addr])).toEqual([[SI_KERNEL, 0]]);
    expect(t.alive).toBe(true);
    t.task.regs.setNum(Gpr.RSP, rsp);
  });

  it('the same with SIGSEGV at its default action kills the process with SIGSEGV', () => {
    const t = new Machine().spawn();
    t.task.regs.setNum(Gpr.RSP, UNMAPPED + 8);
    const err = gone(() => t.syscall(SYS.rt_sigreturn));
    expect([err?.status?.signal, err?.status?.info?.code]).toEqual([SIGSEGV, SI_KERNEL]);
  });

  // arch/x86/kernel/fpu/signal.c fpu__restore_sig: a failed restore also goes through
  // fpu__clear_user_states, so the SIGSEGV frame records PKRU = init_pkru_value.
  it('an unreadable fpstate: SIGSEGV whose frame carries init_pkru_value as the interrupted PKRU', () => {
    const t = new Machine().spawn();
    const seen = catchSegv(t);
    t.wrpkru(0);
    sigreturnWith(t, UNMAPPED);
    expect(seen).toEqual([{ code: SI_KERNEL, addr: 0, slot: PKRU_LINUX_INIT }]);
    expect(t.rdpkru()).toBe(PKRU_LINUX_INIT);
  });

  // kernel/signal.c signal_setup_done(failed) -> force_sigsegv(sig): force_sig(SIGSEGV) unless
  // sig is SIGSEGV itself (then fatal).
  it('a SIGUSR1 frame that cannot be written: a SIGSEGV handler on the altstack catches it', () => {
    const t = new Machine().spawn();
    const alt = t.mmap(0, 4 * PAGE_SIZE, RW);
    expect(t.sigaltstack(alt, 4 * PAGE_SIZE)).toBe(0);
    const seen = catchSegv(t, SA_ONSTACK);
    const usr1: number[] = [];
    t.sigaction(SIGUSR1, () => { usr1.push(1); });
    const ro = t.mmap(0, PAGE_SIZE, PROT_READ);
    const rsp = t.rsp;
    t.task.regs.setNum(Gpr.RSP, ro + PAGE_SIZE);
    expect(gone(() => t.raise(SIGUSR1))).toBeNull();
    t.task.regs.setNum(Gpr.RSP, rsp);
    expect(usr1).toEqual([]);
    expect(seen.map((s) => s.code)).toEqual([SI_KERNEL]);
    expect(t.alive).toBe(true);
  });

  it('a SIGSEGV frame that cannot be written is fatal even with a handler', () => {
    const t = new Machine().spawn();
    const seen = catchSegv(t);
    const ro = t.mmap(0, PAGE_SIZE, PROT_READ);
    t.task.regs.setNum(Gpr.RSP, ro + PAGE_SIZE);
    const err = gone(() => t.raise(SIGSEGV));
    expect(seen).toEqual([]);
    expect([err?.status?.signal, err?.status?.info?.code]).toEqual([SIGSEGV, SI_KERNEL]);
  });

  // arch/x86/kernel/signal_64.c x64_setup_rt_frame: "x86-64 should always use SA_RESTORER"
  // -> -EFAULT before get_sigframe (nothing written) -> force_sigsegv(SIGUSR1).
  it('a guest handler installed without SA_RESTORER: setup fails, SIGSEGV is forced and caught', () => {
    const t = new Machine().spawn();
    const alt = t.mmap(0, 4 * PAGE_SIZE, RW);
    expect(t.sigaltstack(alt, 4 * PAGE_SIZE)).toBe(0);
    const seen = catchSegv(t, SA_ONSTACK); // its frame goes to the altstack, so the stack shows what SIGUSR1 wrote
    const act = t.mmap(0, PAGE_SIZE, RW);
    t.write64(act, 0x400000n); // sa_handler: never entered
    t.write64(act + 8, BigInt(SA_SIGINFO));
    expect(t.syscall(SYS.rt_sigaction, SIGUSR1, act, 0, 8)).toBe(0);
    const below = t.rsp - PAGE_SIZE;
    const before = t.read(below, PAGE_SIZE - 128);
    expect(gone(() => t.raise(SIGUSR1))).toBeNull();
    expect(seen.map((s) => s.code)).toEqual([SI_KERNEL]);
    expect(t.task.regs.rip).not.toBe(0x400000);
    expect(t.alive).toBe(true);
    expect(t.read(below, PAGE_SIZE - 128)).toEqual(before); // nothing written below the red zone
  });
});

describe('a frame that does not fit the altstack (issue 13 row 5)', () => {
  // arch/x86/kernel/signal.c get_sigframe: "If we are on the alternate signal stack and would
  // overflow it, don't": (nested_altstack || entering_altstack) && !__on_sig_stack(sp) -> -1L,
  // before copy_fpstate_to_sigframe, so nothing is written; then force_sigsegv(sig).
  it('a MINSIGSTKSZ altstack is accepted; the ~3.1 KB frame is refused: SIGSEGV, nothing written below it', () => {
    const t = new Machine().spawn();
    const region = t.mmap(0, 4 * PAGE_SIZE, RW);
    const alt = region + 3 * PAGE_SIZE;
    expect(t.sigaltstack(alt, MINSIGSTKSZ)).toBe(0);
    const usr1: number[] = [];
    t.sigaction(SIGUSR1, () => { usr1.push(1); }, { flags: SA_ONSTACK });
    const seen = catchSegv(t); // on the thread's stack
    expect(gone(() => t.raise(SIGUSR1))).toBeNull();
    expect(usr1).toEqual([]);
    expect(seen.map((s) => s.code)).toEqual([SI_KERNEL]);
    expect(t.read(region, 3 * PAGE_SIZE + MINSIGSTKSZ).every((b) => b === 0)).toBe(true);
  });

  it('without a SIGSEGV handler the overflow kills the process with SIGSEGV', () => {
    const t = new Machine().spawn();
    const alt = t.mmap(0, PAGE_SIZE, RW);
    expect(t.sigaltstack(alt, MINSIGSTKSZ)).toBe(0);
    t.sigaction(SIGUSR1, () => undefined, { flags: SA_ONSTACK });
    const err = gone(() => t.raise(SIGUSR1));
    expect([err?.status?.signal, err?.status?.info?.code]).toEqual([SIGSEGV, SI_KERNEL]);
  });

  // The forced SIGSEGV is nested on the altstack as well (its sp is there), does not fit either,
  // and a SIGSEGV whose frame fails is fatal.
  it('a nested signal that would run off the bottom of the altstack is refused too, and is fatal', () => {
    const t = new Machine().spawn();
    const region = t.mmap(0, 4 * PAGE_SIZE, RW);
    const alt = region + 2 * PAGE_SIZE;
    expect(t.sigaltstack(alt, 4096 + 1024)).toBe(0); // room for one frame, not two
    const depth: number[] = [];
    t.sigaction(SIGUSR1, (ctx) => {
      depth.push(ctx.frameAddr - alt);
      if (depth.length === 1) ctx.thread.raise(SIGUSR1);
    }, { flags: SA_ONSTACK | SA_NODEFER });
    const seen = catchSegv(t);
    const err = gone(() => t.raise(SIGUSR1));
    expect(depth).toHaveLength(1);
    expect(seen).toEqual([]);
    expect([err?.status?.signal, err?.status?.info?.code]).toEqual([SIGSEGV, SI_KERNEL]);
  });
});

/** sigaltstack(NULL, &oss): [ss_sp, ss_flags (as u32), ss_size]. */
function queryAltstack(t: UserThread): number[] {
  const oss = t.scratch();
  expect(t.syscall(SYS.sigaltstack, 0, oss)).toBe(0);
  return [Number(t.read64(oss)), t.read32(oss + 8), Number(t.read64(oss + 16))];
}

describe('SS_AUTODISARM (issue 13 row 8)', () => {
  // kernel/signal.c signal_delivered: `if (current->sas_ss_flags & SS_AUTODISARM) sas_ss_reset(current)`
  // after __save_altstack put the settings in uc_stack; rt_sigreturn's restore_altstack re-arms them.
  it('the handler sees SS_DISABLE, the frame keeps the settings, sigreturn re-arms the altstack', () => {
    const t = new Machine().spawn();
    const alt = t.mmap(0, 4 * PAGE_SIZE, RW);
    expect(t.sigaltstack(alt, 4 * PAGE_SIZE, SS_AUTODISARM)).toBe(0);
    expect(queryAltstack(t)).toEqual([alt, SS_AUTODISARM, 4 * PAGE_SIZE]);
    const inside: number[][] = [];
    let ucStack: number[] = [];
    let onAlt = false;
    t.sigaction(SIGUSR1, (ctx) => {
      onAlt = ctx.frameAddr > alt && ctx.frameAddr < alt + 4 * PAGE_SIZE;
      inside.push(queryAltstack(ctx.thread));
      const uc = ctx.ucontextAddr + 16; // uc_stack
      ucStack = [Number(ctx.thread.read64(uc)), ctx.thread.read32(uc + 8), Number(ctx.thread.read64(uc + 16))];
    }, { flags: SA_ONSTACK });
    t.raise(SIGUSR1);
    expect(onAlt).toBe(true);
    expect(inside).toEqual([[0, SS_DISABLE, 0]]);
    expect(ucStack).toEqual([alt, SS_AUTODISARM, 4 * PAGE_SIZE]);
    expect(queryAltstack(t)).toEqual([alt, SS_AUTODISARM, 4 * PAGE_SIZE]);
  });

  // include/linux/sched/signal.h on_sig_stack: an SS_AUTODISARM stack is never "the one we are on",
  // so a handler running on it may install another altstack (no -EPERM).
  it('a handler on a disarmed altstack may call sigaltstack; without SS_AUTODISARM it gets -EPERM', () => {
    for (const [flags, want] of [[SS_AUTODISARM, 0], [0, -Errno.EPERM]] as const) {
      const t = new Machine().spawn();
      const alt = t.mmap(0, 4 * PAGE_SIZE, RW);
      const other = t.mmap(0, 4 * PAGE_SIZE, RW);
      expect(t.sigaltstack(alt, 4 * PAGE_SIZE, flags)).toBe(0);
      const r: number[] = [];
      t.sigaction(SIGUSR1, (ctx) => { r.push(ctx.thread.sigaltstack(other, 4 * PAGE_SIZE)); }, { flags: SA_ONSTACK });
      t.raise(SIGUSR1);
      expect(r).toEqual([want]);
    }
  });

  it('a frame records SS_DISABLE in uc_stack.ss_flags when no altstack is set', () => {
    const t = new Machine().spawn();
    const seen: number[] = [];
    t.sigaction(SIGUSR1, (ctx) => { seen.push(ctx.thread.read32(ctx.ucontextAddr + 16 + 8)); });
    t.raise(SIGUSR1);
    expect(seen).toEqual([SS_DISABLE]);
  });
});

describe('uc_mcontext trapno, err and cr2 come from the thread (issue 13 row 9)', () => {
  /** trapno, err and cr2 of a frame. */
  const trapInfo = (ctx: HandlerContext): number[] =>
    [MC_TRAPNO, MC_ERR, MC_CR2].map((o) => Number(ctx.thread.read64(ctx.frameAddr + o)));

  // arch/x86/kernel/traps.c gp_user_force_sig_segv: thread.trap_nr = 13 (X86_TRAP_GP),
  // thread.error_code = 0 (#GP(0)), force_sig(SIGSEGV); thread.cr2 is left as it was.
  // arch/x86/kernel/signal_64.c setup_sigcontext copies thread.trap_nr/error_code/cr2 to the frame.
  it('#GP from WRPKRU with ECX != 0: trapno 13, err 0, cr2 still the last page fault\'s', () => {
    const t = new Machine().spawn();
    const c = t.clone(); // the #GP repeats on retry: its handler ends this thread
    const p = c.mmap(0, PAGE_SIZE, PROT_READ);
    const seen: number[][] = [];
    c.sigaction(SIGSEGV, (ctx) => {
      seen.push([ctx.readSiginfo().code, ...trapInfo(ctx)]);
      if (seen.length === 1) expect(ctx.thread.mprotect(p, PAGE_SIZE, RW)).toBe(0); // the store then retires
      else ctx.thread.exit(0);
    });
    c.write32(p, 1); // #PF, a write to a read-only area's not-present page: trapno 14, err W|U, cr2 = p
    expect(gone(() => c.wrpkru(0, 1, 0))?.status).toBeNull(); // only the thread ended
    expect(seen).toEqual([[SEGV_ACCERR, 14, 0x6, p], [SI_KERNEL, 13, 0, p]]);
    expect(t.alive).toBe(true);
  });

  it('a signal sent with tkill carries the thread\'s trap state as it stands (0 before any trap)', () => {
    const t = new Machine().spawn();
    const seen: number[][] = [];
    t.sigaction(SIGUSR1, (ctx) => { seen.push(trapInfo(ctx)); });
    t.raise(SIGUSR1);
    expect(seen).toEqual([[0, 0, 0]]);
  });
});
