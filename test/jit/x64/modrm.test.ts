/** REX / ModRM / SIB helpers: the addressing special cases, byte for byte (SDM Vol.2A 2.1.5). */

import { describe, expect, it } from 'vitest';
import {
  dispWidth, encodeRm, mem, modrmByte, r12, r13, r9, rax, rbp, rbx, rcx, rexByte, rip, rsp, sibByte, xmm9,
  type Address, type Mem, type Reg, type SibMem,
} from '../../../jit/x64/index.js';

const m = (a: Address): Mem => mem(a);

/** [name, ModRM.reg value, r/m operand, ModRM+SIB+disp hex, REX.X, REX.B]. */
const CASES: readonly (readonly [string, number, Reg | Mem, string, number, number])[] = [
  ['[rax]: mod 00', 0, m({ base: rax }), '00', 0, 0],
  ['[rsp] needs a SIB with index 100', 0, m({ base: rsp }), '0424', 0, 0],
  ['[r12] needs a SIB too (low bits 100)', 0, m({ base: r12 }), '0424', 0, 1],
  ['[rbp] needs a zero disp8 (mod 00 rm 101 is RIP)', 0, m({ base: rbp }), '4500', 0, 0],
  ['[r13] needs a zero disp8 too', 0, m({ base: r13 }), '4500', 0, 1],
  ['[rbp+r12*1] needs the disp8 even with a SIB', 0, m({ base: rbp, index: r12 }), '442500', 1, 0],
  ['[rax+0x7f]: disp8', 0, m({ base: rax, disp: 0x7f }), '407f', 0, 0],
  ['[rax-0x80]: disp8', 0, m({ base: rax, disp: -0x80 }), '4080', 0, 0],
  ['[rax+0x80]: disp32', 0, m({ base: rax, disp: 0x80 }), '8080000000', 0, 0],
  ['[rax-0x81]: disp32', 0, m({ base: rax, disp: -0x81 }), '807fffffff', 0, 0],
  ['[rbx+rcx*8+0x10]', 0, m({ base: rbx, index: rcx, scale: 8, disp: 0x10 }), '44cb10', 0, 0],
  ['[rcx*8+0x10]: no base takes SIB base 101 and disp32', 0, m({ index: rcx, scale: 8, disp: 0x10 }), '04cd10000000', 0, 0],
  ['[0x1234]: absolute through SIB', 0, m({ disp: 0x1234 }), '042534120000', 0, 0],
  ['[rip+0x10]', 0, rip(0x10), '0510000000', 0, 0],
  ['[rax+0x0] with forced disp32', 0, m({ base: rax, dispSize: 32 }), '8000000000', 0, 0],
  ['reg 15 keeps its low bits in ModRM.reg', 15, m({ base: rax }), '38', 0, 0],
  ['register r9', 2, r9, 'd1', 0, 1],
  ['register xmm9', 0, xmm9, 'c1', 0, 1],
];

describe('x64 ModRM / SIB', () => {
  it.each(CASES)('%s', (_name, reg, rm, hex, x, b) => {
    const out = encodeRm(reg, rm);
    expect([Buffer.from(out.bytes).toString('hex'), out.x, out.b]).toEqual([hex, x, b]);
  });

  it('reports where a RIP displacement sits', () => {
    expect(encodeRm(0, rip(0)).ripDispAt).toBe(1);
    expect(encodeRm(0, m({ base: rax })).ripDispAt).toBeUndefined();
  });

  it.each([
    [{ base: rax }, 0], [{ base: rbp }, 8], [{ base: r13 }, 8], [{ base: rax, disp: 1 }, 8], [{ base: rax, disp: 128 }, 32],
    [{ index: rax }, 32], [{ base: rax, dispSize: 32 }, 32], [{ base: rbp, dispSize: 8 }, 8],
  ] as const)('dispWidth(%o) = %i', (a, width) => {
    expect(dispWidth(mem(a as Address) as SibMem)).toBe(width);
  });

  it('packs REX, ModRM and SIB fields', () => {
    expect(rexByte(1, 0, 0, 1)).toBe(0x49);
    expect(rexByte(0, 1, 1, 0)).toBe(0x46);
    expect(modrmByte(3, 2, 1)).toBe(0xd1);
    expect(sibByte(8, 1, 3)).toBe(0xcb);
  });
});
