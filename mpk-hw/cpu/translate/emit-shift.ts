/**
 * Inline SHL/SHR/SAR of a 4- or 8-byte register by an immediate (the JIT's tag checks and
 * unboxing), and LEA (SDM Vol.2 SAL/SAR/SHL/SHR, LEA).  The shift's count is known when the
 * block is translated, so each becomes straight-line code; its flags are pending like an ALU
 * instruction's, with ops/shift.ts's rules: CF the last bit shifted out, OF for SHL
 * MSB(result) XOR CF, for SHR the original MSB on a 1-bit shift and 0 otherwise, for SAR 0;
 * AF = 1; SF/ZF/PF from the result.  A masked count of 0 (no flags change) is left to the
 * handler.  LEA computes the effective address modulo 2^64 as operands.ts computeEa does.
 */
import { Enc, Op, RIP_BASE, type Insn } from '../insn.js';
import { writeReg } from './emit-operands.js';
import type { Gen } from './gen.js';

const TWO_32 = 0x1_0000_0000;

/** The result halves and CF of a 64-bit shift of (l, h) by a constant n in 1..63 (ops/shift.ts shift64). */
function shift64(kind: Op, l: string, h: string, n: number): { rl: string; rh: string; cf: string } {
  if (kind === Op.SHL) {
    if (n < 32) return { rh: `((${h} << ${n}) | (${l} >>> ${32 - n})) >>> 0`, rl: `(${l} << ${n}) >>> 0`, cf: `((${h} >>> ${32 - n}) & 1)` };
    if (n === 32) return { rh: l, rl: '0', cf: `(${h} & 1)` };
    return { rh: `(${l} << ${n - 32}) >>> 0`, rl: '0', cf: `((${l} >>> ${64 - n}) & 1)` };
  }
  const shr = kind === Op.SHR;
  if (n < 32) {
    return { rl: `((${l} >>> ${n}) | (${h} << ${32 - n})) >>> 0`, rh: shr ? `${h} >>> ${n}` : `((${h} | 0) >> ${n}) >>> 0`, cf: `((${l} >>> ${n - 1}) & 1)` };
  }
  const fill = shr ? '0' : `((${h} | 0) >> 31) >>> 0`;
  const rl = n === 32 ? h : shr ? `${h} >>> ${n - 32}` : `((${h} | 0) >> ${n - 32}) >>> 0`;
  const cf = n === 32 ? `(${l} >>> 31)` : shr ? `((${h} >>> ${n - 33}) & 1)` : `(((${h} | 0) >> ${n - 33}) & 1)`;
  return { rl, rh: fill, cf };
}

/** The same at 32 bits (ops/shift.ts shiftSmall with size 4), n in 1..31. */
function shift32(kind: Op, a: string, n: number): { rl: string; cf: string } {
  if (kind === Op.SHL) return { rl: `(${a} << ${n}) >>> 0`, cf: `((${a} >>> ${32 - n}) & 1)` };
  if (kind === Op.SHR) return { rl: `${a} >>> ${n}`, cf: `((${a} >>> ${n - 1}) & 1)` };
  return { rl: `((${a} | 0) >> ${n}) >>> 0`, cf: `(((${a} | 0) >> ${n - 1}) & 1)` };
}

function shift(g: Gen, i: Insn): boolean {
  const size = i.size;
  if (i.mem || i.enc !== Enc.MI || (size !== 4 && size !== 8)) return false;
  const n = i.imm & (size === 8 ? 63 : 31);
  if (n === 0) return false;
  const k = g.k;
  const r = i.rm;
  const wide = size === 8;
  g.emit(`const a${k}l = lo[${r}]${wide ? `, a${k}h = hi[${r}]` : ''};`);
  const res = wide ? shift64(i.op, `a${k}l`, `a${k}h`, n) : { ...shift32(i.op, `a${k}l`, n), rh: '0' };
  g.emit(`const r${k}l = ${res.rl}, r${k}h = ${res.rh}, c${k} = ${res.cf};`);
  writeReg(g, r, size, `r${k}l`, `r${k}h`);
  const msbOld = `(${wide ? `a${k}h` : `a${k}l`} >>> 31)`;
  const msbNew = `(${wide ? `r${k}h` : `r${k}l`} >>> 31)`;
  const of = i.op === Op.SHL ? `(${msbNew} ^ c${k})` : i.op === Op.SHR && n === 1 ? msbOld : '0';
  g.pending = { kind: 'shift', size, al: `a${k}l`, ah: wide ? `a${k}h` : '0', bl: String(n), bh: '0', rl: `r${k}l`, rh: `r${k}h`, raw: '', cfBefore: `c${k}`, of };
  return true;
}

/** LEA at 4 or 8 bytes (no memory access; segments play no part; SDM LEA). */
function lea(g: Gen, i: Insn): boolean {
  if (i.addr32 || (i.size !== 4 && i.size !== 8)) return false;
  const k = g.k;
  const lo: string[] = [String(i.disp)];
  const hi: string[] = [];
  if (i.base === RIP_BASE) {
    const next = g.addr(k + 1);
    lo.push(String(next % TWO_32));
    hi.push(String(Math.floor(next / TWO_32)));
  } else if (i.base >= 0) {
    lo.push(`lo[${i.base}]`);
    hi.push(`hi[${i.base}]`);
  }
  if (i.index >= 0) {
    lo.push(`lo[${i.index}] * ${i.scale}`);
    hi.push(`hi[${i.index}] * ${i.scale}`);
  }
  // lo may be negative or reach past 2^32; the carry folds into the high half, modulo 2^64.
  g.emit(`const e${k} = ${lo.join(' + ')}, q${k} = Math.floor(e${k} / 4294967296);`);
  writeReg(g, i.reg, i.size, `(e${k} - q${k} * 4294967296)`, `((${hi.length > 0 ? hi.join(' + ') : '0'}) + q${k}) >>> 0`);
  return true;
}

/** Emits a shift or LEA inline if it has an inline form here. */
export function emitShift(g: Gen, i: Insn): boolean {
  switch (i.op) {
    case Op.SHL: case Op.SHR: case Op.SAR: return shift(g, i);
    case Op.LEA: return lea(g, i);
    default: return false;
  }
}
