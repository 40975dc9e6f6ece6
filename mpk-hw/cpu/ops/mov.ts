/**
 * Data movement: MOV (incl. MOVABS imm64), MOVZX, MOVSX, MOVSXD, LEA, SETcc, CMOVcc
 * (SDM Vol.2 entries of the same names).  None of them changes flags.
 */
import type { Cpu } from '../cpu.js';
import { condition } from '../flags.js';
import { Enc, type Insn } from '../insn.js';
import { computeEa, prepareRmWrite, readGpr, readRm, writeGpr, writeRm } from '../operands.js';

/** MOV in MR, RM and MI (incl. B0+r / B8+r) forms. */
export function mov(c: Cpu, i: Insn): void {
  const size = i.size;
  if (i.enc === Enc.RM) {
    const lo = readRm(c, i, size, 'read');
    writeGpr(c, i.reg, size, lo, c.vHi);
    return;
  }
  prepareRmWrite(c, i, size);
  if (i.enc === Enc.MR) {
    const lo = readGpr(c, i.reg, size);
    writeRm(c, i, size, lo, c.vHi);
  } else {
    writeRm(c, i, size, i.imm, size === 8 ? i.immHi : 0);
  }
}

/** MOVZX: zero-extend a byte or word. */
export function movzx(c: Cpu, i: Insn): void {
  const lo = readRm(c, i, i.rmSize, 'read');
  writeGpr(c, i.reg, i.size, lo, 0);
}

/** MOVSX (byte/word) and MOVSXD (dword): sign-extend into the destination size. */
export function movsx(c: Cpu, i: Insn): void {
  const from = i.rmSize;
  const raw = readRm(c, i, from, 'read');
  const v = from === 1 ? (raw << 24) >> 24 : from === 2 ? (raw << 16) >> 16 : raw | 0;
  writeGpr(c, i.reg, i.size, v >>> 0, v < 0 ? 0xffffffff : 0);
}

/** LEA: the effective address (no segment base, no memory access), truncated to the operand size. */
export function lea(c: Cpu, i: Insn): void {
  computeEa(c, i);
  writeGpr(c, i.reg, i.size, c.eaLo, c.eaHi);
}

/** SETcc: r/m8 <- 1 if the condition holds, else 0. */
export function setcc(c: Cpu, i: Insn): void {
  prepareRmWrite(c, i, 1);
  writeRm(c, i, 1, condition(i.cc, c.regs.rflags) ? 1 : 0, 0);
}

/**
 * CMOVcc: the source is read (and may fault) whatever the condition; with a 32-bit operand
 * the destination's bits 63:32 are cleared even when the condition is false (SDM CMOVcc,
 * "64-bit mode" note).
 */
export function cmovcc(c: Cpu, i: Insn): void {
  const size = i.size;
  const lo = readRm(c, i, size, 'read');
  const hi = c.vHi;
  if (condition(i.cc, c.regs.rflags)) writeGpr(c, i.reg, size, lo, hi);
  else if (size === 4) writeGpr(c, i.reg, 4, c.lo[i.reg] as number, 0);
}
