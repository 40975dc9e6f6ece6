/**
 * The retire hook (mpk-hw/cpu/cpu.ts RetireHook, Machine.setRetireHook): told of every retired
 * instruction with the tid on the CPU, its address and length; never of an instruction that
 * faults (SDM Vol.3A 6.5: a fault leaves RIP on it, nothing retired); of INT3, which is a trap
 * and retires; off by default.  Code is given as bytes with the objdump text in comments.
 */
import { describe, expect, it } from 'vitest';
import { Breakpoint, PageFault } from '../../../mpk-hw/fault.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE, SYS } from '../../../mpk-hw/kernel/constants.js';
import { Machine } from '../../../mpk-hw/machine.js';
import type { UserThread } from '../../../mpk-hw/user-thread.js';
import { CODE, hexBytes, load, newSim, run, type Sim } from './sim.js';

/** One hook call: [tid, rip, length]. */
type Retired = [number, number, number];

/** Sets a hook on the sim's CPU that collects every call. */
function collect(s: Sim): Retired[] {
  const seen: Retired[] = [];
  s.cpu.retireHook = (tid, rip, length) => seen.push([tid, rip, length]);
  return seen;
}

describe('Cpu.retireHook', () => {
  it('is off by default', () => {
    expect(newSim().cpu.retireHook).toBeNull();
    expect(new Machine().cores.every((c) => c.retireHook === null)).toBe(true);
  });

  it.each([
    // 90 nop; b8 01 00 00 00 mov eax,1; 48 83 c0 02 add rax,2; cc int3
    ['straight-line code, INT3 last (a trap: it retires)', '90 b8 01 00 00 00 48 83 c0 02 cc', [[0, 1], [1, 5], [6, 4], [10, 1]], 11, Breakpoint],
    // eb 02 jmp +2; 90 90 (skipped); cc int3
    ['a taken jump: rip is each instruction\'s own address', 'eb 02 90 90 cc', [[0, 2], [4, 1]], 5, Breakpoint],
    // 90 nop; 89 04 25 00 00 00 00 mov [0],eax (#PF: address 0 is never mapped); 90 nop
    ['a faulting store is not reported, nor anything after it', '90 89 04 25 00 00 00 00 90', [[0, 1]], 1, PageFault],
  ])('%s', (_what, code, expected, ripAfter, fault) => {
    const s = newSim();
    load(s, hexBytes(code));
    const seen = collect(s);
    const exit = run(s);
    expect(exit.kind === 'exception' && exit.exception).toBeInstanceOf(fault);
    expect(seen).toEqual(expected.map(([off, len]) => [s.t.tid, CODE + (off as number), len]));
    expect(s.cpu.stats.instructions).toBe(expected.length);
    expect(s.regs.rip).toBe(CODE + ripAfter);
  });

  it('reports the instruction before the exit: SYSCALL, and the last one of a budget', () => {
    const s = newSim();
    // b8 27 00 00 00 mov eax,39 (getpid); 0f 05 syscall; 90 nop; 90 nop
    load(s, hexBytes('b8 27 00 00 00 0f 05 90 90'));
    const seen = collect(s);
    expect(run(s).kind).toBe('syscall');
    expect(seen).toEqual([[s.t.tid, CODE, 5], [s.t.tid, CODE + 5, 2]]);
    expect(run(s, 1).kind).toBe('budget');
    expect(seen.slice(2)).toEqual([[s.t.tid, CODE + 7, 1]]);
  });

  it('reports an instruction that crosses a page boundary once, with its whole length', () => {
    const s = newSim();
    // 4094 x nop, then b8 2a 00 00 00 mov eax,42 across CODE+4096, then cc int3
    load(s, hexBytes('90'.repeat(4094) + 'b8 2a 00 00 00 cc'));
    const seen = collect(s);
    expect(run(s).kind).toBe('exception');
    expect(seen.slice(-2)).toEqual([[s.t.tid, CODE + 4094, 5], [s.t.tid, CODE + 4099, 1]]);
    expect(seen).toHaveLength(4096);
  });

  it('removed (null), it is not called and the run is the same', () => {
    const code = hexBytes('b8 01 00 00 00 48 83 c0 02 cc');
    const s = newSim();
    load(s, code);
    const seen = collect(s);
    s.cpu.retireHook = null;
    const off = run(s);
    const t = newSim();
    load(t, code);
    collect(t);
    const on = run(t);
    expect(seen).toEqual([]);
    expect(off.kind === 'exception' && off.exception).toBeInstanceOf(Breakpoint);
    expect([s.regs.rip, s.regs.get64(0), s.cpu.stats.instructions]).toEqual([t.regs.rip, t.regs.get64(0), t.cpu.stats.instructions]);
    expect(on.kind === 'exception' && on.exception).toBeInstanceOf(Breakpoint);
  });
});

/** Maps `code` read+execute in t's process; returns its address. */
function loadCode(t: UserThread, code: Uint8Array): number {
  const p = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
  t.write(p, code);
  expect(t.mprotect(p, 4096, PROT_READ | PROT_EXEC)).toBe(0);
  return p;
}

describe('Machine.setRetireHook', () => {
  it('covers host calls into guest code (callGuest): every instruction up to the ret to the host', () => {
    const m = new Machine();
    const t = m.spawn();
    // 48 89 f8 mov rax,rdi; 48 83 c0 01 add rax,1; c3 ret
    const f = loadCode(t, hexBytes('48 89 f8 48 83 c0 01 c3'));
    const seen: Retired[] = [];
    m.setRetireHook((tid, rip, length) => seen.push([tid, rip, length]));
    const r = t.call(f, [41]);
    expect(r.rax).toBe(42n);
    expect(seen).toEqual([[t.tid, f, 3], [t.tid, f + 3, 4], [t.tid, f + 7, 1]]);
    expect(r.instructions).toBe(3);
    m.setRetireHook(null);
    t.call(f, [1]);
    expect(seen).toHaveLength(3);
  });

  it('covers scheduled guest threads on every CPU, each with its own tid', () => {
    const m = new Machine({ cpus: 2 });
    const main = m.spawn();
    // b9 03 00 00 00 mov ecx,3; ff c9 dec ecx; 75 fc jne -4; b8 3c 00 00 00 mov eax,60 (exit); 31 ff xor edi,edi; 0f 05 syscall
    const code = loadCode(main, hexBytes(`b9 03 00 00 00 ff c9 75 fc b8 ${SYS.exit.toString(16).padStart(2, '0')} 00 00 00 31 ff 0f 05`));
    const s = m.scheduler({ seed: 3, quantum: 2 });
    const threads = [main.clone(), main.clone()];
    for (const t of threads) s.addGuest(t.task, code);
    const seen: Retired[] = [];
    m.setRetireHook((tid, rip, length) => seen.push([tid, rip, length]));
    const r = s.run(1000);
    expect(r.reason).toBe('done');
    // mov, (dec, jne) x 3, mov, xor, syscall: 10 instructions per thread.
    const one = (tid: number): Retired[] => [[tid, code, 5], ...Array.from({ length: 3 }, (): Retired[] => [[tid, code + 5, 2], [tid, code + 7, 2]]).flat(),
      [tid, code + 9, 5], [tid, code + 14, 2], [tid, code + 16, 2]];
    for (const t of threads) expect(seen.filter(([tid]) => tid === t.tid)).toEqual(one(t.tid));
    expect(seen).toHaveLength(m.instructions);
    expect(m.instructions).toBe(20);
  });

  it('is not told of a fetch that faults (NX: a data page)', () => {
    const m = new Machine();
    const t = m.spawn();
    const data = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
    t.write(data, hexBytes('c3'));
    const seen: Retired[] = [];
    m.setRetireHook((tid, rip, length) => seen.push([tid, rip, length]));
    expect(() => t.call(data)).toThrow();
    expect(seen).toEqual([]);
  });
});
