/**
 * The opcode table: one row per instruction form, written in the SDM's own notation
 * (SDM Vol.2 3.1.1.1 "Opcode Column", 3.1.1.3 "Instruction Column", 2.1.2 "Opcode" for the
 * mandatory-prefix / 0F / 0F 38 / 0F 3A maps).  The decoder only reads this data.
 *
 * Spec string tokens:   NP 66 F2 F3   mandatory prefix (NP: none of 66/F2/F3 may be present)
 *                       REX.W          operand size 64 (documentation only; sizes come from `s`)
 *                       0F [38|3A] XX  opcode bytes;  XX+r opcode plus register;  XX+cc 16 rows
 *                       /r /0../7      ModRM present (reg operand / opcode extension)
 *                       a 3rd hex byte an exact ModRM byte (0F 01 EF = WRPKRU)
 *                       ib iw iz iv    immediates: 8 bits, 16 bits, 16/32 bits, 16/32/64 bits
 *                       cb cd          rel8 / rel32 branch displacement
 * Size kinds (SDM Vol.2 2.2.1.2, Table 3-4): b w d q x fixed 1/2/4/8/16 bytes; v = 2/4/8 by
 * 66/REX.W; y = 4/8 by REX.W; d64 = 8, or 2 with 66 (PUSH/POP); f64 = always 8 (near branches,
 * Intel ignores 66 there: SDM Vol.1 3.6 / Vol.2 JMP "64-bit mode" note); '-' none.
 */
import { CC_NAMES, Enc, Op } from './insn.js';

/** Operand-size kind of a row operand (see the file comment). */
export type SizeKind = 'b' | 'w' | 'd' | 'q' | 'x' | 'v' | 'y' | 'd64' | 'f64' | '-';
/** Immediate kind. */
export type ImmKind = '' | 'ib' | 'iw' | 'iz' | 'iv' | 'cb' | 'cd';
/** Mandatory prefix: '' = none required (66 sets the operand size; F2/F3 are ignored). */
export type MandatoryPrefix = '' | 'NP' | '66' | 'F2' | 'F3';

/** One instruction form. */
export interface OpcodeRow {
  /** Index in OPCODE_TABLE (Insn.form). */
  readonly id: number;
  /** objdump mnemonic; 'a|b|c' picks by operand size 2|4|8, 'a|b' by 4|8. */
  readonly mnemonic: string;
  readonly op: Op;
  readonly enc: Enc;
  /** Opcode map: 0 one-byte, 1 = 0F, 2 = 0F 38, 3 = 0F 3A. */
  readonly map: number;
  readonly opcode: number;
  /** Register in the low three opcode bits (B8+r). */
  readonly plusR: boolean;
  readonly prefix: MandatoryPrefix;
  readonly modrm: boolean;
  /** ModRM.reg opcode extension, or -1. */
  readonly digit: number;
  /** Required ModRM byte, or -1. */
  readonly exact: number;
  /** Allowed ModRM.mod: memory only, register only, or either. */
  readonly mod: 'any' | 'mem' | 'reg';
  /** Size of the reg/destination operand. */
  readonly size: SizeKind;
  /** Size of the r/m operand. */
  readonly rmSize: SizeKind;
  readonly imm: ImmKind;
  /** Immediate is zero-extended (shift counts, RET imm16, ROUNDSD) instead of sign-extended. */
  readonly uimm: boolean;
  /** Register file of the ModRM.reg operand: g = GPR, x = XMM. */
  readonly regK: 'g' | 'x';
  /** Register file of a register r/m operand. */
  readonly rmK: 'g' | 'x';
  /** LOCK is allowed (with a memory destination; SDM Vol.2 LOCK). */
  readonly lock: boolean;
  /** Condition code of a cc row, else -1. */
  readonly cc: number;
  /** Form does not exist with REX.B (90 is NOP only without REX.B; 41 90 is XCHG). */
  readonly noRexB: boolean;
}

interface RowOpts {
  s?: SizeKind;
  rm?: SizeKind;
  k?: 'gg' | 'xx' | 'xg' | 'gx';
  lock?: boolean;
  mod?: 'mem' | 'reg';
  u?: boolean;
  noRexB?: boolean;
}

const rows: OpcodeRow[] = [];

function parseSpec(spec: string): Omit<OpcodeRow, 'id' | 'mnemonic' | 'op' | 'enc' | 'size' | 'rmSize' | 'uimm' | 'regK' | 'rmK' | 'lock' | 'cc' | 'noRexB' | 'mod'> & { cc: boolean } {
  let prefix: MandatoryPrefix = '';
  const bytes: number[] = [];
  let plusR = false, cc = false, modrm = false, digit = -1, imm: ImmKind = '';
  for (const t of spec.split(' ')) {
    if (t === 'NP' || ((t === '66' || t === 'F2' || t === 'F3') && bytes.length === 0)) prefix = t as MandatoryPrefix;
    else if (t === 'REX.W') continue;
    else if (t === '/r') modrm = true;
    else if (/^\/[0-7]$/.test(t)) { modrm = true; digit = Number(t[1]); }
    else if (t === 'ib' || t === 'iw' || t === 'iz' || t === 'iv' || t === 'cb' || t === 'cd') imm = t;
    else if (t.endsWith('+r')) { plusR = true; bytes.push(parseInt(t, 16)); }
    else if (t.endsWith('+cc')) { cc = true; bytes.push(parseInt(t, 16)); }
    else bytes.push(parseInt(t, 16));
  }
  let map = 0;
  if (bytes[0] === 0x0f) {
    bytes.shift();
    map = 1;
    const esc = bytes.at(0);
    if (esc === 0x38 || esc === 0x3a) {
      bytes.shift();
      map = esc === 0x38 ? 2 : 3;
    }
  }
  const opcode = bytes[0] ?? -1;
  const exact = bytes[1] ?? -1;
  if (exact >= 0) modrm = true;
  return { prefix, map, opcode, plusR, modrm, digit, exact, imm, cc };
}

/** Adds the row(s) for one SDM opcode-column entry. */
function r(mnemonic: string, op: Op, enc: Enc, spec: string, o: RowOpts = {}): void {
  const p = parseSpec(spec);
  const k = o.k ?? 'gg';
  const base: Omit<OpcodeRow, 'id'> = {
    mnemonic, op, enc, map: p.map, opcode: p.opcode, plusR: p.plusR, prefix: p.prefix, modrm: p.modrm,
    digit: p.digit, exact: p.exact, mod: o.mod ?? 'any', size: o.s ?? 'v', rmSize: o.rm ?? o.s ?? 'v',
    imm: p.imm, uimm: o.u ?? false, regK: k[0] as 'g' | 'x', rmK: k[1] as 'g' | 'x', lock: o.lock ?? false,
    cc: -1, noRexB: o.noRexB ?? false,
  };
  if (!p.cc) {
    rows.push({ ...base, id: rows.length });
    return;
  }
  for (let cc = 0; cc < 16; cc++) {
    rows.push({ ...base, id: rows.length, mnemonic: mnemonic + CC_NAMES[cc], opcode: p.opcode + cc, cc });
  }
}

const hex = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

// ALU group: ADD OR ADC SBB AND SUB XOR CMP (SDM Vol.2 ADD..CMP; opcode k*8+0..5, 80/81/83 /k).
const ALU: Array<[string, Op]> = [['add', Op.ADD], ['or', Op.OR], ['adc', Op.ADC], ['sbb', Op.SBB],
  ['and', Op.AND], ['sub', Op.SUB], ['xor', Op.XOR], ['cmp', Op.CMP]];
ALU.forEach(([mn, op], kind) => {
  const lock = op !== Op.CMP;
  r(mn, op, Enc.MR, `${hex(kind * 8)} /r`, { s: 'b', lock });
  r(mn, op, Enc.MR, `${hex(kind * 8 + 1)} /r`, { lock });
  r(mn, op, Enc.RM, `${hex(kind * 8 + 2)} /r`, { s: 'b' });
  r(mn, op, Enc.RM, `${hex(kind * 8 + 3)} /r`);
  r(mn, op, Enc.MI, `${hex(kind * 8 + 4)} ib`, { s: 'b' });
  r(mn, op, Enc.MI, `${hex(kind * 8 + 5)} iz`);
  r(mn, op, Enc.MI, `80 /${kind} ib`, { s: 'b', lock });
  r(mn, op, Enc.MI, `81 /${kind} iz`, { lock });
  r(mn, op, Enc.MI, `83 /${kind} ib`, { lock });
});

r('test', Op.TEST, Enc.MR, '84 /r', { s: 'b' });
r('test', Op.TEST, Enc.MR, '85 /r');
r('test', Op.TEST, Enc.MI, 'A8 ib', { s: 'b' });
r('test', Op.TEST, Enc.MI, 'A9 iz');
r('test', Op.TEST, Enc.MI, 'F6 /0 ib', { s: 'b' });
r('test', Op.TEST, Enc.MI, 'F6 /1 ib', { s: 'b' }); // undocumented alias, executed as TEST
r('test', Op.TEST, Enc.MI, 'F7 /0 iz');
r('test', Op.TEST, Enc.MI, 'F7 /1 iz');
r('not', Op.NOT, Enc.M, 'F6 /2', { s: 'b', lock: true });
r('not', Op.NOT, Enc.M, 'F7 /2', { lock: true });
r('neg', Op.NEG, Enc.M, 'F6 /3', { s: 'b', lock: true });
r('neg', Op.NEG, Enc.M, 'F7 /3', { lock: true });
r('mul', Op.MUL, Enc.M, 'F6 /4', { s: 'b' });
r('mul', Op.MUL, Enc.M, 'F7 /4');
r('imul', Op.IMUL1, Enc.M, 'F6 /5', { s: 'b' });
r('imul', Op.IMUL1, Enc.M, 'F7 /5');
r('div', Op.DIV, Enc.M, 'F6 /6', { s: 'b' });
r('div', Op.DIV, Enc.M, 'F7 /6');
r('idiv', Op.IDIV, Enc.M, 'F6 /7', { s: 'b' });
r('idiv', Op.IDIV, Enc.M, 'F7 /7');
r('inc', Op.INC, Enc.M, 'FE /0', { s: 'b', lock: true });
r('dec', Op.DEC, Enc.M, 'FE /1', { s: 'b', lock: true });
r('inc', Op.INC, Enc.M, 'FF /0', { lock: true });
r('dec', Op.DEC, Enc.M, 'FF /1', { lock: true });
r('imul', Op.IMUL, Enc.RM, '0F AF /r');
r('imul', Op.IMUL, Enc.RMI, '69 /r iz');
r('imul', Op.IMUL, Enc.RMI, '6B /r ib');
r('cbw|cwde|cdqe', Op.CBW, Enc.ZO, '98');
r('cwd|cdq|cqo', Op.CWD, Enc.ZO, '99');

// Shift/rotate group 2 (SDM Vol.2 SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR); /2 RCL and /3 RCR are not modelled.
const SHIFTS: Array<[string, Op, number]> = [['rol', Op.ROL, 0], ['ror', Op.ROR, 1], ['shl', Op.SHL, 4],
  ['shr', Op.SHR, 5], ['shl', Op.SHL, 6], ['sar', Op.SAR, 7]];
for (const [mn, op, d] of SHIFTS) {
  r(mn, op, Enc.MI, `C0 /${d} ib`, { s: 'b', u: true });
  r(mn, op, Enc.MI, `C1 /${d} ib`, { u: true });
  r(mn, op, Enc.M1, `D0 /${d}`, { s: 'b' });
  r(mn, op, Enc.M1, `D1 /${d}`);
  r(mn, op, Enc.MC, `D2 /${d}`, { s: 'b' });
  r(mn, op, Enc.MC, `D3 /${d}`);
}

// Data movement (SDM Vol.2 MOV, MOVZX, MOVSX/MOVSXD, LEA, SETcc, CMOVcc).
r('mov', Op.MOV, Enc.MR, '88 /r', { s: 'b' });
r('mov', Op.MOV, Enc.MR, '89 /r');
r('mov', Op.MOV, Enc.RM, '8A /r', { s: 'b' });
r('mov', Op.MOV, Enc.RM, '8B /r');
r('mov', Op.MOV, Enc.MI, 'C6 /0 ib', { s: 'b' });
r('mov', Op.MOV, Enc.MI, 'C7 /0 iz');
r('mov', Op.MOV, Enc.MI, 'B0+r ib', { s: 'b' });
r('mov|mov|movabs', Op.MOV, Enc.MI, 'B8+r iv');
r('movzx', Op.MOVZX, Enc.RM, '0F B6 /r', { rm: 'b' });
r('movzx', Op.MOVZX, Enc.RM, '0F B7 /r', { rm: 'w' });
r('movsx', Op.MOVSX, Enc.RM, '0F BE /r', { rm: 'b' });
r('movsx', Op.MOVSX, Enc.RM, '0F BF /r', { rm: 'w' });
r('movsxd', Op.MOVSXD, Enc.RM, '63 /r', { rm: 'd' });
r('lea', Op.LEA, Enc.RM, '8D /r', { rm: '-', mod: 'mem' });
r('set', Op.SETCC, Enc.M, '0F 90+cc /r', { s: 'b' });
r('cmov', Op.CMOVCC, Enc.RM, '0F 40+cc /r');

// Control transfer (SDM Vol.2 Jcc, JMP, CALL, RET) and the stack (PUSH, POP).
r('j', Op.JCC, Enc.D, '70+cc cb', { s: 'f64' });
r('j', Op.JCC, Enc.D, '0F 80+cc cd', { s: 'f64' });
r('jmp', Op.JMP, Enc.D, 'EB cb', { s: 'f64' });
r('jmp', Op.JMP, Enc.D, 'E9 cd', { s: 'f64' });
r('jmp', Op.JMP_RM, Enc.M, 'FF /4', { s: 'f64' });
r('call', Op.CALL, Enc.D, 'E8 cd', { s: 'f64' });
r('call', Op.CALL_RM, Enc.M, 'FF /2', { s: 'f64' });
r('ret', Op.RET, Enc.ZO, 'C3', { s: 'f64' });
r('ret', Op.RET, Enc.I, 'C2 iw', { s: 'f64', u: true });
r('push', Op.PUSH, Enc.M, '50+r', { s: 'd64' });
r('push', Op.PUSH, Enc.M, 'FF /6', { s: 'd64' });
r('push', Op.PUSH, Enc.I, '6A ib', { s: 'd64' });
r('push', Op.PUSH, Enc.I, '68 iz', { s: 'd64' });
r('pop', Op.POP, Enc.M, '58+r', { s: 'd64' });
r('pop', Op.POP, Enc.M, '8F /0', { s: 'd64' });

// No-ops, traps and system instructions.
r('nop', Op.NOP, Enc.ZO, '90', { noRexB: true });
r('pause', Op.NOP, Enc.ZO, 'F3 90');
r('nop', Op.NOP, Enc.M, '0F 1F /0');
r('lfence', Op.NOP, Enc.ZO, 'NP 0F AE /5', { mod: 'reg', s: '-' });
r('mfence', Op.NOP, Enc.ZO, 'NP 0F AE /6', { mod: 'reg', s: '-' });
r('sfence', Op.NOP, Enc.ZO, 'NP 0F AE /7', { mod: 'reg', s: '-' });
r('endbr64', Op.NOP, Enc.ZO, 'F3 0F 1E FA', { s: '-' });
r('int3', Op.INT3, Enc.ZO, 'CC', { s: '-' });
r('ud2', Op.UD2, Enc.ZO, '0F 0B', { s: '-' });
r('syscall', Op.SYSCALL, Enc.ZO, '0F 05', { s: '-' });
r('rdpkru', Op.RDPKRU, Enc.ZO, 'NP 0F 01 EE', { s: '-' });
r('wrpkru', Op.WRPKRU, Enc.ZO, 'NP 0F 01 EF', { s: '-' });
r('xsave|xsave64', Op.XSAVE, Enc.M, 'NP 0F AE /4', { s: 'y', rm: '-', mod: 'mem' });
r('xrstor|xrstor64', Op.XRSTOR, Enc.M, 'NP 0F AE /5', { s: 'y', rm: '-', mod: 'mem' });

// SSE2 scalar double and 128-bit logic (SDM Vol.2 MOVSD, MOVD/MOVQ, MOVAPD, ADDSD..., ROUNDSD).
const XMM_Q = { s: 'q', k: 'xx' } as const;
const XMM_X = { s: 'x', k: 'xx' } as const;
r('movsd', Op.MOVSD, Enc.RM, 'F2 0F 10 /r', XMM_Q);
r('movsd', Op.MOVSD, Enc.MR, 'F2 0F 11 /r', XMM_Q);
r('movd|movq', Op.MOVD_TO_XMM, Enc.RM, '66 0F 6E /r', { s: 'x', rm: 'y', k: 'xg' });
r('movd|movq', Op.MOVD_FROM_XMM, Enc.MR, '66 0F 7E /r', { s: 'x', rm: 'y', k: 'xg' });
r('movq', Op.MOVQ_LOAD, Enc.RM, 'F3 0F 7E /r', XMM_Q);
r('movq', Op.MOVQ_STORE, Enc.MR, '66 0F D6 /r', XMM_Q);
r('movapd', Op.MOVAPD, Enc.RM, '66 0F 28 /r', XMM_X);
r('movapd', Op.MOVAPD, Enc.MR, '66 0F 29 /r', XMM_X);
r('sqrtsd', Op.SQRTSD, Enc.RM, 'F2 0F 51 /r', XMM_Q);
r('addsd', Op.ADDSD, Enc.RM, 'F2 0F 58 /r', XMM_Q);
r('mulsd', Op.MULSD, Enc.RM, 'F2 0F 59 /r', XMM_Q);
r('subsd', Op.SUBSD, Enc.RM, 'F2 0F 5C /r', XMM_Q);
r('minsd', Op.MINSD, Enc.RM, 'F2 0F 5D /r', XMM_Q);
r('divsd', Op.DIVSD, Enc.RM, 'F2 0F 5E /r', XMM_Q);
r('maxsd', Op.MAXSD, Enc.RM, 'F2 0F 5F /r', XMM_Q);
r('ucomisd', Op.UCOMISD, Enc.RM, '66 0F 2E /r', XMM_Q);
r('comisd', Op.COMISD, Enc.RM, '66 0F 2F /r', XMM_Q);
r('cvtsi2sd', Op.CVTSI2SD, Enc.RM, 'F2 0F 2A /r', { s: 'q', rm: 'y', k: 'xg' });
r('cvttsd2si', Op.CVTTSD2SI, Enc.RM, 'F2 0F 2C /r', { s: 'y', rm: 'q', k: 'gx' });
r('andpd', Op.ANDPD, Enc.RM, '66 0F 54 /r', XMM_X);
r('andnpd', Op.ANDNPD, Enc.RM, '66 0F 55 /r', XMM_X);
r('orpd', Op.ORPD, Enc.RM, '66 0F 56 /r', XMM_X);
r('xorpd', Op.XORPD, Enc.RM, '66 0F 57 /r', XMM_X);
r('roundsd', Op.ROUNDSD, Enc.RMI, '66 0F 3A 0B /r ib', { s: 'q', k: 'xx', u: true });

/** Every instruction form, indexed by `OpcodeRow.id` (= Insn.form). */
export const OPCODE_TABLE: readonly OpcodeRow[] = Object.freeze(rows.map((x) => Object.freeze(x)));

/** Rows by map*256 + opcode byte (a +r row is listed under all eight opcodes). */
export const ROWS_BY_OPCODE: ReadonlyArray<readonly OpcodeRow[]> = (() => {
  const byOp: OpcodeRow[][] = Array.from({ length: 4 * 256 }, () => []);
  for (const row of OPCODE_TABLE) {
    const n = row.plusR ? 8 : 1;
    for (let i = 0; i < n; i++) byOp[row.map * 256 + row.opcode + i]?.push(row);
  }
  return byOp;
})();

/** The mnemonic of a row at an operand size (bytes). */
export function mnemonicFor(row: OpcodeRow, size: number): string {
  const parts = row.mnemonic.split('|');
  if (parts.length === 3) return parts[size === 2 ? 0 : size === 4 ? 1 : 2] ?? row.mnemonic;
  if (parts.length === 2) return parts[size === 8 ? 1 : 0] ?? row.mnemonic;
  return row.mnemonic;
}
