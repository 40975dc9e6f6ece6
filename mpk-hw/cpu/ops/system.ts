/**
 * No-ops, traps and the PKU/system instructions: NOP (incl. multi-byte NOP, PAUSE, fences,
 * ENDBR64), INT3, UD2, SYSCALL, WRPKRU, RDPKRU, and the handler of invalid encodings.
 * SDM Vol.2 entries of the same names; WRPKRU/RDPKRU rules live in hw-thread.ts (spec H-6, H-7).
 */
import { Breakpoint, GeneralProtection, InvalidOpcode } from '../../fault.js';
import type { Cpu } from '../cpu.js';
import type { Insn } from '../insn.js';
import { writeGpr } from '../operands.js';

/** NOP and its relatives: nothing happens (a multi-byte NOP does not access its memory operand). */
export function nop(): void {}

/** An encoding the decoder rejected: #UD, or #GP(0) for an instruction longer than 15 bytes. */
export function invalid(_c: Cpu, i: Insn): void {
  throw i.fault === 13 ? new GeneralProtection(i.reason) : new InvalidOpcode(i.reason);
}

/** UD2: the architected #UD. */
export function ud2(): void {
  throw new InvalidOpcode('UD2');
}

/** INT3: a trap, so RIP points after it and the instruction counts as retired (SDM INT n/INT3). */
export function int3(c: Cpu): void {
  c.regs.rip = c.nextRip;
  c.stats.instructions++;
  throw new Breakpoint('INT3');
}

/**
 * SYSCALL: RCX <- RIP of the next instruction, R11 <- RFLAGS, then run() returns to the kernel
 * (SDM SYSCALL).  RFLAGS is not masked by IA32_FMASK here: the user-visible RFLAGS after
 * SYSRET comes back from R11, so the kernel model need not undo the mask.
 */
export function syscall(c: Cpu): void {
  const ret = c.nextRip;
  writeGpr(c, 1, 8, ret % 0x1_0000_0000, Math.floor(ret / 0x1_0000_0000));
  writeGpr(c, 11, 8, c.regs.rflags, 0);
  c.syscallPending = true;
}

/** WRPKRU: PKRU <- EAX; #GP(0) unless ECX = EDX = 0 (SDM WRPKRU; spec H-7). */
export function wrpkru(c: Cpu): void {
  c.hw.wrpkru(c.lo[0] as number, c.lo[1] as number, c.lo[2] as number);
  c.stats.wrpkru++;
}

/** RDPKRU: EAX <- PKRU, EDX <- 0, upper halves cleared; #GP(0) unless ECX = 0 (SDM RDPKRU; spec H-6). */
export function rdpkru(c: Cpu): void {
  const v = c.hw.rdpkru(c.lo[1] as number);
  writeGpr(c, 0, 4, v, 0);
  writeGpr(c, 2, 4, 0, 0);
  c.stats.rdpkru++;
}
