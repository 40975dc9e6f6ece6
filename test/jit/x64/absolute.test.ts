/**
 * Absolute targets (`call(absolute(addr))`, `rip(absolute(addr))`): finish({ origin }) encodes
 * them as rel32 / disp32 from where the code will be.  The referee is objdump, told the same
 * origin (--adjust-vma): it must name exactly the absolute addresses the code refers to.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Assembler, JitError, absolute, qword, rax, rip } from '../../../jit/x64/index.js';
import { binutilsMissing, normalize, objdumpBinary } from './binutils.js';

const missing = binutilsMissing();
const hex = (n: number): string => `0x${n.toString(16)}`;

/** Code that refers to `targets` by call, jmp, jne and a [rip+...] load, finished at `origin`. */
function build(origin: number, targets: readonly number[]): { bytes: Uint8Array; asm: Assembler } {
  const asm = new Assembler();
  const [t0 = 0, t1 = 0, t2 = 0, t3 = 0] = targets;
  asm.call(absolute(t0)).jcc('ne', absolute(t1)).mov(rax, qword(rip(absolute(t2), 8))).jmp(absolute(t3));
  return { bytes: asm.finish({ origin }), asm };
}

describe.skipIf(missing !== undefined)('absolute targets against objdump', () => {
  it('call, jcc, jmp and [rip+...] name the absolute addresses objdump decodes', () => {
    // Origins and targets within ±2 GiB of each other, anywhere in the user half.
    const near = fc.integer({ min: 0x1000, max: 2 ** 46 }).chain((origin) => fc.tuple(fc.constant(origin),
      fc.array(fc.integer({ min: Math.max(0, origin - 0x7000_0000), max: origin + 0x7000_0000 }), { minLength: 4, maxLength: 4 })));
    fc.assert(fc.property(near, ([origin, targets]) => {
      const { bytes, asm } = build(origin, targets);
      const lines = objdumpBinary(bytes, origin);
      const [c, j, m, k] = asm.instructions;
      expect(normalize(lines.get(c?.offset ?? -1) ?? '')).toBe(`call ${hex(targets[0] ?? 0)}`);
      expect(normalize(lines.get(j?.offset ?? -1) ?? '')).toBe(`jne ${hex(targets[1] ?? 0)}`);
      expect(normalize(lines.get(m?.offset ?? -1) ?? '')).toMatch(/^mov rax,QWORD PTR \[rip\+0x[0-9a-f]+\] # /);
      // objdump's comment after [rip+disp] is the absolute address it reaches.
      expect(lines.get(m?.offset ?? -1)).toContain(`# ${hex((targets[2] ?? 0) + 8)}`);
      expect(normalize(lines.get(k?.offset ?? -1) ?? '')).toBe(`jmp ${hex(targets[3] ?? 0)}`);
    }), { numRuns: 40 });
  });
});

describe('absolute targets: refusals', () => {
  it('code with an absolute target needs finish({ origin })', () => {
    const asm = new Assembler().call(absolute(0x401000));
    expect(() => asm.finish()).toThrow(expect.objectContaining({ code: 'X64_ORIGIN' }));
  });

  it('a target beyond rel32 of the origin is refused with X64_RANGE, not wrapped', () => {
    for (const [origin, target] of [[0x1000, 0x1000 + 2 ** 31 + 5], [2 ** 40, 2 ** 40 - 2 ** 31 - 100]] as const) {
      expect(() => new Assembler().jmp(absolute(target)).finish({ origin })).toThrow(expect.objectContaining({ code: 'X64_RANGE' }));
    }
  });

  it('the last rel32 that fits is encoded, the next is refused', () => {
    const origin = 0x10_0000_0000;
    // jmp rel32 is 5 bytes: the field holds target - (origin + 5).
    const fits = new Assembler().jmp(absolute(origin + 5 + 0x7fff_ffff)).finish({ origin });
    expect(Array.from(fits)).toEqual([0xe9, 0xff, 0xff, 0xff, 0x7f]);
    expect(() => new Assembler().jmp(absolute(origin + 5 + 0x8000_0000)).finish({ origin })).toThrow(JitError);
  });

  it('bad addresses and origins are refused; a finished assembler does not re-link for another origin', () => {
    expect(() => absolute(-1)).toThrow(expect.objectContaining({ code: 'X64_BAD_OPERAND' }));
    expect(() => absolute(1.5)).toThrow(expect.objectContaining({ code: 'X64_BAD_OPERAND' }));
    const asm = new Assembler().call(absolute(0x2000));
    expect(() => asm.finish({ origin: Number.NaN })).toThrow(expect.objectContaining({ code: 'X64_BAD_OPERAND' }));
    expect(Array.from(asm.finish({ origin: 0x1000 }))).toEqual([0xe8, 0xfb, 0x0f, 0x00, 0x00]);
    expect(Array.from(asm.finish({ origin: 0x1000 }))).toEqual([0xe8, 0xfb, 0x0f, 0x00, 0x00]);
    expect(() => asm.finish({ origin: 0x3000 })).toThrow(expect.objectContaining({ code: 'X64_FINISHED' }));
  });

  it('label code without absolute targets links the same with or without an origin', () => {
    const mk = (): Assembler => { const a = new Assembler(); const l = a.newLabel(); a.jmp(l).bind(l).ret(); return a; };
    expect(Array.from(mk().finish({ origin: 0x7f00_0000_0000 }))).toEqual(Array.from(mk().finish()));
  });
});
