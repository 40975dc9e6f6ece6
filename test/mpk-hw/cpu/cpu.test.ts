/**
 * The interpreter in the simulator only: precise faults (SDM Vol.3A 6.5), traps, SYSCALL,
 * #DE, the 15-byte limit, branch targets, and the speed of a tight loop.  Code is given as
 * bytes (with the objdump text in comments) so these tests need no host tools.
 */
import { describe, expect, it } from 'vitest';
import type { CpuExit } from '../../../mpk-hw/cpu/cpu.js';
import { Breakpoint, CpuException, DivideError, GeneralProtection, InvalidOpcode, PageFault } from '../../../mpk-hw/fault.js';
import { PROT_READ, PROT_WRITE } from '../../../mpk-hw/kernel/constants.js';
import { PF_P, PF_PK, PF_US, PF_WR } from '../../../mpk-hw/pf-error-code.js';
import { pkruWithKeyBits } from '../../../mpk-hw/pkru.js';
import { CODE, DATA, STACK_TOP, hexBytes, load, map, newSim, run, type Sim } from './sim.js';

const RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, R11 = 11;

function exception(e: CpuExit): CpuException {
  if (e.kind !== 'exception') throw new Error(`expected an exception, got ${e.kind}`);
  return e.exception;
}

/** A snapshot of everything an instruction could change, to check a fault changed nothing. */
function snapshot(s: Sim, va: number, n: number): string {
  const r = s.regs;
  const gprs = Array.from({ length: 16 }, (_, k) => r.get64(k).toString(16));
  return JSON.stringify([gprs, r.rip, r.rflags, [...r.xmm], r.mxcsr, s.hw.pkru, [...s.t.read(va, n)]]);
}

/** Maps a stack page tagged with a fresh key whose PKRU bits are `bits` (1 = AD, 2 = WD). */
function keyedPage(s: Sim, va: number, bits: number): number {
  map(s, va, 4096, PROT_READ | PROT_WRITE);
  const key = s.t.pkeyAlloc(0, 0);
  expect(s.t.pkeyMprotect(va, 4096, PROT_READ | PROT_WRITE, key)).toBe(0);
  s.m.kernel.ensureOnCpu(s.t.task);
  s.hw.kernelWritePkru(pkruWithKeyBits(0, key, bits));
  return key;
}

describe('precise faults: nothing changes, RIP stays on the instruction', () => {
  it('PUSH to an access-disabled stack page faults with PK = 1 and RSP unchanged', () => {
    const s = newSim();
    load(s, hexBytes('50')); // push rax
    const stack = 0x90_0000;
    const key = keyedPage(s, stack, 1);
    s.regs.setNum(RSP, stack + 4096);
    s.regs.set64(RAX, 0x1122334455667788n);
    s.hw.kernelWritePkru(0);
    const before = snapshot(s, stack, 4096);
    s.hw.kernelWritePkru(pkruWithKeyBits(0, key, 1));
    const e = exception(run(s));
    expect(e).toBeInstanceOf(PageFault);
    const pf = e as PageFault;
    expect(pf.errorCode).toBe(PF_P | PF_WR | PF_US | PF_PK);
    expect(pf.address).toBe(stack + 4096 - 8);
    expect(pf.pkey).toBe(key);
    s.hw.kernelWritePkru(0);
    expect(snapshot(s, stack, 4096)).toBe(before);
    expect(s.cpu.stats.instructions).toBe(0);
  });

  it('CALL onto a write-disabled stack faults before RSP or RIP move', () => {
    const s = newSim();
    load(s, hexBytes('e8 00 00 00 00')); // call next
    const stack = 0x90_0000;
    keyedPage(s, stack, 2);
    s.regs.setNum(RSP, stack + 4096);
    const e = exception(run(s)) as PageFault;
    expect(e.errorCode & (PF_WR | PF_PK)).toBe(PF_WR | PF_PK);
    expect(s.regs.getNum(RSP)).toBe(stack + 4096);
    expect(s.regs.rip).toBe(CODE);
  });

  it.each([
    ['mov [rbx],rax', '48 89 03'],
    ['add [rbx],rax (read-modify-write)', '48 01 03'],
    ['movsd [rbx],xmm0', 'f2 0f 11 03'],
  ])('a write straddling into a read-only page writes nothing: %s', (_n, code) => {
    const s = newSim();
    load(s, hexBytes(code));
    const page = 0x90_0000;
    map(s, page, 4096, PROT_READ | PROT_WRITE);
    map(s, page + 4096, 4096, PROT_READ);
    s.m.kernel.ensureOnCpu(s.t.task);
    s.t.write(page + 4088, hexBytes('a1 a2 a3 a4 a5 a6 a7 a8'));
    s.regs.setNum(RBX, page + 4092);
    s.regs.set64(RAX, 0xffff_ffff_ffff_ffffn);
    s.regs.rflags = 0x202;
    const before = snapshot(s, page + 4088, 16);
    const e = exception(run(s)) as PageFault;
    expect(e).toBeInstanceOf(PageFault);
    expect(e.address).toBe(page + 4096);
    expect(e.errorCode & PF_WR).toBe(PF_WR);
    expect(snapshot(s, page + 4088, 16)).toBe(before);
  });

  it('POP into memory that faults leaves RSP and the register file unchanged', () => {
    const s = newSim();
    load(s, hexBytes('8f 03')); // pop QWORD PTR [rbx]
    s.regs.setNum(RBX, 0x123_0000); // unmapped
    s.regs.setNum(RSP, STACK_TOP - 8);
    const e = exception(run(s)) as PageFault;
    expect(e.address).toBe(0x123_0000);
    expect(s.regs.getNum(RSP)).toBe(STACK_TOP - 8);
  });
});

describe('exceptions and traps', () => {
  it('DIV by zero is #DE (a fault: RIP on the DIV, RAX/RDX unchanged)', () => {
    const s = newSim();
    load(s, hexBytes('48 f7 f1')); // div rcx
    s.regs.set64(RAX, 5n);
    s.regs.set64(RDX, 7n);
    const e = exception(run(s));
    expect(e).toBeInstanceOf(DivideError);
    expect(e.vector).toBe(0);
    expect([s.regs.rip, s.regs.get64(RAX), s.regs.get64(RDX)]).toEqual([CODE, 5n, 7n]);
  });

  it.each([
    ['idiv rcx: INT64_MIN / -1', '48 99 48 f7 f9', 0x8000_0000_0000_0000n, -1n],
    ['div ecx: quotient >= 2^32', 'ba 02 00 00 00 f7 f1', 0n, 2n],
    ['idiv cl: -128 / -1', '66 98 f6 f9', 0x80n, -1n],
  ])('%s is #DE', (_n, code, rax, rcx) => {
    const s = newSim();
    load(s, hexBytes(code));
    s.regs.set64(RAX, rax);
    s.regs.set64(RCX, rcx);
    expect(exception(run(s))).toBeInstanceOf(DivideError);
  });

  it('INT3 is #BP, a trap: RIP after it, counted as retired', () => {
    const s = newSim();
    load(s, hexBytes('90 cc 90'));
    const e = exception(run(s));
    expect(e).toBeInstanceOf(Breakpoint);
    expect(e.vector).toBe(3);
    expect(s.regs.rip).toBe(CODE + 2);
    expect(s.cpu.stats.instructions).toBe(2);
  });

  it('UD2 and undefined opcodes are #UD with RIP on them', () => {
    for (const code of ['0f 0b', '0f 10 c0', 'f0 0f 01 ef']) {
      const s = newSim();
      load(s, hexBytes(code));
      expect(exception(run(s))).toBeInstanceOf(InvalidOpcode);
      expect(s.regs.rip).toBe(CODE);
    }
  });

  it('an instruction longer than 15 bytes is #GP(0)', () => {
    const s = newSim();
    load(s, hexBytes('66 '.repeat(15) + '90'));
    expect(exception(run(s))).toBeInstanceOf(GeneralProtection);
    expect(s.regs.rip).toBe(CODE);
  });

  it.each([
    ['jmp rax', 'ff e0'],
    ['call rax', 'ff d0'],
  ])('%s to a non-canonical address is #GP at the branch', (_n, code) => {
    const s = newSim();
    load(s, hexBytes(code));
    s.regs.set64(RAX, 0x0000_8000_0000_0000n);
    expect(exception(run(s))).toBeInstanceOf(GeneralProtection);
    expect([s.regs.rip, s.regs.getNum(RSP)]).toEqual([CODE, STACK_TOP]);
  });

  it('SYSCALL: RCX = next RIP, R11 = RFLAGS, RIP advanced, then a syscall exit', () => {
    const s = newSim();
    load(s, hexBytes('90 0f 05 90'));
    s.regs.rflags = 0x8d7;
    expect(run(s)).toEqual({ kind: 'syscall' });
    expect([s.regs.rip, s.regs.getNum(RCX), s.regs.getNum(R11), s.regs.rflags]).toEqual([CODE + 3, CODE + 3, 0x8d7, 0x8d7]);
  });

  it('stops after the budget with RIP on the next instruction', () => {
    const s = newSim();
    load(s, hexBytes('90 90 90 90'));
    expect(s.cpu.run(s.regs, 3)).toEqual({ kind: 'budget' });
    expect([s.regs.rip, s.cpu.stats.instructions]).toEqual([CODE + 3, 3]);
  });
});

describe('speed', () => {
  // Its speed is measured by npm run bench (bench/cpu.ts), not here: no timing thresholds in tests.
  it('runs a tight ALU loop of 900,000 instructions to its exact count and sum', () => {
    const s = newSim();
    // mov ecx, 300000; 1: add rax, rcx; dec ecx; jnz 1b; syscall
    load(s, hexBytes('b9 e0 93 04 00 48 01 c8 ff c9 75 f9 0f 05'));
    expect(run(s, 2_000_000)).toEqual({ kind: 'syscall' });
    expect(s.cpu.stats.instructions).toBe(3 * 300_000 + 2);
    expect(s.regs.get64(RAX)).toBe(45_000_150_000n);
  });
});

describe('segments, alignment and MXCSR', () => {
  it('an FS override adds the FS base; LEA does not', () => {
    const s = newSim();
    // mov rax, fs:[rbx]; lea rdx, fs:[rbx]; syscall
    load(s, hexBytes('64 48 8b 03 64 48 8d 13 0f 05'));
    s.t.write(DATA + 16, hexBytes('2a 00 00 00 00 00 00 00'));
    s.regs.fsBase = DATA;
    s.regs.setNum(RBX, 16);
    expect(run(s).kind).toBe('syscall');
    expect([s.regs.get64(RAX), s.regs.get64(RDX)]).toEqual([42n, 16n]);
  });

  it('a misaligned 128-bit SSE memory operand is #GP(0)', () => {
    const s = newSim();
    load(s, hexBytes('66 0f 28 03')); // movapd xmm0, [rbx]
    s.regs.setNum(RBX, DATA + 8);
    expect(exception(run(s))).toBeInstanceOf(GeneralProtection);
  });

  it('SSE arithmetic under a non-default MXCSR (not modelled) is refused with #UD', () => {
    const s = newSim();
    load(s, hexBytes('f2 0f 58 c1')); // addsd xmm0, xmm1
    s.regs.mxcsr = 0x3f80; // round down
    expect(exception(run(s))).toBeInstanceOf(InvalidOpcode);
  });
});

describe('data layout', () => {
  it('loads and stores little-endian through the MMU', () => {
    const s = newSim();
    // mov rax,[rbx]; mov [rbx+8],eax; mov BYTE PTR [rbx+16],ah; syscall
    load(s, hexBytes('48 8b 03 89 43 08 88 63 10 0f 05'));
    s.t.write(DATA, hexBytes('11 22 33 44 55 66 77 88'));
    s.regs.setNum(RBX, DATA);
    expect(run(s).kind).toBe('syscall');
    expect(s.regs.get64(RAX)).toBe(0x8877665544332211n);
    expect([...s.t.read(DATA + 8, 9)]).toEqual([0x11, 0x22, 0x33, 0x44, 0, 0, 0, 0, 0x22]);
  });
});
