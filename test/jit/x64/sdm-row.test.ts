/** Parsing SDM table rows, and the shape of the whole table. */

import { describe, expect, it } from 'vitest';
import { JitError, ROWS, ROWS_BY_API, type OpEn } from '../../../jit/x64/index.js';
import { parseRow } from '../../../jit/x64/sdm-row.js';

/** [Opcode, Instruction, Op/En, prefixes, REX.W, opcode, ModRM, +r, roles]. */
const PARSES: readonly (readonly [string, string, OpEn, number[], boolean, number[], 'r' | number | undefined, boolean, string[]])[] = [
  ['REX.W + 83 /0 ib', 'add r/m64, imm8', 'MI', [], true, [0x83], 0, false, ['rm', 'imm']],
  ['66 0F 3A 0B /r ib', 'roundsd xmm, xmm/m64, imm8u', 'RMI', [0x66], false, [0x0f, 0x3a, 0x0b], 'r', false, ['reg', 'rm', 'imm']],
  ['F2 REX.W 0F 2A /r', 'cvtsi2sd xmm, r/m64', 'RM', [0xf2], true, [0x0f, 0x2a], 'r', false, ['reg', 'rm']],
  ['NP 0F 01 EF', 'wrpkru', 'ZO', [], false, [0x0f, 0x01, 0xef], undefined, false, []],
  ['REX.W + B8+ro io', 'movabs r64, imm64', 'OI', [], true, [0xb8], undefined, true, ['opreg', 'imm']],
  ['66 90', 'xchg ax, ax', 'ZO', [0x66], false, [0x90], undefined, false, ['implicit', 'implicit']],
  ['D3 /4', 'shl r/m32, cl', 'MC', [], false, [0xd3], 4, false, ['rm', 'implicit']],
  ['REX.W + 05 id', 'add rax, imm32', 'I', [], true, [0x05], undefined, false, ['implicit', 'imm']],
];

describe('x64 SDM row parser', () => {
  it.each(PARSES)('%s  %s', (opc, ins, en, prefixes, rexW, opcode, modrm, plusReg, roles) => {
    const r = parseRow(opc, ins, en);
    expect([r.prefixes, r.rexW, r.opcode, r.modrm, r.plusReg, r.roles]).toEqual([prefixes, rexW, opcode, modrm, plusReg, roles]);
  });

  it.each([
    ['83 /0', 'add r/m64, imm8', 'MI', /immediates 8 vs opcode/],
    ['83 /0 ib', 'add r/m64, imm8', 'RM', /Op\/En RM vs ModRM '0'/],
    ['0F AF /r', 'imul r/m32, r32', 'RM', /operand r\/m32 cannot be encoded as reg/],
    ['83 /r ib', 'add r/m64, imm8', 'MI', /Op\/En MI vs ModRM 'r'/],
    ['83 /0 iq', 'add r/m64, imm8', 'MI', /unknown opcode token 'iq'/],
    ['83 /0 ib', 'add r/m65, imm8', 'MI', /unknown operand notation/],
    ['B8 id', 'mov r32, imm32', 'OI', /Op\/En OI vs \+r opcode/],
    ['E9', 'jmp rel32', 'D', /rel operand vs cb\/cd/],
  ] as const)('rejects %s  %s (%s)', (opc, ins, en, message) => {
    expect(() => parseRow(opc, ins, en)).toThrow(JitError);
    expect(() => parseRow(opc, ins, en)).toThrow(message);
  });

  it('has 443 encoding forms with unique ids', () => {
    expect(ROWS.length).toBe(443);
    expect(new Set(ROWS.map((r) => r.id)).size).toBe(443);
  });

  it('lists forms in as-preferred order', () => {
    const ids = (api: string): string[] => (ROWS_BY_API.get(api) ?? []).map((r) => r.id);
    expect(ids('mov').filter((id) => id.includes('64'))).toEqual(['mov r/m64, imm32', 'movabs r64, imm64', 'mov r/m64, r64', 'mov r64, r/m64']);
    expect(ids('add').slice(-5)).toEqual(['add r/m64, imm8', 'add rax, imm32', 'add r/m64, imm32', 'add r/m64, r64', 'add r64, r/m64']);
    expect(ids('movsd')).toEqual(['movsd xmm, xmm/m64', 'movsd xmm/m64, xmm']);
    expect(ids('jne')).toEqual(['jne rel8', 'jne rel32']);
  });
});
