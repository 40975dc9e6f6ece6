/**
 * CPU benchmark: guest instructions per second for three programs, measured side by side in one
 * run (alternating, best of several, after one unmeasured run of each) so that the ratios are
 * meaningful on a noisy machine:
 *   - the interpreter alone against the translator (mpk-hw/cpu/translate), with one long
 *     scheduler slice and with the JS engine's scheduling (random slices of 1-200 instructions);
 *   - with the translator, PKRU checks on against off (what checking every data access costs).
 * Instructions are counted by the CPUs; the scheduler's own count must agree.
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
  /** Million guest instructions per second, one 1M-instruction slice: interpreter, translator. */
  readonly mipsInterpreter: number;
  readonly mipsTranslator: number;
  /** The same at the engine's scheduling (random slices of 1-200 instructions). */
  readonly mipsInterpreterSliced: number;
  readonly mipsTranslatorSliced: number;
  /** Translator with PKRU checks off, one slice; the checks' cost is mipsChecksOff / mipsTranslator - 1. */
  readonly mipsChecksOff: number;
  readonly checkCost: number;
}

/** How a run is set up. */
interface Setup {
  readonly translate: boolean;
  readonly pkeyChecks: boolean;
  readonly sliced: boolean;
}

/** Runs a program to completion on a fresh machine; returns instructions (CPUs', scheduler's) and seconds. */
function runOnce(p: CpuProgram, s: Setup): { instructions: number; scheduled: number; seconds: number } {
  const m = new Machine({ cpus: 1, pkeyChecks: s.pkeyChecks, translate: s.translate });
  const t = m.spawn();
  const code = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
  t.write(code, p.code);
  t.mprotect(code, 4096, PROT_READ | PROT_EXEC);
  if (p.dataBytes > 0) {
    const data = t.mmap(0, p.dataBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    t.task.regs.setNum(7 /* RDI */, data);
  }
  const sched = m.scheduler(s.sliced ? { quantum: 200, randomPreemption: true } : { quantum: 1_000_000, randomPreemption: false });
  sched.addGuest(t.task, code);
  const start = process.hrtime.bigint();
  const r = sched.run(2_000_000_000);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.reason !== 'done') throw new Error(`${p.name}: ${r.reason}`);
  const instructions = m.cores.reduce((n, c) => n + c.stats.instructions, 0);
  return { instructions, scheduled: r.instructions, seconds };
}

const SETUPS = {
  interpreter: { translate: false, pkeyChecks: true, sliced: false },
  translator: { translate: true, pkeyChecks: true, sliced: false },
  interpreterSliced: { translate: false, pkeyChecks: true, sliced: true },
  translatorSliced: { translate: true, pkeyChecks: true, sliced: true },
  checksOff: { translate: true, pkeyChecks: false, sliced: false },
} as const satisfies Record<string, Setup>;

/** Benchmarks each program `rounds` times per setup, alternating, keeping the best time, after one unmeasured run of each. */
export function cpuBench(rounds = 3, scale = 1): CpuBenchRow[] {
  const programs = [intLoop(3_000_000 * scale), fibRecursion(25 + Math.round(Math.log2(scale))), loadStore(4096, 200 * scale)];
  const names = Object.keys(SETUPS) as Array<keyof typeof SETUPS>;
  for (const p of programs) for (const n of names) runOnce(p, SETUPS[n]);
  return programs.map((p) => {
    const bestSeconds = Object.fromEntries(names.map((n) => [n, Infinity])) as Record<keyof typeof SETUPS, number>;
    let instructions = 0;
    let scheduled = 0;
    for (let i = 0; i < rounds; i++) {
      for (const n of names) {
        const r = runOnce(p, SETUPS[n]);
        if (n === 'interpreter') {
          instructions = r.instructions;
          scheduled = r.scheduled;
        } else if (r.instructions !== instructions) {
          throw new Error(`${p.name}: ${n} retired ${r.instructions} instructions, the interpreter ${instructions}`);
        }
        bestSeconds[n] = Math.min(bestSeconds[n], r.seconds);
      }
    }
    const mips = (n: keyof typeof SETUPS): number => instructions / bestSeconds[n] / 1e6;
    return {
      name: p.name, what: p.what, instructions, schedulerInstructions: scheduled,
      mipsInterpreter: mips('interpreter'), mipsTranslator: mips('translator'),
      mipsInterpreterSliced: mips('interpreterSliced'), mipsTranslatorSliced: mips('translatorSliced'),
      mipsChecksOff: mips('checksOff'), checkCost: mips('checksOff') / mips('translator') - 1,
    };
  });
}
