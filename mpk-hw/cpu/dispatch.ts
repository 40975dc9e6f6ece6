/**
 * The dispatch table: one handler per Op (SDM mnemonic family).  A handler reads operands,
 * checks every fault condition, then commits; it may replace c.nextRip (branches).
 */
import type { Cpu } from './cpu.js';
import { OP_COUNT, Op, type Insn } from './insn.js';
import * as alu from './ops/alu.js';
import * as branch from './ops/branch.js';
import * as mov from './ops/mov.js';
import * as muldiv from './ops/muldiv.js';
import * as shift from './ops/shift.js';
import * as sse from './ops/sse.js';
import * as stack from './ops/stack.js';
import * as system from './ops/system.js';
import * as xsave from './ops/xsave.js';

/** Executes one decoded instruction on a CPU. */
export type Handler = (c: Cpu, i: Insn) => void;

const table: Array<[Op, Handler]> = [
  [Op.INVALID, system.invalid],
  [Op.ADD, alu.add], [Op.OR, alu.or], [Op.ADC, alu.adc], [Op.SBB, alu.sbb],
  [Op.AND, alu.and], [Op.SUB, alu.sub], [Op.XOR, alu.xor], [Op.CMP, alu.cmp], [Op.TEST, alu.test],
  [Op.INC, alu.inc], [Op.DEC, alu.dec], [Op.NEG, alu.neg], [Op.NOT, alu.not],
  [Op.CBW, alu.cbw], [Op.CWD, alu.cwd],
  [Op.MUL, muldiv.mul], [Op.IMUL1, muldiv.imul1], [Op.IMUL, muldiv.imul],
  [Op.DIV, muldiv.div], [Op.IDIV, muldiv.idiv],
  [Op.ROL, shift.rol], [Op.ROR, shift.ror], [Op.SHL, shift.shl], [Op.SHR, shift.shr], [Op.SAR, shift.sar],
  [Op.MOV, mov.mov], [Op.MOVZX, mov.movzx], [Op.MOVSX, mov.movsx], [Op.MOVSXD, mov.movsx],
  [Op.LEA, mov.lea], [Op.SETCC, mov.setcc], [Op.CMOVCC, mov.cmovcc],
  [Op.JCC, branch.jcc], [Op.JMP, branch.jmp], [Op.JMP_RM, branch.jmpRm],
  [Op.CALL, branch.call], [Op.CALL_RM, branch.callRm], [Op.RET, branch.ret],
  [Op.PUSH, stack.push], [Op.POP, stack.pop],
  [Op.NOP, system.nop], [Op.INT3, system.int3], [Op.UD2, system.ud2], [Op.SYSCALL, system.syscall],
  [Op.WRPKRU, system.wrpkru], [Op.RDPKRU, system.rdpkru],
  [Op.XSAVE, xsave.xsave], [Op.XRSTOR, xsave.xrstor],
  [Op.MOVSD, sse.movsd], [Op.MOVD_TO_XMM, sse.movdToXmm], [Op.MOVD_FROM_XMM, sse.movdFromXmm],
  [Op.MOVQ_LOAD, sse.movqLoad], [Op.MOVQ_STORE, sse.movqStore], [Op.MOVAPD, sse.movapd],
  [Op.ADDSD, sse.addsd], [Op.SUBSD, sse.subsd], [Op.MULSD, sse.mulsd], [Op.DIVSD, sse.divsd],
  [Op.SQRTSD, sse.sqrtsd], [Op.MINSD, sse.minsd], [Op.MAXSD, sse.maxsd],
  [Op.UCOMISD, sse.comisd], [Op.COMISD, sse.comisd],
  [Op.CVTSI2SD, sse.cvtsi2sd], [Op.CVTTSD2SI, sse.cvttsd2si],
  [Op.ANDPD, sse.andpd], [Op.ANDNPD, sse.andnpd], [Op.ORPD, sse.orpd], [Op.XORPD, sse.xorpd],
  [Op.ROUNDSD, sse.roundsd],
];

/** Handler of each Op, indexed by Op. */
export const HANDLERS: readonly Handler[] = (() => {
  const h: Handler[] = new Array<Handler>(OP_COUNT);
  for (const [op, fn] of table) h[op] = fn;
  for (let op = 0; op < OP_COUNT; op++) {
    if (h[op] === undefined) throw new Error(`no handler for ${Op[op]}`);
  }
  return h;
})();
