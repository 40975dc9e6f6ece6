/**
 * Form selection: which table row encodes a builder call. The first row (table order) whose
 * operand specs all accept the operands wins; failures are diagnosed into the error a user
 * can act on (immediate out of range, memory size needed, no such form).
 */

import { ROWS_BY_API } from './encodings.js';
import { JitError, hex } from './errors.js';
import { Absolute, Label, immValue, isImm, isMem, type Mem, type Operand } from './operands.js';
import { isReg, type Gpr, type Xmm } from './regs.js';
import type { EncodingRow, ImmSpec, OperandSpec } from './sdm-row.js';

function isGpr(op: Operand): op is Gpr {
  return isReg(op) && op.kind === 'gpr';
}

function isXmm(op: Operand): op is Xmm {
  return isReg(op) && op.kind === 'xmm';
}

/** Does immediate `v` fit `spec`: storable in `size` bits and sign-extending back to itself? */
export function immFits(v: bigint, spec: ImmSpec): boolean {
  if (spec.unsigned) return v >= 0n && v <= 0xffn;
  const ext = BigInt(spec.ext);
  // Accept the value as signed or as unsigned at the operand size: add eax, 0xffffffff is -1.
  if (v < -(1n << (ext - 1n)) || v >= 1n << ext) return false;
  const u = BigInt.asUintN(spec.ext, v);
  return BigInt.asUintN(spec.ext, BigInt.asIntN(spec.size, u)) === u;
}

function memFits(op: Mem, size: number | undefined): boolean {
  return op.size === undefined || size === undefined || op.size === size;
}

/** Memory width a spec implies, in bits; undefined for `m` (any) and non-memory specs. */
export function specMemSize(spec: OperandSpec): number | undefined {
  return spec.k === 'rm' || spec.k === 'xmmrm' ? spec.size : undefined;
}

/** Does `op` fit `spec`? Unsized memory fits every memory spec; selectRow checks ambiguity. */
export function fits(spec: OperandSpec, op: Operand): boolean {
  switch (spec.k) {
    case 'gpr': return isGpr(op) && op.size === spec.size;
    case 'fixed': return op === spec.reg;
    case 'one': return isImm(op) && immValue(op) === 1n;
    case 'rm': return (isGpr(op) && op.size === spec.size) || (isMem(op) && memFits(op, spec.size));
    case 'm': return isMem(op);
    case 'xmm': return isXmm(op);
    case 'xmmrm': return isXmm(op) || (isMem(op) && memFits(op, spec.size));
    case 'imm': return isImm(op) && immFits(immValue(op), spec);
    // An absolute target has no rel8 form: where the code goes is known only at finish().
    case 'rel': return op instanceof Label || (op instanceof Absolute && spec.size === 32);
  }
}

/** Short text of an operand for error messages. */
export function describeOperand(op: Operand): string {
  if (isImm(op)) return hex(op);
  if (op instanceof Label || op instanceof Absolute) return op.toString();
  if (isReg(op)) return op.name;
  if (op.kind === 'target') return `target ${hex(op.offset)}`;
  return op.size === undefined ? 'mem' : `m${op.size}`;
}

function describeCall(api: string, ops: readonly Operand[]): string {
  return `${api}(${ops.map(describeOperand).join(', ')})`;
}

function checkMemSize(api: string, hits: readonly EncodingRow[], ops: readonly Operand[]): void {
  ops.forEach((op, i) => {
    if (!isMem(op) || op.size !== undefined) return;
    const sizes = new Set(hits.map((r) => r.specs[i]).flatMap((s) => (s ? [specMemSize(s)] : [])).filter((s) => s !== undefined));
    if (sizes.size > 1) {
      const which = [...sizes].map((s) => `m${s}`).join(', ');
      const message = `${describeCall(api, ops)}: memory operand ${i + 1} needs a size (one of ${which}); wrap it in byte/word/dword/qword`;
      throw new JitError('X64_MEM_SIZE', message, { api, operand: i, sizes: [...sizes] });
    }
  });
}

function diagnose(api: string, rows: readonly EncodingRow[], ops: readonly Operand[]): JitError {
  const call = describeCall(api, ops);
  const sameArity = rows.filter((r) => r.specs.length === ops.length);
  const immRows = sameArity.filter((r) => r.specs.every((s, i) => s.k === 'imm' ? isImm(ops[i]) : fits(s, ops[i] as Operand)));
  if (immRows.length > 0) {
    const forms = immRows.map((r) => r.id).join(' | ');
    return new JitError('X64_IMM_RANGE', `${call}: immediate does not fit any of: ${forms}`, { api, forms });
  }
  const forms = (sameArity.length > 0 ? sameArity : rows).map((r) => r.id).join(' | ');
  return new JitError('X64_NO_FORM', `${call}: no encoding form takes these operands; forms: ${forms}`, { api, forms });
}

/** The row that encodes `api(...ops)`: the first accepting row in table order. */
export function selectRow(api: string, ops: readonly Operand[]): EncodingRow {
  const rows = ROWS_BY_API.get(api);
  if (rows === undefined) throw new JitError('X64_NO_FORM', `unknown mnemonic '${api}'`, { api });
  const hits = rows.filter((r) => r.specs.length === ops.length && r.specs.every((s, i) => fits(s, ops[i] as Operand)));
  const first = hits[0];
  if (first === undefined) throw diagnose(api, rows, ops);
  checkMemSize(api, hits, ops);
  return first;
}
