/**
 * CPU benchmark: guest instructions per second for three programs, with PKRU checks on and
 * off, measured side by side in one run (alternating, best of several) so that the ratio is
 * meaningful on a noisy machine.
 */
import { Machine } from '../mpk-hw/machine.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE } from '../mpk-hw/kernel/constants.js';
import { fibRecursion, intLoop, loadStore, type CpuProgram } from './cpu-programs.js';

/** One program's result. */
export interface CpuBenchRow {
  readonly name: string;
  readonly what: string;
  /** Guest instructions retired, counted by the CPUs (the scheduler's count must agree: schedulerInstructions). */
  readonly instructions: number;
  readonly schedulerInstructions: number;
  /** Million guest instructions per second, PKRU checks on / off. */
  readonly mipsOn: number;
  readonly mipsOff: number;
  /** Cost of the checks: mipsOff / mipsOn - 1. */
  readonly overhead: number;
}

/** Runs a program to completion on a fresh machine; returns instructions (CPUs', scheduler's) and seconds. */
function runOnce(p: CpuProgram, pkeyChecks: boolean): { instructions: number; scheduled: number; seconds: number } {
  const m = new Machine({ cpus: 1, pkeyChecks });
  const t = m.spawn();
  const code = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
  t.write(code, p.code);
  t.mprotect(code, 4096, PROT_READ | PROT_EXEC);
  if (p.dataBytes > 0) {
    const data = t.mmap(0, p.dataBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    t.task.regs.setNum(7 /* RDI */, data);
  }
  const s = m.scheduler({ quantum: 1_000_000, randomPreemption: false });
  s.addGuest(t.task, code);
  const start = process.hrtime.bigint();
  const r = s.run(2_000_000_000);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.reason !== 'done') throw new Error(`${p.name}: ${r.reason}`);
  const instructions = m.cores.reduce((n, c) => n + c.stats.instructions, 0);
  return { instructions, scheduled: r.instructions, seconds };
}

/** Benchmarks each program `rounds` times per setting, alternating, keeping the best time, after one unmeasured run of each. */
export function cpuBench(rounds = 3, scale = 1): CpuBenchRow[] {
  const programs = [intLoop(3_000_000 * scale), fibRecursion(25 + Math.round(Math.log2(scale))), loadStore(4096, 200 * scale)];
  for (const p of programs) runOnce(p, true);
  return programs.map((p) => {
    let scheduled = 0;
    let on = Infinity;
    let off = Infinity;
    let instructions = 0;
    for (let i = 0; i < rounds; i++) {
      const a = runOnce(p, true);
      const b = runOnce(p, false);
      instructions = a.instructions;
      scheduled = a.scheduled;
      on = Math.min(on, a.seconds);
      off = Math.min(off, b.seconds);
    }
    const mipsOn = instructions / on / 1e6;
    const mipsOff = instructions / off / 1e6;
    return { name: p.name, what: p.what, instructions, schedulerInstructions: scheduled, mipsOn, mipsOff, overhead: mipsOff / mipsOn - 1 };
  });
}
