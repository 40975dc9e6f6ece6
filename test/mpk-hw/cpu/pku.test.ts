/**
 * The PKU instructions executed by the CPU: WRPKRU / RDPKRU (spec H-6, H-7), execute-only
 * memory (fetches ignore PKRU, loads do not: spec L-6, SDM Vol.3A 4.6.2) and XSAVE / XRSTOR of
 * PKRU (spec H-8, SDM Vol.1 13.7-13.8).
 */
import { describe, expect, it } from 'vitest';
import type { CpuExit } from '../../../mpk-hw/cpu/cpu.js';
import { GeneralProtection, InvalidOpcode, PageFault, type CpuException } from '../../../mpk-hw/fault.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../mpk-hw/kernel/constants.js';
import { PF_PK, PF_WR } from '../../../mpk-hw/pf-error-code.js';
import { pkruWithKeyBits } from '../../../mpk-hw/pkru.js';
import { XSAVE_HEADER_OFFSET } from '../../../mpk-hw/xsave.js';
import { CODE, DATA, hexBytes, load, map, newSim, run } from './sim.js';

const RAX = 0, RCX = 1, RDX = 2, RBX = 3;
const WRPKRU = '0f 01 ef', RDPKRU = '0f 01 ee', SYSCALL = '0f 05';

function exception(e: CpuExit): CpuException {
  if (e.kind !== 'exception') throw new Error(`expected an exception, got ${e.kind}`);
  return e.exception;
}

describe('WRPKRU / RDPKRU', () => {
  it('WRPKRU sets PKRU from EAX (upper halves ignored) and counts', () => {
    const s = newSim();
    load(s, hexBytes(`${WRPKRU} ${SYSCALL}`));
    s.regs.set64(RAX, 0xdead_beef_5555_5554n);
    s.regs.set64(RCX, 0xffff_ffff_0000_0000n);
    s.regs.set64(RDX, 0x1_0000_0000n);
    expect(run(s).kind).toBe('syscall');
    expect(s.hw.pkru).toBe(0x55555554);
    expect(s.cpu.stats.wrpkru).toBe(1);
  });

  it.each([
    ['ECX != 0', 1n, 0n],
    ['EDX != 0', 0n, 1n],
  ])('WRPKRU with %s is #GP(0) and PKRU is unchanged', (_n, rcx, rdx) => {
    const s = newSim();
    load(s, hexBytes(WRPKRU));
    s.hw.kernelWritePkru(0x0c);
    s.regs.set64(RAX, 0xffn);
    s.regs.set64(RCX, rcx);
    s.regs.set64(RDX, rdx);
    expect(exception(run(s))).toBeInstanceOf(GeneralProtection);
    expect([s.hw.pkru, s.regs.rip, s.cpu.stats.wrpkru]).toEqual([0x0c, CODE, 0]);
  });

  it('RDPKRU: EAX = PKRU, EDX = 0, upper halves of RAX and RDX cleared', () => {
    const s = newSim();
    load(s, hexBytes(`${RDPKRU} ${SYSCALL}`));
    s.hw.kernelWritePkru(0x5555_0004);
    s.regs.set64(RAX, 0xffff_ffff_ffff_ffffn);
    s.regs.set64(RDX, 0xffff_ffff_ffff_ffffn);
    s.regs.set64(RCX, 0xffff_ffff_0000_0000n); // upper half of RCX is ignored
    expect(run(s).kind).toBe('syscall');
    expect([s.regs.get64(RAX), s.regs.get64(RDX), s.cpu.stats.rdpkru]).toEqual([0x5555_0004n, 0n, 1]);
  });

  it('RDPKRU with ECX != 0 is #GP(0)', () => {
    const s = newSim();
    load(s, hexBytes(RDPKRU));
    s.regs.set64(RCX, 2n);
    expect(exception(run(s))).toBeInstanceOf(GeneralProtection);
  });

  it.each([['LOCK', 'f0'], ['66', '66'], ['F2', 'f2'], ['F3', 'f3']])('%s WRPKRU / RDPKRU is #UD', (_n, p) => {
    for (const insn of [WRPKRU, RDPKRU]) {
      const s = newSim();
      load(s, hexBytes(`${p} ${insn}`));
      expect(exception(run(s))).toBeInstanceOf(InvalidOpcode);
    }
  });

  it('a WRPKRU applies to the very next data access', () => {
    const s = newSim();
    // wrpkru; mov rax,[rbx]
    load(s, hexBytes(`${WRPKRU} 48 8b 03`));
    const key = s.t.pkeyAlloc(0, 0);
    expect(s.t.pkeyMprotect(DATA, 4096, PROT_READ | PROT_WRITE, key)).toBe(0);
    s.m.kernel.ensureOnCpu(s.t.task);
    s.hw.kernelWritePkru(0);
    s.regs.setNum(RBX, DATA);
    s.regs.set64(RAX, BigInt(pkruWithKeyBits(0, key, 1)));
    const e = exception(run(s)) as PageFault;
    expect(e.errorCode & PF_PK).toBe(PF_PK);
    expect(e.pkey).toBe(key);
    expect(s.regs.rip).toBe(CODE + 3);
    expect(s.cpu.stats.wrpkru).toBe(1);
  });
});

describe('execute-only memory', () => {
  it('code on an execute-only (AD-keyed) page runs, but a load from it faults with PK = 1', () => {
    const s = newSim();
    // nop; mov eax, 7; mov rbx, [rip-13] (the first byte of its own page)
    load(s, hexBytes('90 b8 07 00 00 00 48 8b 1d f3 ff ff ff'), PROT_EXEC);
    s.m.kernel.ensureOnCpu(s.t.task);
    const e = exception(run(s)) as PageFault;
    expect(s.cpu.stats.instructions).toBe(2);
    expect(s.regs.get64(RAX)).toBe(7n);
    expect(e).toBeInstanceOf(PageFault);
    expect(e.access).toBe('read');
    expect(e.errorCode & PF_PK).toBe(PF_PK);
    expect(e.address).toBe(CODE);
    expect(s.regs.rip).toBe(CODE + 6);
  });
});

describe('XSAVE / XRSTOR', () => {
  /** Runs `code` with RBX = DATA (the area) and EDX:EAX = rfbm. */
  function area(code: string, rfbm: number, setup?: (s: ReturnType<typeof newSim>) => void): ReturnType<typeof newSim> & { exit: CpuExit } {
    const s = newSim();
    load(s, hexBytes(code), PROT_READ | PROT_WRITE | PROT_EXEC);
    s.regs.setNum(RBX, DATA);
    s.regs.setNum(RAX, rfbm);
    setup?.(s);
    return Object.assign(s, { exit: run(s) });
  }
  const pkruSlot = (s: ReturnType<typeof newSim>): number => DATA + s.cpu.xsaveLayout.pkruOffset;

  it('XSAVE writes PKRU and XSTATE_BV[9]; XRSTOR with XSTATE_BV[9] = 0 loads PKRU = 0', () => {
    // xsave [rbx]; syscall
    const s = area(`0f ae 23 ${SYSCALL}`, 0x200, (x) => x.hw.kernelWritePkru(0x55555554));
    expect(s.exit.kind).toBe('syscall');
    expect(s.t.read32(pkruSlot(s))).toBe(0x55555554);
    expect(s.t.read32(DATA + XSAVE_HEADER_OFFSET) & 0x200).toBe(0x200);
    s.t.write32(DATA + XSAVE_HEADER_OFFSET, 0); // clear XSTATE_BV (as the selftest does)
    s.t.write(CODE, hexBytes(`0f ae 2b ${SYSCALL}`)); // xrstor [rbx]
    s.regs.rip = CODE;
    s.m.kernel.ensureOnCpu(s.t.task);
    expect(run(s).kind).toBe('syscall');
    expect(s.hw.pkru).toBe(0);
  });

  it('XRSTOR with XSTATE_BV[9] = 1 loads PKRU from the area; RFBM[9] = 0 leaves it', () => {
    const s = area(`0f ae 2b ${SYSCALL}`, 0x200, (x) => {
      x.t.write32(pkruSlot(x), 0x0000_000c);
      x.t.write32(DATA + XSAVE_HEADER_OFFSET, 0x200);
    });
    expect(s.exit.kind).toBe('syscall');
    expect(s.hw.pkru).toBe(0x0c);
    const t = area(`0f ae 2b ${SYSCALL}`, 0x3, (x) => x.hw.kernelWritePkru(0x30));
    expect(t.exit.kind).toBe('syscall');
    expect(t.hw.pkru).toBe(0x30);
  });

  it('XSAVE64 / XRSTOR64 save and restore XMM registers and MXCSR', () => {
    // xsave64 [rbx]; xorpd xmm3,xmm3; xrstor64 [rbx]; syscall
    const s = area(`48 0f ae 23 66 0f 57 db 48 0f ae 2b ${SYSCALL}`, 0x3, (x) => {
      x.regs.xmm.set([1, 2, 3, 4], 12);
    });
    expect(s.exit.kind).toBe('syscall');
    expect([...s.regs.xmm.subarray(12, 16)]).toEqual([1, 2, 3, 4]);
    expect(s.t.read32(DATA + 24)).toBe(0x1f80); // MXCSR
    expect(s.t.read32(DATA + 160 + 48)).toBe(1); // XMM3 at 160 + 16*3
    expect(s.t.read32(DATA + XSAVE_HEADER_OFFSET) & 0x3).toBe(0x2); // x87 init, SSE in use
  });

  it.each([
    ['a misaligned area', 8, () => undefined],
    ['XSTATE_BV with a bit outside XCR0', 0, (x: ReturnType<typeof newSim>) => x.t.write32(DATA + XSAVE_HEADER_OFFSET, 0x4)],
    ['a compacted-form XCOMP_BV', 0, (x: ReturnType<typeof newSim>) => x.t.write32(DATA + XSAVE_HEADER_OFFSET + 12, 0x8000_0000)],
    ['reserved MXCSR bits', 0, (x: ReturnType<typeof newSim>) => x.t.write32(DATA + 24, 0x1_0000)],
  ])('XRSTOR from %s is #GP(0) and changes nothing', (_n, offset, setup) => {
    const s = newSim();
    load(s, hexBytes('0f ae 2b'));
    s.regs.setNum(RBX, DATA + offset);
    s.regs.setNum(RAX, 0x203);
    setup(s);
    s.hw.kernelWritePkru(0x10);
    s.regs.xmm[0] = 5;
    expect(exception(run(s))).toBeInstanceOf(GeneralProtection);
    expect([s.hw.pkru, s.regs.xmm[0], s.regs.rip]).toEqual([0x10, 5, CODE]);
  });

  it('XSAVE into an area whose PKRU slot is on a read-only page writes nothing', () => {
    const s = newSim();
    load(s, hexBytes('0f ae 23'));
    const base = 0x90_0000 + 4096 - 1024; // legacy region and header on page 1, PKRU slot on page 2
    map(s, 0x90_0000, 4096, PROT_READ | PROT_WRITE);
    map(s, 0x90_1000, 4096, PROT_READ);
    s.m.kernel.ensureOnCpu(s.t.task);
    s.regs.setNum(RBX, base);
    s.regs.setNum(RAX, 0x203);
    const e = exception(run(s)) as PageFault;
    expect(e.errorCode & PF_WR).toBe(PF_WR);
    expect([...s.t.read(base, 1024)].every((b) => b === 0)).toBe(true);
  });
});
