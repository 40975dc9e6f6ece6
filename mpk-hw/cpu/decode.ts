/**
 * The x86-64 decoder: bytes -> a frozen Insn record (insn.ts), driven by OPCODE_TABLE.  Pure: it
 * reads only the bytes it is given and the table.  SDM Vol.2 chapter 2 (instruction format):
 *
 *   [legacy prefixes] [REX] [0F [38|3A]] opcode [ModRM [SIB] [disp8|disp32]] [immediate]
 *
 * Unknown, unsupported or undefined encodings become an INVALID record with vector 6 (#UD);
 * an instruction longer than 15 bytes becomes an INVALID record with vector 13 (#GP(0),
 * SDM Vol.2 2.3.11).  The decoder never throws.
 */
import {
  Enc, HIGH_BYTE_BASE, Op, PFX_ADSIZE, PFX_LOCK, PFX_OPSIZE, PFX_REP, PFX_REPNE, RIP_BASE,
  blankInsn, freezeInsn, invalidInsn, type Insn, type InsnFields,
} from './insn.js';
import { ROWS_BY_OPCODE, type MandatoryPrefix, type OpcodeRow, type SizeKind } from './opcode-table.js';

/** Architectural limit on instruction length in bytes (SDM Vol.2 2.3.11). */
export const MAX_INSN_LENGTH = 15;

/**
 * Returned (not thrown) when the bytes supplied end before the instruction does and fewer than
 * 15 were supplied: the caller fetches the next page and decodes again.
 */
export const NEED_MORE: Insn = invalidInsn(0, 6, 'instruction continues past the bytes supplied');

/** Internal signals of the byte reader. */
const OUT_OF_BYTES = { kind: 'out-of-bytes' } as const;
const TOO_LONG = { kind: 'too-long' } as const;

/** Cursor over the instruction bytes. */
class Reader {
  /** Bytes consumed so far. */
  pos = 0;
  constructor(private readonly bytes: Uint8Array, private readonly start: number, private readonly avail: number) {}

  peek(): number {
    if (this.pos >= MAX_INSN_LENGTH) throw TOO_LONG;
    if (this.pos >= this.avail) throw OUT_OF_BYTES;
    return this.bytes[this.start + this.pos] ?? 0;
  }

  next(): number {
    const b = this.peek();
    this.pos++;
    return b;
  }

  /** A little-endian signed value of `n` bytes (1, 2 or 4). */
  signed(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v |= this.next() << (8 * i);
    return n === 4 ? v | 0 : (v << (32 - 8 * n)) >> (32 - 8 * n);
  }
}

/**
 * Decodes the instruction starting at bytes[start]; `avail` bytes are available from there.
 * Returns NEED_MORE when avail < 15 and the instruction is not complete within them.
 */
export function decode(bytes: Uint8Array, start: number, avail: number): Insn {
  const rd = new Reader(bytes, start, avail);
  const f = blankInsn();
  try {
    return decodeFields(rd, f);
  } catch (e) {
    if (e === OUT_OF_BYTES) return NEED_MORE;
    if (e === TOO_LONG) return invalidInsn(MAX_INSN_LENGTH, 13, 'instruction longer than 15 bytes', f.prefixes, f.rex);
    throw e;
  }
}

function decodeFields(rd: Reader, f: InsnFields): Insn {
  readPrefixes(rd, f);
  let opcode = rd.next();
  let map = 0;
  if (opcode === 0x0f) {
    map = 1;
    opcode = rd.next();
    if (opcode === 0x38 || opcode === 0x3a) {
      map = opcode === 0x38 ? 2 : 3;
      opcode = rd.next();
    }
  }
  const cands = ROWS_BY_OPCODE[map * 256 + opcode] ?? [];
  const modrm = cands.some((row) => row.modrm) ? rd.peek() : -1;
  const row = selectRow(cands, mandatoryPrefix(f), modrm, f.rex);
  if (row === undefined) return undefinedOpcode(rd, f, map, opcode, modrm);
  if (modrm >= 0) rd.next();
  applyRow(f, row, opcode);
  if (modrm >= 0) decodeModrm(rd, f, row, modrm);
  if ((f.prefixes & PFX_LOCK) !== 0 && !(row.lock && f.mem)) {
    return invalidInsn(rd.pos, 6, `LOCK prefix not allowed on ${row.mnemonic}${f.mem ? '' : ' with a register destination'}`, f.prefixes, f.rex);
  }
  readImmediate(rd, f, row);
  f.length = rd.pos;
  return freezeInsn(f);
}

/** Legacy prefixes in any order, then REX; a legacy prefix after REX cancels it (SDM Vol.2 2.2.1). */
function readPrefixes(rd: Reader, f: InsnFields): void {
  for (;;) {
    const b = rd.peek();
    if ((b & 0xf0) === 0x40) {
      f.rex = b;
      rd.pos++;
      continue;
    }
    const seg = SEGMENT_PREFIX.indexOf(b);
    if (seg >= 0) f.segment = seg;
    else if (b === 0xf0) f.prefixes |= PFX_LOCK;
    else if (b === 0xf2) f.prefixes = (f.prefixes & ~PFX_REP) | PFX_REPNE;
    else if (b === 0xf3) f.prefixes = (f.prefixes & ~PFX_REPNE) | PFX_REP;
    else if (b === 0x66) f.prefixes |= PFX_OPSIZE;
    else if (b === 0x67) f.prefixes |= PFX_ADSIZE;
    else return;
    f.rex = 0;
    rd.pos++;
  }
}

/** ES CS SS DS FS GS override prefixes (SDM Vol.2 2.1.1, group 2). */
const SEGMENT_PREFIX = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65];

/** The mandatory-prefix class: the last of F2/F3 wins, then 66 (SDM Vol.2 2.1.2, 2.2.1.1). */
function mandatoryPrefix(f: InsnFields): MandatoryPrefix {
  if ((f.prefixes & PFX_REP) !== 0) return 'F3';
  if ((f.prefixes & PFX_REPNE) !== 0) return 'F2';
  return (f.prefixes & PFX_OPSIZE) !== 0 ? '66' : 'NP';
}

/** Rows with exactly this mandatory prefix first; rows that take any prefix otherwise. */
function selectRow(cands: readonly OpcodeRow[], mp: MandatoryPrefix, modrm: number, rex: number): OpcodeRow | undefined {
  const fits = (row: OpcodeRow): boolean =>
    (row.digit < 0 || row.digit === ((modrm >> 3) & 7)) &&
    (row.exact < 0 || row.exact === modrm) &&
    (row.mod === 'any' || (row.mod === 'reg') === (modrm >> 6 === 3)) &&
    !(row.noRexB && (rex & 1) !== 0);
  return cands.find((row) => row.prefix === mp && fits(row)) ?? cands.find((row) => row.prefix === '' && fits(row));
}

function undefinedOpcode(rd: Reader, f: InsnFields, map: number, opcode: number, modrm: number): Insn {
  const esc = ['', '0F ', '0F 38 ', '0F 3A '][map] ?? '';
  const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');
  let what = `${esc}${hex2(opcode)}${modrm >= 0 ? ` /${(modrm >> 3) & 7} (ModRM ${hex2(modrm)})` : ''}`;
  if (map === 1 && opcode === 0x01 && (modrm === 0xee || modrm === 0xef)) {
    what = `${modrm === 0xef ? 'WRPKRU' : 'RDPKRU'} with a 66/F2/F3 prefix (NP encoding)`;
  }
  return invalidInsn(Math.max(rd.pos, 1), 6, `undefined or unsupported opcode ${what}`, f.prefixes, f.rex);
}

/** Operand size in bytes of a size kind under the current prefixes (SDM Vol.2 Table 3-4). */
function sizeOf(kind: SizeKind, f: InsnFields, row: OpcodeRow): number {
  const w = (f.rex & 8) !== 0;
  const o16 = (f.prefixes & PFX_OPSIZE) !== 0 && row.prefix !== '66';
  switch (kind) {
    case 'b': return 1;
    case 'w': return 2;
    case 'd': return 4;
    case 'q': case 'f64': return 8;
    case 'x': return 16;
    case 'v': return w ? 8 : o16 ? 2 : 4;
    case 'y': return w ? 8 : 4;
    case 'd64': return o16 ? 2 : 8;
    case '-': return 0;
  }
}

function applyRow(f: InsnFields, row: OpcodeRow, opcode: number): void {
  f.op = row.op;
  f.form = row.id;
  f.enc = row.enc;
  f.cc = row.cc;
  f.size = sizeOf(row.size, f, row);
  f.rmSize = sizeOf(row.rmSize, f, row);
  f.addr32 = (f.prefixes & PFX_ADSIZE) !== 0;
  if (row.plusR) f.rm = byteReg((opcode & 7) | ((f.rex & 1) << 3), f.rmSize, f.rex);
  else if (!row.modrm && (row.enc === Enc.MI || row.enc === Enc.M)) f.rm = 0; // accumulator forms
}

/** Legacy byte registers: without REX, encodings 4..7 are AH CH DH BH (SDM Vol.2 3.1.1.1 note). */
function byteReg(r: number, size: number, rex: number): number {
  return size === 1 && rex === 0 && r >= 4 && r < 8 ? HIGH_BYTE_BASE + r - 4 : r;
}

/** ModRM, SIB and displacement (SDM Vol.2 2.1.5 Tables 2-2/2-3, 2.2.1.3 RIP-relative). */
function decodeModrm(rd: Reader, f: InsnFields, row: OpcodeRow, modrm: number): void {
  const mod = modrm >> 6;
  const reg = ((modrm >> 3) & 7) | ((f.rex & 4) << 1);
  const rm = modrm & 7;
  if (row.enc === Enc.MR || row.enc === Enc.RM || row.enc === Enc.RMI) {
    f.reg = row.regK === 'g' ? byteReg(reg, f.size, f.rex) : reg;
  }
  if (mod === 3) {
    f.rm = row.rmK === 'g' ? byteReg(rm | ((f.rex & 1) << 3), f.rmSize, f.rex) : rm | ((f.rex & 1) << 3);
    if (row.exact >= 0 || row.enc === Enc.ZO) f.rm = -1;
    return;
  }
  f.mem = true;
  f.rm = -1;
  let dispSize = mod === 1 ? 1 : mod === 2 ? 4 : 0;
  if (rm === 4) {
    const sib = rd.next();
    f.scale = 1 << (sib >> 6);
    const index = ((sib >> 3) & 7) | ((f.rex & 2) << 2);
    f.index = index === 4 ? -1 : index; // index 100b without REX.X means none; R12 is a valid index
    const base = sib & 7;
    if (base === 5 && mod === 0) dispSize = 4;
    else f.base = base | ((f.rex & 1) << 3);
  } else if (rm === 5 && mod === 0) {
    f.base = RIP_BASE;
    dispSize = 4;
  } else {
    f.base = rm | ((f.rex & 1) << 3);
  }
  f.dispSize = dispSize;
  f.disp = dispSize === 0 ? 0 : rd.signed(dispSize);
}

/** Immediate operand (SDM Vol.2 2.2.1.5: imm32 is sign-extended to 64 bits; iv is imm64 with REX.W). */
function readImmediate(rd: Reader, f: InsnFields, row: OpcodeRow): void {
  let n: number;
  switch (row.imm) {
    case '': return;
    case 'ib': case 'cb': n = 1; break;
    case 'iw': n = 2; break;
    case 'cd': n = 4; break;
    case 'iz': n = f.size === 2 ? 2 : 4; break;
    case 'iv': n = f.size; break;
  }
  if (n === 8) {
    f.imm = rd.signed(4) >>> 0;
    f.immHi = rd.signed(4) >>> 0;
    return;
  }
  const v = rd.signed(n);
  if (row.uimm) {
    f.imm = n === 1 ? v & 0xff : v & 0xffff;
    return;
  }
  f.imm = row.enc === Enc.D ? v : v >>> 0;
  f.immHi = v < 0 ? 0xffffffff : 0;
}

/** Whether a record is a real instruction (not an INVALID record that raises #UD/#GP). */
export function isValid(i: Insn): boolean {
  return i.op !== Op.INVALID;
}
