/**
 * The encoding table: one row per instruction form, in the SDM Vol.2 notation (Opcode column,
 * Instruction column, Op/En column). Families the SDM lays out identically (the Group 1 ALU
 * ops, Group 2 shifts, Group 3 unary ops, the 16 condition codes) are written once as row
 * templates.
 *
 * Row order matters: the builder takes the first row that accepts the operands, and the order
 * below is the one GNU as (2.40, no -O) prefers, so objdump's text assembles back to our bytes:
 *   - integer reg, reg: the MR form (add rax,rbx is 48 01 D8, not 48 03 C3)
 *   - SSE moves xmm, xmm: the RM (load) form (movsd F2 0F 10, movapd 66 0F 28, movq F3 0F 7E)
 *   - movq with memory: F3 0F 7E (load) and 66 0F D6 (store), not 66 REX.W 0F 6E / 7E
 *   - Group 1 immediates: imm8 when it sign-extends to the value, then the accumulator short
 *     form (05 id for eax/rax, 04 ib for al, A8/A9 for test), then 81 /d id
 *   - mov r32, imm: B8+rd; mov r64, imm: C7 /0 (sign-extended imm32) if it fits, else movabs
 *   - shifts by 1: D0/D1 (objdump prints "1"), not C0/C1 ib
 */

import { JitError } from './errors.js';
import { parseRow, type EncodingRow, type OpEn } from './sdm-row.js';

/** [Opcode, Instruction, Op/En, builder aliases?] exactly as in the SDM tables. */
type RowText = readonly [string, string, OpEn, (readonly string[])?];

const h = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

/** Condition codes in encoding order (the low nibble of Jcc/SETcc/CMOVcc), SDM Vol.1 B.1. */
export const CONDITION_CODES = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'] as const;
/** One of the sixteen condition-code suffixes, as objdump prints them. */
export type Cond = (typeof CONDITION_CODES)[number];

/** Group 1 (SDM: ADD/OR/ADC/SBB/AND/SUB/XOR/CMP): /digit d, opcode base 8*d. */
function group1(op: string, d: number): RowText[] {
  const b = 8 * d;
  return [
    [`${h(b + 4)} ib`, `${op} al, imm8`, 'I'],
    [`80 /${d} ib`, `${op} r/m8, imm8`, 'MI'],
    [`${h(b)} /r`, `${op} r/m8, r8`, 'MR'],
    [`${h(b + 2)} /r`, `${op} r8, r/m8`, 'RM'],
    [`66 83 /${d} ib`, `${op} r/m16, imm8`, 'MI'],
    [`66 ${h(b + 5)} iw`, `${op} ax, imm16`, 'I'],
    [`66 81 /${d} iw`, `${op} r/m16, imm16`, 'MI'],
    [`66 ${h(b + 1)} /r`, `${op} r/m16, r16`, 'MR'],
    [`66 ${h(b + 3)} /r`, `${op} r16, r/m16`, 'RM'],
    [`83 /${d} ib`, `${op} r/m32, imm8`, 'MI'],
    [`${h(b + 5)} id`, `${op} eax, imm32`, 'I'],
    [`81 /${d} id`, `${op} r/m32, imm32`, 'MI'],
    [`${h(b + 1)} /r`, `${op} r/m32, r32`, 'MR'],
    [`${h(b + 3)} /r`, `${op} r32, r/m32`, 'RM'],
    [`REX.W + 83 /${d} ib`, `${op} r/m64, imm8`, 'MI'],
    [`REX.W + ${h(b + 5)} id`, `${op} rax, imm32`, 'I'],
    [`REX.W + 81 /${d} id`, `${op} r/m64, imm32`, 'MI'],
    [`REX.W + ${h(b + 1)} /r`, `${op} r/m64, r64`, 'MR'],
    [`REX.W + ${h(b + 3)} /r`, `${op} r64, r/m64`, 'RM'],
  ];
}

/** Group 2 (SDM: ROL/ROR/SHL/SHR/SAR): by 1, by CL, by imm8. */
function group2(op: string, d: number): RowText[] {
  const sizes = [['D0', 'D2', 'C0', '', 8], ['D1', 'D3', 'C1', '66 ', 16], ['D1', 'D3', 'C1', '', 32], ['D1', 'D3', 'C1', 'REX.W + ', 64]] as const;
  return sizes.flatMap(([one, byCl, byImm, pre, n]): RowText[] => [
    [`${pre}${one} /${d}`, `${op} r/m${n}, 1`, 'M1'],
    [`${pre}${byCl} /${d}`, `${op} r/m${n}, cl`, 'MC'],
    [`${pre}${byImm} /${d} ib`, `${op} r/m${n}, imm8u`, 'MI'],
  ]);
}

/** Group 3/4/5 single-operand forms: F6/F7 (NOT, NEG, MUL, IMUL, DIV, IDIV) and FE/FF (INC, DEC). */
function unary(op: string, byte8: string, byteN: string, d: number): RowText[] {
  return [
    [`${byte8} /${d}`, `${op} r/m8`, 'M'],
    [`66 ${byteN} /${d}`, `${op} r/m16`, 'M'],
    [`${byteN} /${d}`, `${op} r/m32`, 'M'],
    [`REX.W + ${byteN} /${d}`, `${op} r/m64`, 'M'],
  ];
}

/** A row per condition code: `base+cc` in the opcode, `{cc}` in the mnemonic. */
function perCc(rows: readonly RowText[]): RowText[] {
  return CONDITION_CODES.flatMap((cc, n) =>
    rows.map(([opc, ins, en]): RowText => [opc.replace(/([0-9A-F]{2})\+cc/, (_, b: string) => h(parseInt(b, 16) + n)), ins.replace('{cc}', cc), en]),
  );
}

const MOV: RowText[] = [
  ['B0+rb ib', 'mov r8, imm8', 'OI'],
  ['C6 /0 ib', 'mov r/m8, imm8', 'MI'],
  ['88 /r', 'mov r/m8, r8', 'MR'],
  ['8A /r', 'mov r8, r/m8', 'RM'],
  ['66 B8+rw iw', 'mov r16, imm16', 'OI'],
  ['66 C7 /0 iw', 'mov r/m16, imm16', 'MI'],
  ['66 89 /r', 'mov r/m16, r16', 'MR'],
  ['66 8B /r', 'mov r16, r/m16', 'RM'],
  ['B8+rd id', 'mov r32, imm32', 'OI'],
  ['C7 /0 id', 'mov r/m32, imm32', 'MI'],
  ['89 /r', 'mov r/m32, r32', 'MR'],
  ['8B /r', 'mov r32, r/m32', 'RM'],
  ['REX.W + C7 /0 id', 'mov r/m64, imm32', 'MI'],
  ['REX.W + B8+ro io', 'movabs r64, imm64', 'OI', ['mov']],
  ['REX.W + 89 /r', 'mov r/m64, r64', 'MR'],
  ['REX.W + 8B /r', 'mov r64, r/m64', 'RM'],
  ['66 0F B6 /r', 'movzx r16, r/m8', 'RM'],
  ['0F B6 /r', 'movzx r32, r/m8', 'RM'],
  ['REX.W + 0F B6 /r', 'movzx r64, r/m8', 'RM'],
  ['0F B7 /r', 'movzx r32, r/m16', 'RM'],
  ['REX.W + 0F B7 /r', 'movzx r64, r/m16', 'RM'],
  ['66 0F BE /r', 'movsx r16, r/m8', 'RM'],
  ['0F BE /r', 'movsx r32, r/m8', 'RM'],
  ['REX.W + 0F BE /r', 'movsx r64, r/m8', 'RM'],
  ['0F BF /r', 'movsx r32, r/m16', 'RM'],
  ['REX.W + 0F BF /r', 'movsx r64, r/m16', 'RM'],
  ['REX.W + 63 /r', 'movsxd r64, r/m32', 'RM'],
  ['8D /r', 'lea r32, m', 'RM'],
  ['REX.W + 8D /r', 'lea r64, m', 'RM'],
];

const TEST: RowText[] = [
  ['A8 ib', 'test al, imm8', 'I'],
  ['F6 /0 ib', 'test r/m8, imm8', 'MI'],
  ['84 /r', 'test r/m8, r8', 'MR'],
  ['66 A9 iw', 'test ax, imm16', 'I'],
  ['66 F7 /0 iw', 'test r/m16, imm16', 'MI'],
  ['66 85 /r', 'test r/m16, r16', 'MR'],
  ['A9 id', 'test eax, imm32', 'I'],
  ['F7 /0 id', 'test r/m32, imm32', 'MI'],
  ['85 /r', 'test r/m32, r32', 'MR'],
  ['REX.W + A9 id', 'test rax, imm32', 'I'],
  ['REX.W + F7 /0 id', 'test r/m64, imm32', 'MI'],
  ['REX.W + 85 /r', 'test r/m64, r64', 'MR'],
];

const IMUL: RowText[] = [
  ['66 0F AF /r', 'imul r16, r/m16', 'RM'],
  ['0F AF /r', 'imul r32, r/m32', 'RM'],
  ['REX.W + 0F AF /r', 'imul r64, r/m64', 'RM'],
  ['66 6B /r ib', 'imul r16, r/m16, imm8', 'RMI'],
  ['66 69 /r iw', 'imul r16, r/m16, imm16', 'RMI'],
  ['6B /r ib', 'imul r32, r/m32, imm8', 'RMI'],
  ['69 /r id', 'imul r32, r/m32, imm32', 'RMI'],
  ['REX.W + 6B /r ib', 'imul r64, r/m64, imm8', 'RMI'],
  ['REX.W + 69 /r id', 'imul r64, r/m64, imm32', 'RMI'],
];

const CONTROL: RowText[] = [
  ['EB cb', 'jmp rel8', 'D'],
  ['E9 cd', 'jmp rel32', 'D'],
  ['FF /4', 'jmp r/m64', 'M'],
  ['E8 cd', 'call rel32', 'D'],
  ['FF /2', 'call r/m64', 'M'],
  ['C3', 'ret', 'ZO'],
  ['50+ro', 'push r64', 'O'],
  ['FF /6', 'push r/m64', 'M'],
  ['6A ib', 'push imm8', 'I'],
  ['68 id', 'push imm32', 'I'],
  ['58+ro', 'pop r64', 'O'],
  ['8F /0', 'pop r/m64', 'M'],
  ...perCc([
    ['70+cc cb', 'j{cc} rel8', 'D'],
    ['0F 80+cc cd', 'j{cc} rel32', 'D'],
    ['0F 90+cc /0', 'set{cc} r/m8', 'M'],
    ['66 0F 40+cc /r', 'cmov{cc} r16, r/m16', 'RM'],
    ['0F 40+cc /r', 'cmov{cc} r32, r/m32', 'RM'],
    ['REX.W + 0F 40+cc /r', 'cmov{cc} r64, r/m64', 'RM'],
  ]),
];

const SYSTEM: RowText[] = [
  ['99', 'cdq', 'ZO'],
  ['REX.W + 99', 'cqo', 'ZO'],
  ['90', 'nop', 'ZO'],
  ['66 90', 'xchg ax, ax', 'ZO'],
  ['66 0F 1F /0', 'nop r/m16', 'M'],
  ['0F 1F /0', 'nop r/m32', 'M'],
  ['CC', 'int3', 'ZO'],
  ['0F 0B', 'ud2', 'ZO'],
  ['0F 05', 'syscall', 'ZO'],
  ['NP 0F 01 EF', 'wrpkru', 'ZO'],
  ['NP 0F 01 EE', 'rdpkru', 'ZO'],
  ['NP 0F AE /4', 'xsave m', 'M'],
  ['NP REX.W + 0F AE /4', 'xsave64 m', 'M'],
  ['NP 0F AE /5', 'xrstor m', 'M'],
  ['NP REX.W + 0F AE /5', 'xrstor64 m', 'M'],
];

const SSE: RowText[] = [
  ['F2 0F 10 /r', 'movsd xmm, xmm/m64', 'RM'],
  ['F2 0F 11 /r', 'movsd xmm/m64, xmm', 'MR'],
  ['F3 0F 7E /r', 'movq xmm, xmm/m64', 'RM'],
  ['66 0F D6 /r', 'movq xmm/m64, xmm', 'MR'],
  ['66 REX.W 0F 6E /r', 'movq xmm, r/m64', 'RM'],
  ['66 REX.W 0F 7E /r', 'movq r/m64, xmm', 'MR'],
  ['66 0F 28 /r', 'movapd xmm, xmm/m128', 'RM'],
  ['66 0F 29 /r', 'movapd xmm/m128, xmm', 'MR'],
  ['F2 0F 58 /r', 'addsd xmm, xmm/m64', 'RM'],
  ['F2 0F 5C /r', 'subsd xmm, xmm/m64', 'RM'],
  ['F2 0F 59 /r', 'mulsd xmm, xmm/m64', 'RM'],
  ['F2 0F 5E /r', 'divsd xmm, xmm/m64', 'RM'],
  ['F2 0F 51 /r', 'sqrtsd xmm, xmm/m64', 'RM'],
  ['F2 0F 5D /r', 'minsd xmm, xmm/m64', 'RM'],
  ['F2 0F 5F /r', 'maxsd xmm, xmm/m64', 'RM'],
  ['66 0F 2E /r', 'ucomisd xmm, xmm/m64', 'RM'],
  ['66 0F 2F /r', 'comisd xmm, xmm/m64', 'RM'],
  ['F2 0F 2A /r', 'cvtsi2sd xmm, r/m32', 'RM'],
  ['F2 REX.W 0F 2A /r', 'cvtsi2sd xmm, r/m64', 'RM'],
  ['F2 0F 2C /r', 'cvttsd2si r32, xmm/m64', 'RM'],
  ['F2 REX.W 0F 2C /r', 'cvttsd2si r64, xmm/m64', 'RM'],
  ['66 0F 54 /r', 'andpd xmm, xmm/m128', 'RM'],
  ['66 0F 55 /r', 'andnpd xmm, xmm/m128', 'RM'],
  ['66 0F 56 /r', 'orpd xmm, xmm/m128', 'RM'],
  ['66 0F 57 /r', 'xorpd xmm, xmm/m128', 'RM'],
  ['66 0F 3A 0B /r ib', 'roundsd xmm, xmm/m64, imm8u', 'RMI'],
];

const TEXT: readonly RowText[] = [
  ...MOV,
  ...(['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'] as const).flatMap((op, d) => group1(op, d)),
  ...TEST,
  ...unary('inc', 'FE', 'FF', 0), ...unary('dec', 'FE', 'FF', 1),
  ...unary('not', 'F6', 'F7', 2), ...unary('neg', 'F6', 'F7', 3),
  ...unary('mul', 'F6', 'F7', 4), ...unary('imul', 'F6', 'F7', 5),
  ...unary('div', 'F6', 'F7', 6), ...unary('idiv', 'F6', 'F7', 7),
  ...IMUL,
  ...group2('rol', 0), ...group2('ror', 1), ...group2('shl', 4), ...group2('shr', 5), ...group2('sar', 7),
  ...CONTROL,
  ...SYSTEM,
  ...SSE,
];

/** Every encoding form, in table order. */
export const ROWS: readonly EncodingRow[] = Object.freeze(TEXT.map(([opc, ins, en, alias]) => parseRow(opc, ins, en, alias)));

function indexRows(): ReadonlyMap<string, readonly EncodingRow[]> {
  const byApi = new Map<string, EncodingRow[]>();
  const ids = new Set<string>();
  for (const row of ROWS) {
    if (ids.has(row.id)) throw new JitError('X64_TABLE', `duplicate encoding row '${row.id}'`, { row: row.id });
    ids.add(row.id);
    for (const name of row.api) byApi.set(name, [...(byApi.get(name) ?? []), row]);
  }
  return byApi;
}

/** Rows by builder name, each list in table (preference) order. */
export const ROWS_BY_API: ReadonlyMap<string, readonly EncodingRow[]> = indexRows();

/** Rows by id (the Instruction column). */
export const ROW_BY_ID: ReadonlyMap<string, EncodingRow> = new Map(ROWS.map((r) => [r.id, r]));
