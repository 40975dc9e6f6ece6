/**
 * Prints a decoded instruction the way `objdump -d -M intel` (GNU binutils 2.40) prints its
 * mnemonic and operands, e.g. `mov    rax,QWORD PTR [rbx+rcx*8+0x10]`, `jmp    0x1234`,
 * `mov    rax,QWORD PTR [rip+0x10]        # 0x1017`.  Checked against objdump in
 * test/mpk-hw/cpu/disasm.test.ts (whitespace normalized).
 *
 * Not reproduced (seen by feeding random decodable bytes to both): objdump's markers for
 * prefixes that change nothing (`rex.W`, `addr32`, `notrack`, `riz` for an absent index, a
 * second segment prefix), the AMD-style 16-bit near branches (`jmpw`, `retw`) that objdump
 * shows for a 66 prefix (this machine, like Intel, ignores it), and the byte order of several
 * legacy prefixes (printed here in a fixed order: data16, segment, xacquire/xrelease, lock,
 * rep).
 */
import { GPR_NAMES } from './regs.js';
import {
  Enc, Op, PFX_LOCK, PFX_OPSIZE, PFX_REP, PFX_REPNE, RIP_BASE, SEG_FS, SEG_GS, type Insn,
} from './insn.js';
import { OPCODE_TABLE, mnemonicFor, type OpcodeRow } from './opcode-table.js';

/** Byte registers; 16..19 are AH, CH, DH, BH (HIGH_BYTE_BASE). */
const R8 = ['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil', 'r8b', 'r9b', 'r10b', 'r11b', 'r12b', 'r13b', 'r14b', 'r15b', 'ah', 'ch', 'dh', 'bh'];
const R16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di', 'r8w', 'r9w', 'r10w', 'r11w', 'r12w', 'r13w', 'r14w', 'r15w'];
const R32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'r8d', 'r9d', 'r10d', 'r11d', 'r12d', 'r13d', 'r14d', 'r15d'];
const SEGMENTS = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];
const PTR: Record<number, string> = { 1: 'BYTE PTR ', 2: 'WORD PTR ', 4: 'DWORD PTR ', 8: 'QWORD PTR ', 16: 'XMMWORD PTR ' };

/** Name of general-purpose register `r` at `size` bytes (16..19 are AH..BH). */
export function gprName(r: number, size: number): string {
  const names = size === 1 ? R8 : size === 2 ? R16 : size === 4 ? R32 : GPR_NAMES;
  return names[r] ?? `?r${r}`;
}

const hexU = (v: bigint | number): string => `0x${v.toString(16)}`;
const u64 = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

/**
 * The objdump text of `i` at linear address `address` (used for branch targets and the
 * RIP-relative comment).  Invalid records print as objdump's `(bad)`.
 */
export function disasm(i: Insn, address: number | bigint = 0): string {
  const row = OPCODE_TABLE[i.form];
  if (i.op === Op.INVALID || row === undefined) return '(bad)';
  const next = BigInt(address) + BigInt(i.length);
  if (i.op === Op.NOP && row.opcode === 0x90 && row.prefix === '' && i.size === 2) return 'xchg   ax,ax';
  const pushw = i.op === Op.PUSH && i.enc === Enc.I && i.size === 2 ? 'w' : '';
  const name = [...prefixWords(i, row), mnemonicFor(row, mnemonicSize(i)) + pushw].join(' ');
  const ops = operands(i, row, next);
  let text = ops.length === 0 ? name : `${name.padEnd(6)} ${ops.join(',')}`;
  if (i.mem && i.base === RIP_BASE) {
    const target = BigInt.asUintN(64, next + BigInt(i.disp)); // objdump shows the 64-bit sum even with 67
    text += `        # ${hexU(target)}`;
  }
  return text;
}

/** Size that selects between mnemonics like cbw/cwde/cdqe or movd/movq. */
function mnemonicSize(i: Insn): number {
  return i.op === Op.MOVD_TO_XMM || i.op === Op.MOVD_FROM_XMM ? i.rmSize : i.size;
}

/** Prefixes objdump shows as words because they do not select the instruction. */
function prefixWords(i: Insn, row: OpcodeRow): string[] {
  const w: string[] = [];
  if ((i.prefixes & PFX_OPSIZE) !== 0 && (row.prefix === 'F2' || row.prefix === 'F3')) w.push('data16');
  if (i.segment >= 0 && i.segment !== SEG_FS && i.segment !== SEG_GS) w.push(SEGMENTS[i.segment] ?? '');
  const lock = (i.prefixes & PFX_LOCK) !== 0;
  // HLE hints: F2/F3 with LOCK, or F3 on a MOV to memory, are XACQUIRE/XRELEASE.
  const hle = lock || (i.op === Op.MOV && i.mem && i.enc !== Enc.RM);
  const rep = (i.prefixes & PFX_REP) !== 0 && row.prefix !== 'F3';
  const repne = (i.prefixes & PFX_REPNE) !== 0 && row.prefix !== 'F2';
  if (hle && repne && lock) w.push('xacquire');
  if (hle && rep) w.push('xrelease');
  if (lock) w.push('lock');
  const branch = i.op === Op.JCC || i.op === Op.JMP || i.op === Op.JMP_RM || i.op === Op.CALL || i.op === Op.CALL_RM || i.op === Op.RET;
  if (rep && !hle) w.push('repz');
  if (repne && !(hle && lock)) w.push(branch ? 'bnd' : 'repnz');
  return w;
}

function operands(i: Insn, row: OpcodeRow, next: bigint): string[] {
  const reg = (): string => (row.regK === 'x' ? `xmm${i.reg}` : gprName(i.reg, i.size));
  const rm = (): string => rmOperand(i, row);
  switch (i.enc) {
    case Enc.ZO: return [];
    case Enc.MR: return [rm(), reg()];
    case Enc.RM: return [reg(), rm()];
    case Enc.MI: return [rm(), immediate(i, row)];
    case Enc.M: return [rm()];
    case Enc.M1: return [rm(), '1'];
    case Enc.MC: return [rm(), 'cl'];
    case Enc.RMI: return [reg(), rm(), immediate(i, row)];
    case Enc.I: return [immediate(i, row)];
    case Enc.D: return [hexU(BigInt.asUintN(64, next + BigInt(i.imm)))];
  }
}

/** An immediate, shown as objdump does: masked to the operand size, in hex. */
function immediate(i: Insn, row: OpcodeRow): string {
  if (row.uimm) return hexU(i.imm);
  const size = i.size;
  if (size === 8) return hexU(u64(i.imm, i.immHi));
  const mask = size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
  return hexU((i.imm & mask) >>> 0);
}

function rmOperand(i: Insn, row: OpcodeRow): string {
  if (!i.mem) return row.rmK === 'x' ? `xmm${i.rm}` : gprName(i.rm, i.rmSize);
  const ptr = PTR[i.rmSize] ?? '';
  const seg = i.segment === SEG_FS || i.segment === SEG_GS ? `${SEGMENTS[i.segment]}:` : '';
  if (i.base < 0 && i.index < 0) {
    return `${ptr}${seg || 'ds:'}${hexU(BigInt.asUintN(i.addr32 ? 32 : 64, BigInt(i.disp)))}`;
  }
  return `${ptr}${seg}[${address(i)}]`;
}

/** The inside of [...]: base+index*scale+disp. */
function address(i: Insn): string {
  const name = (r: number): string => (i.addr32 ? gprName(r, 4) : gprName(r, 8));
  const parts: string[] = [];
  if (i.base === RIP_BASE) parts.push(i.addr32 ? 'eip' : 'rip');
  else if (i.base >= 0) parts.push(name(i.base));
  if (i.index >= 0) parts.push(`${name(i.index)}*${i.scale}`);
  let s = parts.join('+');
  if (i.base === RIP_BASE) return `${s}+${hexU(BigInt.asUintN(64, BigInt(i.disp)))}`;
  if (i.dispSize > 0 || i.base < 0) s += i.disp < 0 ? `-${hexU(-i.disp)}` : `+${hexU(i.disp)}`;
  return s;
}
