/**
 * Control transfer: Jcc, JMP (rel8/rel32/r/m64), CALL (rel32/r/m64), RET (with imm16)
 * (SDM Vol.2 Jcc, JMP, CALL, RET).  Near branches are always 64-bit in 64-bit mode (Intel
 * ignores a 66 prefix on them).  A target that is not a canonical user address raises #GP(0)
 * at the branch, before anything changes (the SDM's "#GP(0) if the target is non-canonical";
 * kernel-half targets, which would fault at the fetch on hardware, are treated the same way,
 * matching how the MMU model rejects them).
 */
import { GeneralProtection } from '../../fault.js';
import { hex } from '../../errors.js';
import { CANONICAL_LIMIT } from '../../page-table.js';
import type { Cpu } from '../cpu.js';
import { condition } from '../flags.js';
import type { Insn } from '../insn.js';
import { SLOT_STACK } from '../memory-port.js';
import { readRm } from '../operands.js';
import { commitRsp, pushValue, stackAddress } from './stack.js';

const TWO_32 = 0x1_0000_0000;

/** A branch target given as halves, checked to be a canonical user address. */
function absoluteTarget(lo: number, hi: number): number {
  if (hi >= CANONICAL_LIMIT / TWO_32) throw new GeneralProtection(`branch target ${hex((BigInt(hi) << 32n) | BigInt(lo))} is not a canonical user address`);
  return hi * TWO_32 + lo;
}

/** nextRip + a signed displacement, checked. */
function relativeTarget(c: Cpu, disp: number): number {
  const t = c.nextRip + disp;
  if (t < 0 || t >= CANONICAL_LIMIT) throw new GeneralProtection(`branch target ${hex(t < 0 ? t + 2 ** 64 : t)} is not a canonical user address`);
  return t;
}

/** Jcc rel8/rel32. */
export function jcc(c: Cpu, i: Insn): void {
  if (condition(i.cc, c.regs.rflags)) c.nextRip = relativeTarget(c, i.imm);
}

/** JMP rel8/rel32. */
export function jmp(c: Cpu, i: Insn): void {
  c.nextRip = relativeTarget(c, i.imm);
}

/** JMP r/m64. */
export function jmpRm(c: Cpu, i: Insn): void {
  const lo = readRm(c, i, 8, 'read');
  c.nextRip = absoluteTarget(lo, c.vHi);
}

/** CALL rel32: push the return address, then branch. */
export function call(c: Cpu, i: Insn): void {
  const target = relativeTarget(c, i.imm);
  const ret = c.nextRip;
  pushValue(c, 8, ret % TWO_32, Math.floor(ret / TWO_32));
  c.nextRip = target;
}

/** CALL r/m64: the target is read (with the old RSP) before the return address is pushed. */
export function callRm(c: Cpu, i: Insn): void {
  const lo = readRm(c, i, 8, 'read');
  const target = absoluteTarget(lo, c.vHi);
  const ret = c.nextRip;
  pushValue(c, 8, ret % TWO_32, Math.floor(ret / TWO_32));
  c.nextRip = target;
}

/** RET / RET imm16: pop the return address, then release imm16 more bytes. */
export function ret(c: Cpu, i: Insn): void {
  c.port.translate(SLOT_STACK, stackAddress(c, 0), 8, 'read');
  const lo = c.port.load(SLOT_STACK, 8);
  const target = absoluteTarget(lo, c.port.loadHi);
  stackAddress(c, 8 + i.imm);
  commitRsp(c);
  c.nextRip = target;
}
