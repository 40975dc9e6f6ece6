import { describe, expect, it } from 'vitest';
import { Machine, PROT_READ, PROT_WRITE, PROT_EXEC, SIGSEGV, SIGILL, SIGFPE, SIGTRAP, SA_SIGINFO, SA_RESTORER, SEGV_PKUERR, PKEY_DISABLE_ACCESS, SYS, type UserThread } from '../../mpk-hw/index.js';
import { Assembler, eax, ecx, edx, rax, rcx, rdi, rdx, qword, dword } from '../../jit/x64/index.js';

function load(t: UserThread, code: Uint8Array, prot = PROT_READ | PROT_EXEC): number {
  const p = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
  t.write(p, code);
  expect(t.mprotect(p, 4096, prot)).toBe(0);
  return p;
}

function fib(): Uint8Array {
  const a = new Assembler();
  const small = a.newLabel();
  const self = a.newLabel();
  a.bind(self).cmp(rdi, 2).jcc('b', small);
  a.push(rdi).sub(rdi, 1).call(self).pop(rdi).push(rax);
  a.sub(rdi, 2).call(self).pop(rdx).add(rax, rdx).ret();
  a.bind(small).mov(rax, rdi).ret();
  return a.finish();
}

describe('guest code on the CPU', () => {
  it('a host thread calls recursive fib and gets the answer', () => {
    const t = new Machine().spawn();
    const f = load(t, fib());
    const r = t.call(f, [20]);
    expect(r.rax).toBe(6765n);
    expect(r.instructions).toBeGreaterThan(10_000);
  });

  it('execute-only code (PROT_EXEC: the execute-only key) runs, but a load from it faults with SEGV_PKUERR', () => {
    const t = new Machine().spawn();
    const a = new Assembler();
    a.mov(rax, qword(rdi)).ret();
    const reader = load(t, a.finish());
    const f = load(t, fib(), PROT_EXEC);
    expect(t.call(f, [10]).rax).toBe(55n);
    const codes: number[] = [];
    t.sigaction(SIGSEGV, (ctx) => { codes.push(ctx.readSiginfo().code); ctx.thread.exit(0); });
    expect(() => t.call(reader, [f])).toThrow(/exited/);
    expect(codes).toEqual([SEGV_PKUERR]);
  });

  it('guest system calls and WRPKRU: code that denies itself a data key then faults on it', () => {
    const m = new Machine();
    const t = m.spawn();
    const data = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
    const key = t.pkeyAlloc(0, 0);
    t.pkeyMprotect(data, 4096, PROT_READ | PROT_WRITE, key);
    const a = new Assembler();
    a.mov(eax, SYS.getpid).syscall().ret();
    expect(t.call(load(t, a.finish())).rax).toBe(BigInt(t.pid));
    // Guest code: PKRU <- AD for `key` (plus key 0 open), then load from the keyed page.
    const b = new Assembler();
    b.mov(eax, 0x55555554 | (PKEY_DISABLE_ACCESS << (2 * key))).xor(ecx, ecx).xor(edx, edx).wrpkru();
    b.mov(rax, qword(rdi)).ret();
    const entry = load(t, b.finish());
    t.write32(data, 0xabcd);
    const seen: Array<[number, number, number]> = [];
    t.sigaction(SIGSEGV, (ctx) => {
      const si = ctx.readSiginfo();
      seen.push([si.code, si.pkey, ctx.thread.read32(ctx.pkruSlotAddr)]);
      ctx.thread.write32(ctx.pkruSlotAddr, 0x55555554 & ~(3 << (2 * key))); // re-execute with the key open
    });
    expect(t.call(entry, [data], { budget: 1000 }).rax).toBe(0xabcdn);
    expect(seen).toEqual([[SEGV_PKUERR, key, 0x55555554 | (PKEY_DISABLE_ACCESS << (2 * key))]]);
    expect(t.rdpkru()).toBe(0x55555554 & ~(3 << (2 * key)));
    expect(m.cores.reduce((n, c) => n + c.stats.wrpkru, 0)).toBe(1);
  });

  it('a host access spanning many fresh pages takes one fault per page, however many pages', () => {
    const t = new Machine().spawn();
    const pages = 3 * new Machine().kernel.config.faultRetryLimit;
    const at = t.mmap(0, pages * 4096, PROT_READ | PROT_WRITE);
    const bytes = new Uint8Array(pages * 4096).map((_, i) => i & 0xff);
    t.write(at, bytes);
    expect(t.read(at, bytes.length)).toEqual(bytes);
    // A handler that never fixes its fault is still stopped on the host path.
    t.sigaction(SIGSEGV, () => undefined);
    expect(() => t.read(0x20000, 8)).toThrow(/faults in a row/);
  });

  it('a handler that opens one page and closes the other, forever, still reaches the fault-loop limit', () => {
    const t = new Machine().spawn();
    const at = t.mmap(0, 2 * 4096, PROT_READ | PROT_WRITE);
    t.mprotect(at, 2 * 4096, 0);
    let faults = 0;
    t.sigaction(SIGSEGV, (ctx) => {
      faults++;
      const page = ctx.readSiginfo().addr < at + 4096 ? at : at + 4096;
      const other = page === at ? at + 4096 : at;
      ctx.thread.mprotect(page, 4096, PROT_READ);
      ctx.thread.mprotect(other, 4096, 0);
    });
    expect(() => t.read(at + 4000, 200)).toThrow(/faults in a row/);
    expect(faults).toBeLessThan(1000);
  });

  it('a handler that never fixes the fault stops with FAULT_LOOP instead of spinning', () => {
    const t = new Machine().spawn();
    const a = new Assembler();
    a.mov(rax, qword(rdi)).ret();
    const entry = load(t, a.finish());
    t.sigaction(SIGSEGV, () => undefined);
    expect(() => t.call(entry, [0x20000])).toThrow(/FAULT_LOOP|faults in a row/);
  });
});

describe('guest signal handlers and traps', () => {
  it('a guest SIGSEGV handler edits the PKRU slot of its frame; rt_sigreturn through sa_restorer re-runs the load', () => {
    const m = new Machine();
    const t = m.spawn();
    const data = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
    const key = t.pkeyAlloc(0, 0);
    t.pkeyMprotect(data, 4096, PROT_READ | PROT_WRITE, key);
    t.write32(data, 77);
    const pkruOffset = m.cpuid(0xd, 9).ebx;
    const h = new Assembler();
    const restorer = h.newLabel();
    h.mov(rax, qword({ base: rdx, disp: 224 })); // ucontext->uc_mcontext.fpregs
    h.mov(dword({ base: rax, disp: pkruOffset }), 0).ret(); // PKRU slot = 0; return to sa_restorer
    h.bind(restorer).mov(eax, SYS.rt_sigreturn).syscall();
    const handlerCode = h.finish();
    const handler = load(t, handlerCode);
    const restorerAt = handler + h.instructions.find((i) => i.bytes[0] === 0xb8)!.offset;
    const act = t.scratch();
    t.write64(act, BigInt(handler));
    t.write64(act + 8, BigInt(SA_SIGINFO | SA_RESTORER));
    t.write64(act + 16, BigInt(restorerAt));
    t.write64(act + 24, 0n);
    expect(t.syscall(SYS.rt_sigaction, SIGSEGV, act, 0, 8)).toBe(0);
    const b = new Assembler();
    b.mov(eax, 0x55555554 | (1 << (2 * key))).xor(ecx, ecx).xor(edx, edx).wrpkru().mov(rax, qword(rdi)).ret();
    expect(t.call(load(t, b.finish()), [data]).rax).toBe(77n);
    expect(t.rdpkru()).toBe(0);
  });

  it.each([
    ['ud2', (a: Assembler) => a.ud2(), SIGILL],
    ['divide by zero', (a: Assembler) => a.xor(ecx, ecx).emit('div', rcx), SIGFPE],
    ['int3', (a: Assembler) => a.int3(), SIGTRAP],
  ])('%s without a handler kills the process with the right signal', (_n, build, sig) => {
    const t = new Machine().spawn();
    const a = new Assembler();
    build(a);
    a.ret();
    expect(() => t.call(load(t, a.finish()))).toThrow(/killed/);
    expect(t.task.process.exit?.signal).toBe(sig);
  });
});
