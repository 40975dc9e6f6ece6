/**
 * Encoding one instruction from its row and operands (SDM Vol.2A 2.1 figure 2-1):
 *   [66/F2/F3 prefixes] [REX] opcode (0F / 0F 38 / 0F 3A escapes) [ModRM [SIB] [disp]] [imm] [rel]
 * Label references (rel8/rel32 branches, [rip+label]) are left as zero placeholders and
 * reported as a Fixup; the assembler patches them once the layout is known.
 */

import { JitError, assert } from './errors.js';
import { encodeRm, littleEndian, rexByte, type RmBytes } from './modrm.js';
import { Absolute, Label, immValue, isMem, type Imm, type Mem, type Operand, type RefTarget } from './operands.js';
import { isReg, type Reg } from './regs.js';
import type { EncodingRow, ImmSpec } from './sdm-row.js';

/** A label (or absolute address) reference inside an encoded instruction. */
export interface Fixup {
  /** Offset of the field from the start of the instruction, in bytes. */
  readonly at: number;
  /** Field width in bytes: 1 (rel8) or 4 (rel32, RIP disp32). */
  readonly size: 1 | 4;
  readonly label: RefTarget;
  /** Bytes added to the label's offset; the field holds label + addend - end of instruction. */
  readonly addend: number;
}

/** The bytes of one instruction, with zeros where `fixup` goes. */
export interface Encoded {
  readonly bytes: readonly number[];
  readonly fixup: Fixup | undefined;
}

/** Operands sorted by where they are encoded. */
interface Fields {
  reg: Reg | undefined;
  rm: Reg | Mem | undefined;
  opreg: Reg | undefined;
  imms: Array<[ImmSpec, Imm]>;
  rel: { size: 1 | 4; label: RefTarget } | undefined;
}

function fields(row: EncodingRow, ops: readonly Operand[]): Fields {
  const f: Fields = { reg: undefined, rm: undefined, opreg: undefined, imms: [], rel: undefined };
  row.roles.forEach((role, i) => {
    const op = ops[i];
    const spec = row.specs[i];
    if (role === 'reg' && isReg(op)) f.reg = op;
    else if (role === 'rm' && (isReg(op) || isMem(op))) f.rm = op;
    else if (role === 'opreg' && isReg(op)) f.opreg = op;
    else if (role === 'imm' && spec?.k === 'imm' && (typeof op === 'number' || typeof op === 'bigint')) f.imms.push([spec, op]);
    else if (role === 'rel' && spec?.k === 'rel' && (op instanceof Label || op instanceof Absolute)) f.rel = { size: spec.size === 8 ? 1 : 4, label: op };
    else assert(role === 'implicit', `operand ${i} of '${row.id}' does not fit role ${role}`);
  });
  return f;
}

/** REX is needed for W, any extension bit, or spl/bpl/sil/dil; it makes ah-bh unencodable. */
function rexPrefix(row: EncodingRow, ops: readonly Operand[], r: number, rm: RmBytes | undefined, opregB: number): number[] {
  const x = rm?.x ?? 0;
  const b = rm?.b ?? opregB;
  const regs = ops.filter(isReg);
  const needs = row.rexW || r !== 0 || x !== 0 || b !== 0 || regs.some((g) => g.kind === 'gpr' && g.needsRex);
  if (!needs) return [];
  const high = regs.find((g) => g.kind === 'gpr' && g.high8);
  if (high) {
    const names = regs.map((g) => g.name).join(', ');
    const message = `${row.id}: ${high.name} cannot be encoded in an instruction with a REX prefix (${names})`;
    throw new JitError('X64_HIGH8_REX', message, { row: row.id, reg: high.name });
  }
  return [rexByte(row.rexW ? 1 : 0, r, x, b)];
}

/** Encodes `ops` with `row` (already selected by selectRow). */
export function encode(row: EncodingRow, ops: readonly Operand[]): Encoded {
  const f = fields(row, ops);
  const regField = row.modrm === 'r' ? (f.reg?.num ?? 0) : (row.modrm ?? 0);
  const rm = f.rm === undefined ? undefined : encodeRm(regField, f.rm);
  const opregNum = f.opreg?.num ?? 0;
  const rex = rexPrefix(row, ops, row.modrm === 'r' ? regField >> 3 : 0, rm, opregNum >> 3);
  const opcode = [...row.opcode];
  if (row.plusReg) opcode[opcode.length - 1] = (opcode.at(-1) ?? 0) + (opregNum & 7);
  const head = [...row.prefixes, ...rex, ...opcode];
  const bytes = [...head, ...(rm?.bytes ?? [])];
  for (const [spec, v] of f.imms) bytes.push(...littleEndian(immValue(v), spec.size / 8));
  let fixup: Fixup | undefined;
  if (f.rm !== undefined && isMem(f.rm) && f.rm.mode === 'rip' && f.rm.label !== undefined) {
    fixup = { at: head.length + (rm?.ripDispAt ?? 0), size: 4, label: f.rm.label, addend: f.rm.disp };
  }
  if (f.rel !== undefined) {
    fixup = { at: bytes.length, size: f.rel.size, label: f.rel.label, addend: 0 };
    bytes.push(...new Array<number>(f.rel.size).fill(0));
  }
  return { bytes, fixup };
}
