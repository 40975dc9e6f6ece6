/**
 * Intel-syntax printer that reproduces `objdump -d -M intel --no-show-raw-insn` (GNU binutils
 * 2.40) character for character, so a listing can be diffed against objdump's. objdump's
 * conventions, kept on purpose:
 *   - mnemonic padded to 6 columns then one space ("mov    rax,rbx"); operands joined by ','
 *   - immediates in hex, zero-extended at the operand size: add rax,-1 prints 0xffffffffffffffff;
 *     the shift-by-one forms print a bare "1"
 *   - "+0x0" whenever a displacement byte is encoded ([rbp+0x0], nop DWORD PTR [rax+0x0]);
 *     scale 1 printed as "*1"; an absolute [disp32] as "ds:0x..."
 *   - [rip+disp32] with the disp zero-extended to 64 bits ([rip+0xfffffffffffffff0]) and the
 *     target as a comment: "        # 0x1c"
 *   - branch targets as absolute addresses ("jmp    0x12"); no size keyword for lea / xsave memory
 */

import type { EmittedInsn } from './link.js';
import { dispWidth } from './modrm.js';
import type { Mem, Operand } from './operands.js';
import type { OperandSpec } from './sdm-row.js';

const PTR: Readonly<Record<number, string>> = { 8: 'BYTE PTR ', 16: 'WORD PTR ', 32: 'DWORD PTR ', 64: 'QWORD PTR ', 128: 'XMMWORD PTR ' };

const hex64 = (v: bigint | number): string => '0x' + BigInt.asUintN(64, BigInt(v)).toString(16);
const signedHex = (v: number): string => (v < 0 ? '-0x' + (-v).toString(16) : '+0x' + v.toString(16));

function ptrPrefix(spec: OperandSpec): string {
  return spec.k === 'rm' || spec.k === 'xmmrm' ? (PTR[spec.size] ?? '') : '';
}

function printAddress(m: Mem): string {
  if (m.mode === 'rip') return `[rip+${hex64(m.disp)}]`;
  if (m.base === undefined && m.index === undefined) return `ds:${hex64(m.disp)}`;
  const parts = [m.base?.name, m.index === undefined ? undefined : `${m.index.name}*${m.scale}`];
  const reg = parts.filter((p) => p !== undefined).join('+');
  return `[${reg}${dispWidth(m) === 0 ? '' : signedHex(m.disp)}]`;
}

function printImm(spec: OperandSpec, v: number | bigint): string {
  if (spec.k === 'one') return '1';
  if (spec.k !== 'imm') return String(v);
  return '0x' + (spec.unsigned ? BigInt(v) : BigInt.asUintN(spec.ext, BigInt(v))).toString(16);
}

function printOperand(spec: OperandSpec, op: Operand | undefined, shift: number): string {
  if (op === undefined) return '?';
  if (typeof op === 'number' || typeof op === 'bigint') return printImm(spec, op);
  if (op.kind === 'target') return hex64(op.offset + shift);
  if (op.kind === 'mem') return ptrPrefix(spec) + printAddress(op);
  if (op.kind === 'gpr' || op.kind === 'xmm') return op.name;
  return op.toString(); // an unresolved Label: never in an EmittedInsn
}

/** One instruction as objdump prints it, as if it sat at `address` (default: its own offset). */
export function printInsn(insn: EmittedInsn, address: number = insn.offset): string {
  const shift = address - insn.offset;
  const ops = insn.row.specs.map((spec, i) => printOperand(spec, insn.operands[i], shift));
  const text = ops.length === 0 ? insn.row.mnem : `${insn.row.mnem.padEnd(6)} ${ops.join(',')}`;
  const ripMem = insn.operands.find((op): op is Mem => typeof op === 'object' && op.kind === 'mem' && op.mode === 'rip');
  if (ripMem === undefined) return text;
  return `${text}        # ${hex64(address + insn.bytes.length + ripMem.disp)}`;
}

/** A listing in objdump's layout: "<hex offset right-aligned in 4>:\t<text>" per instruction. */
export function printListing(insns: readonly EmittedInsn[], base = 0): string {
  return insns.map((i) => `${(base + i.offset).toString(16).padStart(4)}:\t${printInsn(i, base + i.offset)}`).join('\n');
}
