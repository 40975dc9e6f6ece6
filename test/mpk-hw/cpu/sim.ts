/**
 * Running guest code in tests: a Machine with one process, code and data mapped at fixed
 * addresses, and a Cpu on the hardware thread the task runs on.
 */
import { Cpu, type CpuExit } from '../../../mpk-hw/cpu/cpu.js';
import { DecodeCache } from '../../../mpk-hw/cpu/decode-cache.js';
import type { RegisterFile } from '../../../mpk-hw/cpu/regs.js';
import type { HwThread } from '../../../mpk-hw/hw-thread.js';
import {
  MAP_ANONYMOUS, MAP_FIXED, MAP_POPULATE, MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE,
} from '../../../mpk-hw/kernel/constants.js';
import { Machine } from '../../../mpk-hw/machine.js';
import type { UserThread } from '../../../mpk-hw/user-thread.js';

/** A machine with a process whose thread runs on `cpu`. */
export interface Sim {
  readonly m: Machine;
  readonly t: UserThread;
  readonly hw: HwThread;
  readonly cache: DecodeCache;
  readonly cpu: Cpu;
  readonly regs: RegisterFile;
}

/** Where tests put code, data and the stack. */
export const CODE = 0x40_0000;
export const DATA = 0x60_0000;
export const STACK_TOP = 0x80_0000;

/** A fresh machine and CPU, with PKRU = 0 (all keys open) so tests choose their own rights. */
export function newSim(): Sim {
  const m = new Machine();
  const t = m.spawn();
  const hw = m.kernel.ensureOnCpu(t.task);
  hw.kernelWritePkru(0);
  const cache = new DecodeCache(m.mem);
  const cpu = new Cpu(hw, m.mem, cache, { xsave: m.kernel.config.xsave });
  return { m, t, hw, cache, cpu, regs: t.task.regs };
}

/** Maps [addr, addr+len) populated with `prot`; throws if mmap fails. */
export function map(s: Sim, addr: number, len: number, prot: number): void {
  const r = s.t.mmap(addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE);
  if (r !== addr) throw new Error(`mmap(${addr.toString(16)}) = ${r}`);
}

/** Maps code (RWX while loading, then `prot`), a data page and a stack; RIP = CODE, RSP = STACK_TOP. */
export function load(s: Sim, code: Uint8Array, prot = PROT_READ | PROT_EXEC): void {
  const len = Math.max(4096, Math.ceil(code.length / 4096) * 4096);
  map(s, CODE, len, PROT_READ | PROT_WRITE | PROT_EXEC);
  s.t.write(CODE, code);
  if (s.t.mprotect(CODE, len, prot) !== 0) throw new Error('mprotect failed');
  map(s, DATA, 0x10000, PROT_READ | PROT_WRITE);
  map(s, STACK_TOP - 0x10000, 0x10000, PROT_READ | PROT_WRITE);
  s.regs.rip = CODE;
  s.regs.setNum(4, STACK_TOP);
  s.m.kernel.ensureOnCpu(s.t.task);
}

/** Runs until an exit other than the budget (or `max` instructions). */
export function run(s: Sim, max = 1_000_000): CpuExit {
  return s.cpu.run(s.regs, max);
}

/** Hex string (spaces allowed) to bytes. */
export function hexBytes(h: string): Uint8Array {
  const clean = h.replace(/\s+/g, '');
  return Uint8Array.from({ length: clean.length / 2 }, (_, i) => parseInt(clean.slice(2 * i, 2 * i + 2), 16));
}
