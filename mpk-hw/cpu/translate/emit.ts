/**
 * Inline translations of the instructions that dominate the JIT's code (measured over the JS
 * samples: 8-byte MOV to and from memory ~35%, Jcc ~16%, MOV imm ~8%, MOVQ/MOVSD ~8%,
 * ALU register and memory forms ~10%, CALL/RET/PUSH/POP).  Each emitter either emits the
 * instruction's exact semantics and returns true, or emits nothing and returns false (the
 * block then calls the interpreter's handler for it).
 *
 * Every check that could make the interpreter fault or take another path (an inline TLB miss,
 * a misaligned or page-crossing access, a stack pointer that would wrap a half, a
 * non-canonical return address, an unexpected MXCSR) is made before the instruction changes
 * anything; a failed check leaves the block before the instruction (Gen.exitBefore), and the
 * interpreter then runs it.  Register writes follow SDM Vol.1 3.4.1.1 (32-bit results
 * zero-extend); stack operations follow SDM Vol.2 PUSH/POP/CALL/RET.
 */
import { CANONICAL_LIMIT } from '../../page-table.js';
import { Enc, Op, type Insn } from '../insn.js';
import { access, readOperand, store, writeReg } from './emit-operands.js';
import { emitShift } from './emit-shift.js';
import { emitSse } from './emit-sse.js';
import type { Gen } from './gen.js';

const TWO_32 = 0x1_0000_0000;
const RSP = 4;

const ALU_KIND: Partial<Record<Op, 'add' | 'sub' | 'logic'>> = {
  [Op.ADD]: 'add', [Op.SUB]: 'sub', [Op.CMP]: 'sub', [Op.AND]: 'logic', [Op.OR]: 'logic', [Op.XOR]: 'logic', [Op.TEST]: 'logic',
};

/** ADD SUB CMP AND OR XOR TEST at 4 or 8 bytes, register, memory and immediate forms (SDM ADD ... TEST). */
function alu(g: Gen, i: Insn): boolean {
  const kind = ALU_KIND[i.op];
  const size = i.size;
  if (kind === undefined || (size !== 4 && size !== 8)) return false;
  if (i.enc !== Enc.RM && i.enc !== Enc.MR && i.enc !== Enc.MI) return false;
  const k = g.k;
  const writes = i.op !== Op.CMP && i.op !== Op.TEST;
  const wide = size === 8;
  let a, b;
  if (i.enc === Enc.RM) {
    b = readOperand(g, i, true, size, `b${k}`, false);
    if (b === null) return false;
    a = readOperand(g, i, false, size, `a${k}`, false);
  } else {
    a = readOperand(g, i, true, size, `a${k}`, writes);
    if (a === null) return false;
    b = i.enc === Enc.MR ? readOperand(g, i, false, size, `b${k}`, false)
      : { l: String(wide ? i.imm >>> 0 : i.imm >>> 0), h: String(wide ? i.immHi >>> 0 : 0), at: null };
  }
  if (a === null || b === null) return false;
  if (a.at !== null || b.at !== null) g.emit('ts.hits++;');
  const rl = `r${k}l`, rh = wide ? `r${k}h` : '0';
  // t: the unwrapped low sum/difference; u: the unwrapped high one (its range gives CF at 8 bytes).
  let raw = '';
  if (kind === 'add') {
    if (wide) g.emit(`const t${k} = ${a.l} + ${b.l}, u${k} = ${a.h} + ${b.h} + (t${k} > 4294967295 ? 1 : 0), ${rl} = t${k} >>> 0, ${rh} = u${k} >>> 0;`);
    else g.emit(`const t${k} = ${a.l} + ${b.l}, ${rl} = t${k} >>> 0;`);
    raw = wide ? `u${k}` : `t${k}`;
  } else if (kind === 'sub') {
    if (wide) g.emit(`const t${k} = ${a.l} - ${b.l}, u${k} = ${a.h} - ${b.h} - (t${k} < 0 ? 1 : 0), ${rl} = t${k} >>> 0, ${rh} = u${k} >>> 0;`);
    else g.emit(`const t${k} = ${a.l} - ${b.l}, ${rl} = t${k} >>> 0;`);
    raw = wide ? `u${k}` : `t${k}`;
  } else {
    const op = i.op === Op.OR ? '|' : i.op === Op.XOR ? '^' : '&';
    g.emit(`const ${rl} = (${a.l} ${op} ${b.l}) >>> 0${wide ? `, ${rh} = (${a.h} ${op} ${b.h}) >>> 0` : ''};`);
  }
  if (writes) {
    if (i.enc === Enc.RM) writeReg(g, i.reg, size, rl, rh);
    else if (a.at !== null) store(g, a.at, size, rl, rh);
    else writeReg(g, i.rm, size, rl, rh);
  }
  g.pending = { kind, size, al: a.l, ah: a.h, bl: b.l, bh: b.h, rl, rh, raw, cfBefore: '' };
  return true;
}

/** INC/DEC at 4 or 8 bytes: CF is kept, taken from the producer before them (SDM INC, DEC). */
function incDec(g: Gen, i: Insn): boolean {
  const size = i.size;
  if (size !== 4 && size !== 8) return false;
  const k = g.k;
  const wide = size === 8;
  const a = readOperand(g, i, true, size, `a${k}`, true);
  if (a === null) return false;
  if (a.at !== null) g.emit('ts.hits++;');
  const cfBefore = g.carryBefore();
  const rl = `r${k}l`, rh = wide ? `r${k}h` : '0';
  const dec = i.op === Op.DEC;
  if (wide) g.emit(`const t${k} = ${a.l} ${dec ? '-' : '+'} 1, ${rl} = t${k} >>> 0, ${rh} = (${a.h} ${dec ? '-' : '+'} (t${k} ${dec ? '< 0' : '> 4294967295'} ? 1 : 0)) >>> 0;`);
  else g.emit(`const ${rl} = (${a.l} ${dec ? '-' : '+'} 1) >>> 0;`);
  if (a.at !== null) store(g, a.at, size, rl, rh);
  else writeReg(g, i.rm, size, rl, rh);
  g.pending = { kind: dec ? 'dec' : 'inc', size, al: a.l, ah: a.h, bl: '1', bh: '0', rl, rh, raw: '', cfBefore };
  return true;
}

/** MOV at 4 or 8 bytes in RM, MR and MI forms (SDM MOV; MOVABS imm64). */
function mov(g: Gen, i: Insn): boolean {
  const size = i.size;
  if (size !== 4 && size !== 8) return false;
  const k = g.k;
  const wide = size === 8;
  if (i.enc === Enc.RM) {
    const v = readOperand(g, i, true, size, `v${k}`, false);
    if (v === null) return false;
    if (v.at !== null) g.emit('ts.hits++;');
    writeReg(g, i.reg, size, v.l, v.h);
    return true;
  }
  if (i.enc !== Enc.MR && i.enc !== Enc.MI) return false;
  const src = i.enc === Enc.MR ? null : { l: String(i.imm >>> 0), h: String(wide ? i.immHi >>> 0 : 0) };
  if (!i.mem) {
    if (src === null) writeReg(g, i.rm, size, `lo[${i.reg}]`, `hi[${i.reg}]`);
    else writeReg(g, i.rm, size, src.l, src.h);
    return true;
  }
  const va = g.linear(i, g.addr(k + 1));
  if (va === null) return false;
  const a = access(g, va, size, true, `d`);
  g.emit('ts.hits++;');
  if (src === null) store(g, a, size, `lo[${i.reg}]`, `hi[${i.reg}]`);
  else store(g, a, size, src.l, src.h);
  return true;
}

/** CMOVcc at 4 or 8 bytes: the source is read whatever the condition (SDM CMOVcc). */
function cmov(g: Gen, i: Insn): boolean {
  const size = i.size;
  if (size !== 4 && size !== 8) return false;
  const k = g.k;
  const v = readOperand(g, i, true, size, `v${k}`, false);
  if (v === null) return false;
  if (v.at !== null) g.emit('ts.hits++;');
  const cond = g.condition(i.cc);
  if (size === 8) g.emit(`if (${cond}) { lo[${i.reg}] = ${v.l}; hi[${i.reg}] = ${v.h}; }`);
  else g.emit(`if (${cond}) lo[${i.reg}] = ${v.l}; hi[${i.reg}] = 0;`);
  return true;
}

/** Whether a branch target is a canonical user address (else the interpreter raises #GP). */
function canonical(t: number): boolean {
  return t >= 0 && t < CANONICAL_LIMIT;
}

/**
 * Pushes an 8-byte value given as literal halves (CALL's return address, PUSH imm) or
 * register halves: the slot is checked before RSP moves (SDM Vol.2 PUSH).
 */
function push8(g: Gen, l: string, h: string): void {
  const k = g.k;
  g.emit(`const sp${k} = lo[${RSP}];`);
  g.emit(`if (sp${k} < 8) ${g.exitBefore()}`);
  const a = access(g, `hi[${RSP}] * 4294967296 + sp${k} - 8`, 8, true, 's');
  g.emit(`const pl${k} = ${l}, ph${k} = ${h};`);
  g.emit('ts.hits++;');
  store(g, a, 8, `pl${k}`, `ph${k}`);
  g.emit(`lo[${RSP}] = sp${k} - 8;`);
}

/** Leaves the block for `target` (an expression), materialising the flags. */
function leave(g: Gen, target: string): void {
  g.materialize();
  g.emit(`regs.rip = ${target}; return done + ${g.offs.length - 1};`);
}

/**
 * A Jcc or JMP back to the block's own start: another pass runs inside the function while a
 * whole pass still fits in the budget (so the interpreter's budget stops are kept exactly).
 */
function loopBack(g: Gen, cond: string | null, target: number, next: number): void {
  const n = g.offs.length - 1;
  g.loops = true;
  const k = g.k;
  g.emit(`const j${k} = ${cond ?? 'true'};`);
  const mat = g.flagsDeadAtStart ? '' : g.materializeCode();
  g.emit(`if (j${k} && done + ${2 * n} <= budget) { ${mat} done += ${n}; continue; }`);
  leave(g, cond === null ? String(target) : `j${k} ? ${target} : ${next}`);
}

/** Jcc, JMP, CALL rel32, RET: the block's last instruction.  Returns false to use the handler. */
function branch(g: Gen, i: Insn): boolean {
  const next = g.addr(g.k + 1);
  const k = g.k;
  if (i.op === Op.JCC || i.op === Op.JMP || i.op === Op.CALL) {
    const target = next + i.imm;
    if (!canonical(target)) return false;
    if (target === g.addr(0) && i.op !== Op.CALL && !g.bounded) loopBack(g, i.op === Op.JMP ? null : g.condition(i.cc), target, next);
    else if (i.op === Op.JMP) leave(g, String(target));
    else if (i.op === Op.CALL) {
      push8(g, String(next % TWO_32), String(Math.floor(next / TWO_32)));
      leave(g, String(target));
    } else {
      const cond = g.condition(i.cc);
      g.emit(`const j${k} = ${cond};`);
      leave(g, `j${k} ? ${target} : ${next}`);
    }
    return true;
  }
  if (i.op === Op.RET) {
    g.emit(`const sp${k} = lo[${RSP}];`);
    const a = access(g, `hi[${RSP}] * 4294967296 + sp${k}`, 8, false, 's');
    g.emit(`const tl${k} = ${a.f32}[${a.w}], th${k} = ${a.f32}[${a.w} + 1];`);
    // A non-canonical return address, or an RSP that would carry into bits 63:32: the interpreter.
    g.emit(`if (th${k} >= ${CANONICAL_LIMIT / TWO_32} || sp${k} + ${8 + i.imm} > 4294967295) ${g.exitBefore()}`);
    g.emit('ts.hits++;');
    g.emit(`lo[${RSP}] = sp${k} + ${8 + i.imm};`);
    leave(g, `th${k} * 4294967296 + tl${k}`);
    return true;
  }
  return false;
}

/** PUSH r64 / imm and POP r64 (SDM PUSH, POP; POP RSP keeps the popped value). */
function stack(g: Gen, i: Insn): boolean {
  if (i.size !== 8) return false;
  const k = g.k;
  if (i.op === Op.PUSH) {
    if (i.enc === Enc.I) push8(g, String(i.imm >>> 0), String(i.immHi >>> 0));
    else if (!i.mem) push8(g, `lo[${i.rm}]`, `hi[${i.rm}]`);
    else return false;
    return true;
  }
  if (i.mem) return false;
  g.emit(`const sp${k} = lo[${RSP}];`);
  const a = access(g, `hi[${RSP}] * 4294967296 + sp${k}`, 8, false, 's');
  g.emit(`if (sp${k} + 8 > 4294967295) ${g.exitBefore()}`);
  g.emit(`const pl${k} = ${a.f32}[${a.w}], ph${k} = ${a.f32}[${a.w} + 1];`);
  g.emit('ts.hits++;');
  g.emit(`lo[${RSP}] = sp${k} + 8;`);
  writeReg(g, i.rm, 8, `pl${k}`, `ph${k}`);
  return true;
}

/** MOVQ/MOVSD loads and stores of XMM low quadwords with a memory operand (SDM MOVQ, MOVSD). */
function xmmMove(g: Gen, i: Insn): boolean {
  if (!i.mem) return false;
  const load = i.op === Op.MOVQ_LOAD || (i.op === Op.MOVSD && i.enc === Enc.RM);
  const storeOp = i.op === Op.MOVQ_STORE || (i.op === Op.MOVSD && i.enc === Enc.MR);
  if (!load && !storeOp) return false;
  const va = g.linear(i, g.addr(g.k + 1));
  if (va === null) return false;
  const a = access(g, va, 8, storeOp, 'x');
  g.emit('ts.hits++;');
  const x = 4 * i.reg;
  // Both loads zero bits 127:64 (MOVSD's memory form too).
  if (load) g.emit(`X[${x}] = ${a.f32}[${a.w}]; X[${x + 1}] = ${a.f32}[${a.w} + 1]; X[${x + 2}] = 0; X[${x + 3}] = 0;`);
  else store(g, a, 8, `X[${x}]`, `X[${x + 1}]`);
  return true;
}

/**
 * Whether the flags are dead on entry to `insns`: register MOVs (inline, never leaving the
 * block) up to an inline ALU instruction that writes all six flags without reading them.
 */
export function flagsDeadAtStart(insns: readonly Insn[]): boolean {
  for (const i of insns) {
    const inlineForm = !i.mem && (i.size === 4 || i.size === 8) && (i.enc === Enc.RM || i.enc === Enc.MR || i.enc === Enc.MI);
    if (!inlineForm) return false;
    if (ALU_KIND[i.op] !== undefined) return true;
    if (i.op !== Op.MOV) return false;
  }
  return false;
}

/** Emits instruction `i` inline if it has an inline form; false when the handler must run it. */
export function emitInline(g: Gen, i: Insn): boolean {
  switch (i.op) {
    case Op.MOV: return mov(g, i);
    case Op.ADD: case Op.SUB: case Op.CMP: case Op.AND: case Op.OR: case Op.XOR: case Op.TEST: return alu(g, i);
    case Op.INC: case Op.DEC: return incDec(g, i);
    case Op.CMOVCC: return cmov(g, i);
    case Op.JCC: case Op.JMP: case Op.CALL: case Op.RET: return branch(g, i);
    case Op.PUSH: case Op.POP: return stack(g, i);
    case Op.MOVQ_LOAD: case Op.MOVQ_STORE: case Op.MOVSD: return xmmMove(g, i);
    case Op.NOP: return true;
    case Op.SHL: case Op.SHR: case Op.SAR: case Op.LEA: return emitShift(g, i);
    default: return emitSse(g, i);
  }
}
