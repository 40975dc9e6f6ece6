/**
 * One encoding form, parsed from the two columns of an SDM Vol.2 instruction table:
 *   Opcode       'REX.W + 83 /0 ib'      Instruction  'add r/m64, imm8'      Op/En  'MI'
 * Opcode tokens: prefixes 66/F2/F3, REX.W, opcode bytes (0F, 0F 38, 0F 3A maps included),
 * XX+rb/rw/rd/ro (register in the low opcode bits), /r, /digit, ib/iw/id/io, cb/cd.
 * Operand notation is the SDM's, plus `imm8u` (our name for an imm8 that is not sign-extended:
 * shift counts, roundsd's rounding control) and fixed registers (al, eax, cl, ...) and `1`.
 */

import { JitError } from './errors.js';
import { REG_BY_NAME, type GprSize, type Reg } from './regs.js';

/** SDM "Op/En" column: which operand goes into ModRM.reg, ModRM.rm, the opcode, an immediate. */
export type OpEn = 'ZO' | 'O' | 'OI' | 'I' | 'M' | 'M1' | 'MC' | 'MI' | 'MR' | 'RM' | 'RMI' | 'D';

/** Where one operand is encoded. */
export type Role = 'reg' | 'rm' | 'opreg' | 'imm' | 'rel' | 'implicit';

/** One operand of a form, in SDM notation. */
export type OperandSpec =
  | { readonly k: 'gpr'; readonly size: GprSize; readonly text: string } // r8 r16 r32 r64
  | { readonly k: 'fixed'; readonly reg: Reg; readonly text: string } // al, ax, eax, rax, cl
  | { readonly k: 'one'; readonly text: string } // the constant 1 of the shift-by-one forms
  | { readonly k: 'rm'; readonly size: GprSize; readonly text: string } // r/m8 ... r/m64
  | { readonly k: 'm'; readonly text: string } // memory of any size (lea, xsave), printed without PTR
  | { readonly k: 'xmm'; readonly text: string }
  | { readonly k: 'xmmrm'; readonly size: 32 | 64 | 128; readonly text: string } // xmm/m64, xmm/m128
  | ImmSpec
  | { readonly k: 'rel'; readonly size: 8 | 32; readonly text: string }; // rel8, rel32

/** An immediate operand: `size` bits in the instruction, sign-extended to `ext` bits unless `unsigned`. */
export interface ImmSpec {
  readonly k: 'imm';
  /** Bits stored in the instruction. */
  readonly size: 8 | 16 | 32 | 64;
  /** Operand size the value is sign-extended to, in bits; also the width objdump prints. */
  readonly ext: 8 | 16 | 32 | 64;
  /** A count or selector (imm8u): 0-255, never sign-extended. */
  readonly unsigned: boolean;
  readonly text: string;
}

/** One encoding form of one instruction. Frozen; built once from the table. */
export interface EncodingRow {
  /** The Instruction column, unique in the table, e.g. 'add r/m64, imm8'. */
  readonly id: string;
  /** The Opcode column as written, e.g. 'REX.W + 83 /0 ib'. */
  readonly opcodeText: string;
  /** Mnemonic as objdump prints it. */
  readonly mnem: string;
  /** Builder names that reach this row: the mnemonic plus aliases (movabs is also 'mov'). */
  readonly api: readonly string[];
  readonly en: OpEn;
  readonly specs: readonly OperandSpec[];
  /** Encoding role of each operand, parallel to `specs`. */
  readonly roles: readonly Role[];
  /** Legacy / mandatory prefixes in order (0x66, 0xF2, 0xF3). */
  readonly prefixes: readonly number[];
  /** REX.W: 64-bit operand size. */
  readonly rexW: boolean;
  /** Opcode bytes, escape bytes (0F, 0F 38, 0F 3A) included. */
  readonly opcode: readonly number[];
  /** '/r' (register operand in ModRM.reg), a /digit (0-7), or undefined (no ModRM). */
  readonly modrm: 'r' | number | undefined;
  /** +rb/+rw/+rd/+ro: the register goes in the low 3 bits of the last opcode byte. */
  readonly plusReg: boolean;
}

const ROLES_BY_EN: Readonly<Record<OpEn, readonly Role[]>> = {
  ZO: [], O: ['opreg'], OI: ['opreg', 'imm'], I: ['imm'], M: ['rm'], M1: ['rm'], MC: ['rm'],
  MI: ['rm', 'imm'], MR: ['rm', 'reg'], RM: ['reg', 'rm'], RMI: ['reg', 'rm', 'imm'], D: ['rel'],
};

const IMM_TOKEN: Readonly<Record<string, number>> = { ib: 8, iw: 16, id: 32, io: 64 };
const PREFIXES = new Set([0x66, 0xf2, 0xf3]);

function tableError(row: string, why: string): JitError {
  return new JitError('X64_TABLE', `encoding row '${row}': ${why}`, { row });
}

function parseSpec(text: string, ext: 8 | 16 | 32 | 64): OperandSpec {
  let m: RegExpMatchArray | null;
  if ((m = /^r(8|16|32|64)$/.exec(text))) return { k: 'gpr', size: Number(m[1]) as GprSize, text };
  if ((m = /^r\/m(8|16|32|64)$/.exec(text))) return { k: 'rm', size: Number(m[1]) as GprSize, text };
  if ((m = /^xmm\/m(32|64|128)$/.exec(text))) return { k: 'xmmrm', size: Number(m[1]) as 32 | 64 | 128, text };
  if ((m = /^imm(8|16|32|64)(u?)$/.exec(text))) {
    const size = Number(m[1]) as 8 | 16 | 32 | 64;
    return { k: 'imm', size, ext: m[2] === 'u' ? 8 : ext, unsigned: m[2] === 'u', text };
  }
  if ((m = /^rel(8|32)$/.exec(text))) return { k: 'rel', size: Number(m[1]) as 8 | 32, text };
  if (text === 'm') return { k: 'm', text };
  if (text === 'xmm') return { k: 'xmm', text };
  if (text === '1') return { k: 'one', text };
  const reg = REG_BY_NAME.get(text);
  if (reg) return { k: 'fixed', reg, text };
  throw tableError(text, 'unknown operand notation');
}

/** Operand size of a form in bits: the first sized register / r/m operand, else 64 (push imm). */
function operandSize(texts: readonly string[]): 8 | 16 | 32 | 64 {
  for (const t of texts) {
    const m = /^(?:r|r\/m)(8|16|32|64)$/.exec(t);
    if (m) return Number(m[1]) as 8 | 16 | 32 | 64;
    const reg = REG_BY_NAME.get(t);
    if (reg?.kind === 'gpr') return reg.size;
  }
  return 64;
}

/** The operand kinds each encoding role can hold. */
const KINDS_BY_ROLE: Readonly<Record<Role, readonly OperandSpec['k'][]>> = {
  reg: ['gpr', 'xmm'], rm: ['rm', 'xmmrm', 'm'], opreg: ['gpr'], imm: ['imm'], rel: ['rel'], implicit: ['fixed', 'one'],
};

function rolesFor(id: string, en: OpEn, specs: readonly OperandSpec[]): Role[] {
  const encoded = ROLES_BY_EN[en];
  const roles: Role[] = [];
  let next = 0;
  for (const s of specs) {
    const role: Role = s.k === 'fixed' || s.k === 'one' ? 'implicit' : (encoded[next++] ?? 'implicit');
    if (!KINDS_BY_ROLE[role].includes(s.k)) throw tableError(id, `operand ${s.text} cannot be encoded as ${role} (Op/En ${en})`);
    roles.push(role);
  }
  if (next !== encoded.length) throw tableError(id, `Op/En ${en} needs ${encoded.length} encoded operands, found ${next}`);
  return roles;
}

interface OpcodeParts {
  prefixes: number[];
  rexW: boolean;
  opcode: number[];
  modrm: 'r' | number | undefined;
  plusReg: boolean;
  imms: number[];
  rel: number | undefined;
}

function parseOpcode(id: string, text: string): OpcodeParts {
  const p: OpcodeParts = { prefixes: [], rexW: false, opcode: [], modrm: undefined, plusReg: false, imms: [], rel: undefined };
  const tokens = text.split(/\s+/).filter((t) => t !== '+' && t !== 'NP');
  const hexCount = tokens.filter((t) => /^[0-9A-F]{2}/.test(t)).length;
  let hexSeen = 0;
  for (const t of tokens) {
    let m: RegExpMatchArray | null;
    if (t === 'REX.W') p.rexW = true;
    else if ((m = /^([0-9A-F]{2})(\+r[bwdo])?$/.exec(t))) {
      const byte = parseInt(m[1] ?? '', 16);
      hexSeen++;
      const isPrefix = p.opcode.length === 0 && !p.rexW && PREFIXES.has(byte) && hexSeen < hexCount;
      (isPrefix ? p.prefixes : p.opcode).push(byte);
      if (m[2]) p.plusReg = true;
    } else if ((m = /^\/([r0-7])$/.exec(t))) p.modrm = m[1] === 'r' ? 'r' : Number(m[1]);
    else if (IMM_TOKEN[t] !== undefined) p.imms.push(IMM_TOKEN[t]);
    else if (t === 'cb' || t === 'cd') p.rel = t === 'cb' ? 8 : 32;
    else throw tableError(id, `unknown opcode token '${t}'`);
  }
  return p;
}

function checkConsistent(id: string, en: OpEn, specs: readonly OperandSpec[], p: OpcodeParts): void {
  const immSpecs = specs.flatMap((s) => (s.k === 'imm' ? [s.size] : []));
  if (immSpecs.join() !== p.imms.join()) throw tableError(id, `immediates ${immSpecs.join()} vs opcode ${p.imms.join()}`);
  const rel = specs.find((s) => s.k === 'rel');
  if ((rel?.k === 'rel' ? rel.size : undefined) !== p.rel) throw tableError(id, 'rel operand vs cb/cd mismatch');
  // MR/RM/RMI put an operand in ModRM.reg (/r); M/M1/MC/MI put a /digit there; the rest have no ModRM.
  const wantModrm = ['MR', 'RM', 'RMI'].includes(en) ? 'r' : ['M', 'M1', 'MC', 'MI'].includes(en) ? 'digit' : 'none';
  const hasModrm = p.modrm === 'r' ? 'r' : p.modrm === undefined ? 'none' : 'digit';
  if (wantModrm !== hasModrm) throw tableError(id, `Op/En ${en} vs ModRM '${String(p.modrm)}'`);
  if ((en === 'O' || en === 'OI') !== p.plusReg) throw tableError(id, `Op/En ${en} vs +r opcode`);
  if (p.opcode.length === 0) throw tableError(id, 'no opcode byte');
}

/** Parses one table row; `alias` adds builder names (e.g. 'mov' for movabs). Throws X64_TABLE. */
export function parseRow(opcodeText: string, instruction: string, en: OpEn, alias: readonly string[] = []): EncodingRow {
  const [mnem = '', ...rest] = instruction.split(/\s+/);
  const texts = rest.join(' ').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const ext = operandSize(texts);
  const specs = texts.map((t) => parseSpec(t, ext));
  const p = parseOpcode(instruction, opcodeText);
  checkConsistent(instruction, en, specs, p);
  return Object.freeze({
    id: instruction, opcodeText, mnem, api: Object.freeze([mnem, ...alias]), en,
    specs: Object.freeze(specs), roles: Object.freeze(rolesFor(instruction, en, specs)),
    prefixes: Object.freeze(p.prefixes), rexW: p.rexW, opcode: Object.freeze(p.opcode),
    modrm: p.modrm, plusReg: p.plusReg,
  });
}
