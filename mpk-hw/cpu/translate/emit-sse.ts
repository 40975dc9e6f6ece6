/**
 * Inline translations of the scalar-double SSE2 instructions the JIT's code runs most:
 * ADDSD SUBSD MULSD DIVSD SQRTSD, UCOMISD/COMISD, CVTSI2SD, CVTTSD2SI (SDM Vol.2 entries of the
 * same names), from a register or memory.  Semantics are those of ops/sse.ts, which is exact
 * only with MXCSR at its default: any other MXCSR leaves the block first, and the
 * interpreter raises its #UD.  An arithmetic result that is a NaN also leaves the block before
 * the instruction (nothing has changed yet): the interpreter picks the NaN's bits by SDM Vol.1
 * Table 4-7.
 */
import { Enc, Op, type Insn } from '../insn.js';
import { STATUS_FLAGS } from '../flags.js';
import { access, readOperand, writeReg } from './emit-operands.js';
import { SCRATCH_HELPERS, type Gen } from './gen.js';

/** The MXCSR check of every translated SSE arithmetic instruction (SDM Vol.1 10.2.3). */
function mxcsr(g: Gen): void {
  g.emit(`if ((regs.mxcsr & 0xffc0) !== 0x1f80) ${g.exitBefore()}`);
}

/** The low double of the r/m source (XMM register or m64) into local `name`; returns whether memory was read. */
function sourceDouble(g: Gen, i: Insn, name: string): boolean | null {
  if (!i.mem) {
    g.emit(`const ${name} = XF[${2 * i.rm}];`);
    return false;
  }
  const va = g.linear(i, g.addr(g.k + 1));
  if (va === null) return null;
  const a = access(g, va, 8, false, name);
  const { u32, f64 } = SCRATCH_HELPERS;
  g.emit(`${u32}[0] = ${a.f32}[${a.w}]; ${u32}[1] = ${a.f32}[${a.w} + 1]; const ${name} = ${f64}[0];`);
  return true;
}

const ARITH: Partial<Record<Op, string>> = { [Op.ADDSD]: '+', [Op.SUBSD]: '-', [Op.MULSD]: '*', [Op.DIVSD]: '/' };

function arith(g: Gen, i: Insn): boolean {
  const k = g.k;
  mxcsr(g);
  const mem = sourceDouble(g, i, `b${k}`);
  if (mem === null) return false;
  const op = ARITH[i.op];
  g.emit(op === undefined ? `const r${k} = Math.sqrt(b${k});` : `const r${k} = XF[${2 * i.reg}] ${op} b${k};`);
  g.emit(`if (r${k} !== r${k}) ${g.exitBefore()}`);
  if (mem) g.emit('ts.hits++;');
  g.emit(`XF[${2 * i.reg}] = r${k};`);
  return true;
}

/** UCOMISD/COMISD: ZF,PF,CF = 111 unordered, 000 greater, 001 less, 100 equal; OF, AF, SF cleared. */
function compare(g: Gen, i: Insn): boolean {
  const k = g.k;
  mxcsr(g);
  const mem = sourceDouble(g, i, `b${k}`);
  if (mem === null) return false;
  if (mem) g.emit('ts.hits++;');
  g.emit(`const a${k} = XF[${2 * i.reg}];`);
  // All six status flags are written and none read: pending flags are dead.
  g.pending = null;
  g.emit(`regs.rflags = (regs.rflags & ${~STATUS_FLAGS}) | (a${k} !== a${k} || b${k} !== b${k} ? 0x45 : a${k} > b${k} ? 0 : a${k} < b${k} ? 1 : 0x40);`);
  return true;
}

/** CVTSI2SD from a 32- or 64-bit integer register or memory. */
function fromInt(g: Gen, i: Insn): boolean {
  const k = g.k;
  if (i.rmSize !== 4 && i.rmSize !== 8) return false;
  mxcsr(g);
  const v = readOperand(g, i, true, i.rmSize, `v${k}`, false);
  if (v === null) return false;
  if (v.at !== null) g.emit('ts.hits++;');
  g.emit(`XF[${2 * i.reg}] = ${i.rmSize === 8 ? `(${v.h} | 0) * 4294967296 + ${v.l}` : `${v.l} | 0`};`);
  return true;
}

/** CVTTSD2SI into a 32- or 64-bit register: truncation; NaN or out of range gives the integer indefinite. */
function toInt(g: Gen, i: Insn): boolean {
  const k = g.k;
  if (i.size !== 4 && i.size !== 8) return false;
  mxcsr(g);
  const mem = sourceDouble(g, i, `x${k}`);
  if (mem === null) return false;
  if (mem) g.emit('ts.hits++;');
  g.emit(`const t${k} = Math.trunc(x${k});`);
  if (i.size === 4) {
    g.emit(`const bad${k} = x${k} !== x${k} || t${k} > 2147483647 || t${k} < -2147483648;`);
    writeReg(g, i.reg, 4, `(bad${k} ? 2147483648 : t${k} >>> 0)`, '0');
    return true;
  }
  g.emit(`if (x${k} !== x${k} || t${k} >= 9223372036854775808 || t${k} < -9223372036854775808) { lo[${i.reg}] = 0; hi[${i.reg}] = 2147483648; }`);
  g.emit(`else { const h${k} = Math.floor(t${k} / 4294967296); lo[${i.reg}] = t${k} - h${k} * 4294967296; hi[${i.reg}] = h${k} >>> 0; }`);
  return true;
}

/** Emits an SSE instruction inline if it has an inline form here. */
export function emitSse(g: Gen, i: Insn): boolean {
  if (i.enc !== Enc.RM || (i.mem && g.linear(i, 0) === null)) return false;
  switch (i.op) {
    case Op.ADDSD: case Op.SUBSD: case Op.MULSD: case Op.DIVSD: case Op.SQRTSD: return arith(g, i);
    case Op.UCOMISD: case Op.COMISD: return compare(g, i);
    case Op.CVTSI2SD: return fromInt(g, i);
    case Op.CVTTSD2SI: return toInt(g, i);
    default: return false;
  }
}
