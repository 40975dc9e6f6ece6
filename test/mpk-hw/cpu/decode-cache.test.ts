/**
 * The decoded-instruction cache: rewritten code is decoded again (by the guest itself or by a
 * host write), an instruction crossing a page boundary has its second page checked on every
 * execution, and code is keyed by physical address.
 */
import { describe, expect, it } from 'vitest';
import { DecodeCache } from '../../../mpk-hw/cpu/decode-cache.js';
import { PageFault } from '../../../mpk-hw/fault.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../mpk-hw/kernel/constants.js';
import { PF_ID } from '../../../mpk-hw/pf-error-code.js';
import { PhysMem } from '../../../mpk-hw/phys-mem.js';
import { CODE, hexBytes, load, map, newSim, run } from './sim.js';

const RAX = 0;
const RWX = PROT_READ | PROT_WRITE | PROT_EXEC;

describe('self-modifying code', () => {
  it('a guest store into an already decoded instruction is seen the next time it runs', () => {
    const s = newSim();
    // 0: mov BYTE PTR [rip+1], 0x42   (patches the immediate of the mov at 7)
    // 7: mov eax, 0x11
    // c: syscall
    load(s, hexBytes('c6 05 01 00 00 00 42 b8 11 00 00 00 0f 05'), RWX);
    s.regs.rip = CODE + 7;
    expect(run(s).kind).toBe('syscall');
    expect(s.regs.get64(RAX)).toBe(0x11n);
    s.regs.rip = CODE;
    expect(run(s).kind).toBe('syscall');
    expect(s.regs.get64(RAX)).toBe(0x42n);
    expect(s.cache.stats.invalidations).toBeGreaterThan(0);
  });

  it('a host write to a code page drops its decoded instructions', () => {
    const s = newSim();
    load(s, hexBytes('b8 01 00 00 00 0f 05'), RWX); // mov eax, 1; syscall
    expect(run(s).kind).toBe('syscall');
    s.t.write(CODE + 1, hexBytes('02'));
    s.regs.rip = CODE;
    expect(run(s).kind).toBe('syscall');
    expect(s.regs.get64(RAX)).toBe(2n);
  });

  it('caches: a loop decodes each instruction once', () => {
    const s = newSim();
    load(s, hexBytes('b9 e8 03 00 00 ff c9 75 fc 0f 05')); // mov ecx,1000; 1: dec ecx; jnz 1b; syscall
    expect(run(s).kind).toBe('syscall');
    expect(s.cache.stats.hits).toBeGreaterThan(1990);
    expect(s.cache.frameCount).toBe(1);
  });
});

describe('instructions crossing a page boundary', () => {
  it('fetch the second page through the MMU on every execution (NX checked each time)', () => {
    const s = newSim();
    load(s, new Uint8Array(8192), RWX);
    // mov eax, 0x11223344 starting 2 bytes before the page end; syscall after it
    s.t.write(CODE + 4094, hexBytes('b8 44 33 22 11 0f 05'));
    s.regs.rip = CODE + 4094;
    expect(run(s).kind).toBe('syscall');
    expect(s.regs.get64(RAX)).toBe(0x11223344n);
    expect(s.t.mprotect(CODE + 4096, 4096, PROT_READ)).toBe(0);
    s.m.kernel.ensureOnCpu(s.t.task);
    s.regs.rip = CODE + 4094;
    s.regs.set64(RAX, 0n);
    const e = run(s);
    if (e.kind !== 'exception') throw new Error(`expected a fetch fault, got ${e.kind}`);
    const pf = e.exception as PageFault;
    expect(pf).toBeInstanceOf(PageFault);
    expect([pf.address, pf.errorCode & PF_ID, s.regs.rip, s.regs.get64(RAX)]).toEqual([CODE + 4096, PF_ID, CODE + 4094, 0n]);
    expect(s.t.mprotect(CODE + 4096, 4096, PROT_READ | PROT_EXEC)).toBe(0);
    s.m.kernel.ensureOnCpu(s.t.task);
    expect(run(s).kind).toBe('syscall');
    expect(s.regs.get64(RAX)).toBe(0x11223344n);
  });

  it('a write to the second page re-decodes the crossing instruction', () => {
    const s = newSim();
    load(s, new Uint8Array(8192), RWX);
    s.t.write(CODE + 4094, hexBytes('b8 44 33 22 11 0f 05'));
    s.regs.rip = CODE + 4094;
    expect(run(s).kind).toBe('syscall');
    s.t.write(CODE + 4096 + 2, hexBytes('99'));
    s.regs.rip = CODE + 4094;
    expect(run(s).kind).toBe('syscall');
    expect(s.regs.get64(RAX)).toBe(0x99223344n);
  });
});

describe('DecodeCache', () => {
  it('keys by physical address and chains an existing code-write hook', () => {
    const mem = new PhysMem();
    const seen: number[] = [];
    mem.codeWriteHook = (pfn) => seen.push(pfn);
    const cache = new DecodeCache(mem);
    const pfn = mem.allocFrame();
    const pa = pfn * 4096 + 10;
    const s = newSim();
    load(s, hexBytes('90'));
    const insn = s.cpu.cache.lookup(s.hw.mmu.translate(CODE, 'fetch', 0));
    expect(insn).toBeUndefined();
    run(s, 1);
    expect(s.cpu.cache.lookup(s.hw.mmu.translate(CODE, 'fetch', 0))?.length).toBe(1);
    cache.insert(pa, s.cpu.cache.lookup(s.hw.mmu.translate(CODE, 'fetch', 0))!, -1);
    expect(cache.lookup(pa)?.length).toBe(1);
    mem.writeInFrame(pa, hexBytes('cc'));
    expect(cache.lookup(pa)).toBeUndefined();
    expect(seen).toEqual([pfn]);
  });

  it('code at another virtual page (another frame) is decoded separately', () => {
    const s = newSim();
    load(s, hexBytes('b8 01 00 00 00 0f 05'));
    map(s, 0x50_0000, 4096, RWX);
    s.t.write(0x50_0000, hexBytes('b8 02 00 00 00 0f 05'));
    expect(run(s).kind).toBe('syscall');
    s.regs.rip = 0x50_0000;
    expect(run(s).kind).toBe('syscall');
    expect(s.regs.get64(RAX)).toBe(2n);
  });
});
