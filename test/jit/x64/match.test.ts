/** Form selection: immediate ranges and which row a call picks. */

import { describe, expect, it } from 'vitest';
import { al, cl, eax, mem, qword, rax, rbx, selectRow, xmm0, xmm1, type Operand } from '../../../jit/x64/index.js';
import { immFits } from '../../../jit/x64/match.js';

/** [value, size, ext, unsigned, fits]. */
const IMMS: readonly (readonly [bigint, 8 | 16 | 32 | 64, 8 | 16 | 32 | 64, boolean, boolean])[] = [
  [127n, 8, 64, false, true], [128n, 8, 64, false, false], [-128n, 8, 64, false, true], [-129n, 8, 64, false, false],
  [0xffffffffffffffffn, 8, 64, false, true], // -1 written unsigned
  [0xffffffffn, 8, 32, false, true], [0xffffffffn, 8, 64, false, false],
  [0xffn, 8, 8, false, true], [-128n, 8, 8, false, true], [0x100n, 8, 8, false, false],
  [0x7fffffffn, 32, 64, false, true], [0x80000000n, 32, 64, false, false], [0xffffffff80000000n, 32, 64, false, true],
  [0xffffffffn, 32, 32, false, true], [0x100000000n, 32, 32, false, false],
  [0xffffffffffffffffn, 64, 64, false, true], [1n << 64n, 64, 64, false, false],
  [255n, 8, 8, true, true], [256n, 8, 8, true, false], [-1n, 8, 8, true, false],
];

describe('x64 form selection', () => {
  it.each(IMMS)('immFits(%s, imm%i sign-extended to %i, unsigned %s) = %s', (v, size, ext, unsigned, expected) => {
    expect(immFits(v, { k: 'imm', size, ext, unsigned, text: '' })).toBe(expected);
  });

  it.each([
    ['add', [rax, 1], 'add r/m64, imm8'],
    ['add', [rax, 0x1000], 'add rax, imm32'],
    ['add', [rbx, 0x1000], 'add r/m64, imm32'],
    ['add', [al, 1], 'add al, imm8'],
    ['add', [rax, rbx], 'add r/m64, r64'],
    ['add', [rax, qword(rbx)], 'add r64, r/m64'],
    ['add', [mem(rbx), rax], 'add r/m64, r64'],
    ['mov', [rax, 1], 'mov r/m64, imm32'],
    ['mov', [rax, 0x80000000], 'movabs r64, imm64'],
    ['mov', [eax, 1], 'mov r32, imm32'],
    ['shl', [eax, 1], 'shl r/m32, 1'],
    ['shl', [eax, cl], 'shl r/m32, cl'],
    ['shl', [eax, 2], 'shl r/m32, imm8u'],
    ['movsd', [xmm0, xmm1], 'movsd xmm, xmm/m64'],
    ['movsd', [mem(rax), xmm1], 'movsd xmm/m64, xmm'],
    ['movq', [xmm0, mem(rax)], 'movq xmm, xmm/m64'],
    ['movq', [mem(rax), xmm0], 'movq xmm/m64, xmm'],
    ['movq', [xmm0, rax], 'movq xmm, r/m64'],
    ['push', [mem(rax)], 'push r/m64'],
    ['push', [0x80], 'push imm32'],
  ] as const)('%s %j picks %s', (api, ops, id) => {
    expect(selectRow(api, ops as readonly Operand[]).id).toBe(id);
  });
});
