/**
 * Signal delivery and rt_sigreturn with PKRU (mpk-hw/kernel/signals.ts).  Spec L-9, L-10,
 * L-11, P-4, P-5, P-6; pkey_sighandler_tests.c tests 1, 3, 4, 5.
 */
import { describe, expect, it } from 'vitest';
import {
  Errno, MINSIGSTKSZ, Machine, PAGE_SIZE, PKRU_LINUX_INIT, PROT_READ, PROT_WRITE, SA_ONSTACK, SEGV_MAPERR,
  SEGV_PKUERR, SIGSEGV, SIGUSR1, SIGUSR2, SI_KERNEL, SI_TKILL, SS_DISABLE, TaskGone, XFEATURE_MASK_PKRU,
  XSAVE_HEADER_OFFSET, type HandlerContext, type MachineOptions, type UserThread,
} from '../../../mpk-hw/index.js';

const RW = PROT_READ | PROT_WRITE;

/** What a handler observed. */
interface Observed { signo: number; code: number; addr: number; slot: number; xstateBv: number; pkru: number }

function observe(ctx: HandlerContext): Observed {
  const si = ctx.readSiginfo();
  return { signo: si.signo, code: si.code, addr: si.addr, slot: ctx.thread.read32(ctx.pkruSlotAddr),
    xstateBv: ctx.thread.read32(ctx.fpstateAddr + XSAVE_HEADER_OFFSET), pkru: ctx.thread.rdpkru() };
}

/** Raises SIGUSR1 with PKRU `pkru`; `edit` may change the frame; returns what the handler saw and PKRU after. */
function roundTrip(opts: MachineOptions, pkru: number, edit?: (ctx: HandlerContext) => void): { seen: Observed[]; after: number } {
  const t = new Machine(opts).spawn();
  const seen: Observed[] = [];
  t.sigaction(SIGUSR1, (ctx) => {
    seen.push(observe(ctx));
    edit?.(ctx);
  });
  t.wrpkru(pkru);
  expect(t.raise(SIGUSR1)).toBe(0);
  return { seen, after: t.rdpkru() };
}

/** Runs `fn` and returns the TaskGone it throws (or fails). */
function gone(fn: () => void): TaskGone {
  try { fn(); } catch (e) { if (e instanceof TaskGone) return e; throw e; }
  throw new Error('expected TaskGone');
}

describe('signal frame PKRU round trip (L-10, L-11, P-4)', () => {
  it('slot = interrupted PKRU, XSTATE_BV[9] set, handler PKRU = init, PKRU restored on return', () => {
    const { seen, after } = roundTrip({}, 0x5555aa50);
    expect(seen).toHaveLength(1);
    const o = seen[0] as Observed;
    expect(o.slot).toBe(0x5555aa50);
    expect(o.xstateBv & XFEATURE_MASK_PKRU).toBe(XFEATURE_MASK_PKRU);
    expect(o.pkru).toBe(PKRU_LINUX_INIT);
    expect([o.signo, o.code]).toEqual([SIGUSR1, SI_TKILL]);
    expect(after).toBe(0x5555aa50);
  });

  it('the PKRU slot sits at fpstate + CPUID.(0DH,9).EBX', () => {
    const m = new Machine({ pkruXstateOffset: 0x400 });
    const t = m.spawn();
    const offs: number[] = [];
    t.sigaction(SIGUSR1, (ctx) => { offs.push(ctx.pkruSlotAddr - ctx.fpstateAddr, ctx.fpstateAddr % 64); });
    t.raise(SIGUSR1);
    expect(offs).toEqual([m.cpuid(0xd, 9).ebx, 0]);
    expect(offs[0]).toBe(0x400);
  });

  it('a custom init_pkru is the new process\'s PKRU and the handler\'s', () => {
    const m = new Machine({ initPkru: 0x55555550 });
    expect(m.spawn().rdpkru()).toBe(0x55555550);
    const { seen, after } = roundTrip({ initPkru: 0x55555550 }, 0xc);
    expect(seen.map((o) => [o.pkru, o.slot])).toEqual([[0x55555550, 0xc]]);
    expect(after).toBe(0xc);
  });

  it('a handler that edits the slot changes the PKRU returned to', () => {
    const { after } = roundTrip({}, 0x55555554, (ctx) => ctx.thread.write32(ctx.pkruSlotAddr, 0x12345678));
    expect(after).toBe(0x12345678);
  });

  it('clearing XSTATE_BV[9] in the frame makes sigreturn load PKRU 0 (init), ignoring the slot', () => {
    const { after } = roundTrip({}, 0x55555554, (ctx) => {
      const at = ctx.fpstateAddr + XSAVE_HEADER_OFFSET;
      ctx.thread.write32(at, ctx.thread.read32(at) & ~XFEATURE_MASK_PKRU);
      ctx.thread.write32(ctx.pkruSlotAddr, 0x12345678);
    });
    expect(after).toBe(0);
  });

  it('raise(SIGUSR1) with PKRU 0x55551514 returns with RDPKRU 0x55551514 (sighandler test 4)', () => {
    const { seen, after } = roundTrip({}, 0x55551514);
    expect(seen.map((o) => o.signo)).toEqual([SIGUSR1]);
    expect(after).toBe(0x55551514);
  });

  it('a pkey fault\'s frame carries the faulting PKRU, non-zero (protection_keys.c signal_handler)', () => {
    const t = new Machine().spawn();
    const p = t.mmap(0, PAGE_SIZE, RW);
    const k = t.pkeyAlloc(0, 1);
    expect(t.pkeyMprotect(p, PAGE_SIZE, RW, k)).toBe(0);
    const seen: Observed[] = [];
    t.sigaction(SIGSEGV, (ctx) => { seen.push(observe(ctx)); ctx.thread.write32(ctx.pkruSlotAddr, 0); });
    t.write32(p, 1);
    expect(seen.map((o) => [o.code, o.addr, o.slot])).toEqual([[SEGV_PKUERR, p, 0x55555550 | 0x4]]);
    expect(t.rdpkru()).toBe(0);
  });

  it.each<['linux-6.12' | 'pre-6.12', number, number]>([['linux-6.12', XFEATURE_MASK_PKRU, 0x4], ['pre-6.12', 0, 0]])(
    'AMD after WRPKRU(0), %s: XSTATE_BV[9] = %i, PKRU after an edited slot = %i (P-6, ae6012d72fa6)', (mode, bv, want) => {
      const { seen, after } = roundTrip({ vendor: 'amd', signalDelivery: mode }, 0, (ctx) => ctx.thread.write32(ctx.pkruSlotAddr, 0x4));
      expect(seen.map((o) => o.xstateBv & XFEATURE_MASK_PKRU)).toEqual([bv]);
      expect(after).toBe(want);
    });
});

describe('frames on memory the interrupted PKRU denies (P-5)', () => {
  /** A second thread with PKRU 0x55555555 stores to NULL; its handler records and exits the thread. */
  function storeToNull(mode: 'linux-6.12' | 'pre-6.12'): { t: UserThread; c: UserThread; seen: Observed[]; err: TaskGone } {
    const t = new Machine({ signalDelivery: mode }).spawn();
    const seen: Observed[] = [];
    t.sigaction(SIGSEGV, (ctx) => { seen.push(observe(ctx)); ctx.thread.exit(0); });
    const c = t.clone();
    c.wrpkru(0x55555555);
    const err = gone(() => c.write32(0, 1));
    return { t, c, seen, err };
  }

  it('6.12+: the handler runs (frame written with PKRU 0) and sees SEGV_MAPERR at NULL (sighandler test 1)', () => {
    const { t, c, seen, err } = storeToNull('linux-6.12');
    expect(seen).toEqual([{ signo: SIGSEGV, code: SEGV_MAPERR, addr: 0, slot: 0x55555555, xstateBv: expect.any(Number) as number, pkru: PKRU_LINUX_INIT }]);
    expect(err.status).toBeNull(); // only the thread exited
    expect([c.alive, t.alive]).toEqual([false, true]);
  });

  it('pre-6.12: the frame cannot be written and the process dies of SIGSEGV', () => {
    const { t, seen, err } = storeToNull('pre-6.12');
    expect(seen).toEqual([]);
    expect(err.status?.signal).toBe(SIGSEGV);
    expect(err.status?.info?.code).toBe(SI_KERNEL);
    expect(t.alive).toBe(false);
  });

  /** Sighandler test 5: stack keyed 2, key-0 altstack, thread PKRU allows only key 2, tkill(SIGUSR2). */
  function altstackCase(mode: 'linux-6.12' | 'pre-6.12'): { c: UserThread; frames: number[]; alt: number; err: TaskGone | null } {
    const t = new Machine({ signalDelivery: mode }).spawn();
    expect(t.pkeyAlloc()).toBe(1);
    expect(t.pkeyAlloc()).toBe(2);
    const stack = t.mmap(0, 16 * PAGE_SIZE, RW);
    expect(t.pkeyMprotect(stack, 16 * PAGE_SIZE, RW, 2)).toBe(0);
    const alt = t.mmap(0, 4 * PAGE_SIZE, RW);
    const frames: number[] = [];
    t.sigaction(SIGUSR2, (ctx) => { frames.push(ctx.frameAddr, ctx.thread.rdpkru()); }, { flags: SA_ONSTACK });
    const c = t.clone(stack + 16 * PAGE_SIZE);
    expect(c.sigaltstack(alt, 4 * PAGE_SIZE)).toBe(0);
    c.wrpkru(0x55555545);
    let err: TaskGone | null = null;
    try { c.raise(SIGUSR2); } catch (e) { if (!(e instanceof TaskGone)) throw e; err = e; }
    return { c, frames, alt, err };
  }

  it('6.12+: frame on the key-0 altstack, altstack restored before PKRU, thread resumes with 0x55555545', () => {
    const { c, frames, alt, err } = altstackCase('linux-6.12');
    expect(err).toBeNull();
    expect(frames).toHaveLength(2);
    const [frame = 0, pkru] = frames;
    expect(frame >= alt && frame < alt + 4 * PAGE_SIZE).toBe(true);
    expect(pkru).toBe(PKRU_LINUX_INIT);
    expect(c.rdpkru()).toBe(0x55555545);
  });

  it('pre-6.12: the same case is fatal', () => {
    const { c, frames, err } = altstackCase('pre-6.12');
    expect(frames).toEqual([]);
    expect(err?.status?.signal).toBe(SIGSEGV);
    expect(c.alive).toBe(false);
  });
});

describe('sigaltstack errors', () => {
  it.each([
    ['size < MINSIGSTKSZ', MINSIGSTKSZ - 1, 0, -Errno.ENOMEM],
    ['size MINSIGSTKSZ', MINSIGSTKSZ, 0, 0],
    ['flags 4', 8192, 4, -Errno.EINVAL],
    ['flags SS_ONSTACK|SS_DISABLE', 8192, 3, -Errno.EINVAL],
    ['SS_DISABLE with size 0', 0, SS_DISABLE, 0],
  ])('%s -> %i', (_n, size, flags, want) => {
    const t = new Machine().spawn();
    const alt = t.mmap(0, 4 * PAGE_SIZE, RW);
    expect(t.sigaltstack(alt, size, flags)).toBe(want);
  });

  it('-EPERM while running on the alternate stack', () => {
    const t = new Machine().spawn();
    const alt = t.mmap(0, 4 * PAGE_SIZE, RW);
    expect(t.sigaltstack(alt, 4 * PAGE_SIZE)).toBe(0);
    const r: number[] = [];
    t.sigaction(SIGUSR1, (ctx) => { r.push(ctx.thread.sigaltstack(alt, 8192)); }, { flags: SA_ONSTACK });
    t.raise(SIGUSR1);
    expect(r).toEqual([-Errno.EPERM]);
  });
});
