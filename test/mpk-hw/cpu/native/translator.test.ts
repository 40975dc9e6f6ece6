/**
 * THE TRANSLATOR ON THE REAL-CPU SEQUENCES: the differential's random sequences (checked
 * against the real CPU by differential.test.ts, through the interpreter) run through the
 * translator as well.  Each sequence's exit jump is pointed back at its start, so it loops:
 * blocks are translated on their first visit (hot = 1), then re-entered and left early,
 * and every pass runs from the state the last one left.  An interpreter-only simulator runs
 * the same sequence in lockstep, stopping after random quanta of 1-40 instructions, and the
 * two must agree at every stop on GPRs, RIP, RFLAGS (all of it, undefined flags included),
 * XMM, MXCSR, the data and stack pages, retired instructions, the exit, and the TLB and
 * decode-cache counters.  So translated code equals the interpreter, which equals the CPU.
 *
 *   CPU_SEQUENCES=N   number of sequences (default 300; `npm run check:cpu` uses 20000)
 *   CPU_SEED=S        generator seed (default 1)
 */
import { describe, expect, it } from 'vitest';
import { PROT_READ, PROT_WRITE } from '../../../../mpk-hw/kernel/constants.js';
import { Translator } from '../../../../mpk-hw/cpu/translate/translator.js';
import { assemble, HAVE_BINUTILS } from '../gnu-tools.js';
import { map, type Sim } from '../sim.js';
import { regsDigest } from '../translate/lockstep.js';
import { assemblySource, generateCase, type Case } from './generator.js';
import { CODE_ADDR, DATA_ADDR, EXIT_SLOT, STACK_ADDR, STACK_SIZE } from './layout.js';
import { Rng } from './rng.js';
import { simSetup, startCase } from './runner.js';

const COUNT = Number(process.env['CPU_SEQUENCES'] ?? 300);
const SEED = Number(process.env['CPU_SEED'] ?? 1);
/** Passes over each sequence (its instructions retired on the first pass, times this). */
const PASSES = 4;

function start(s: Sim, c: Case, entry: number): void {
  startCase(s, c, entry);
  s.t.write(STACK_ADDR, new Uint8Array(STACK_SIZE));
  // The exit jump goes back to the start: the sequence loops.
  const slot = new Uint8Array(8);
  new DataView(slot.buffer).setBigUint64(0, BigInt(CODE_ADDR + entry), true);
  s.t.write(EXIT_SLOT, slot);
}

function state(s: Sim, exit: string): string {
  const t = s.hw.mmu.tlb.stats;
  const d = s.cache.stats;
  const mem = (a: number, n: number): string => Buffer.from(s.t.read(a, n)).toString('base64');
  return `${exit} ${regsDigest(s.regs)} mx=${s.regs.mxcsr} n=${s.cpu.stats.instructions} tlb=${t.hits}/${t.misses}/${t.invalidations} ` +
    `dc=${d.hits}/${d.misses} data=${mem(DATA_ADDR, 4096)} stack=${mem(STACK_ADDR, STACK_SIZE)}`;
}

describe.skipIf(!HAVE_BINUTILS)('the translator on the real-CPU differential sequences', () => {
  it(`${COUNT} looping sequences: translated and interpreted agree at every stop`, () => {
    const rng = new Rng(SEED);
    const cases = Array.from({ length: COUNT }, (_, id) => generateCase(rng, id, 6 + rng.int(14)));
    const { text, symbols } = assemble(assemblySource(cases));
    const at = (name: string): number => symbols.get(name) as number;
    const ref = simSetup(text);
    const fast = simSetup(text);
    for (const s of [ref, fast]) map(s, EXIT_SLOT, 4096, PROT_READ | PROT_WRITE);
    const tr = new Translator(fast.cache, { hot: 1 });
    fast.cpu.translator = tr;
    const quanta = new Rng(SEED + 1);
    let mismatches = 0;
    const report: string[] = [];
    for (const c of cases) {
      const entry = at(`c${c.id}_start`);
      start(ref, c, entry);
      start(fast, c, entry);
      const passLength = c.body.length + 1;
      let left = PASSES * passLength * 2;
      let stops = 0;
      while (left > 0) {
        const q = 1 + quanta.int(40);
        const a = ref.cpu.run(ref.regs, q);
        const b = fast.cpu.run(fast.regs, q);
        const ea = a.kind === 'exception' ? `${a.exception.name}:${a.exception.message}` : a.kind;
        const eb = b.kind === 'exception' ? `${b.exception.name}:${b.exception.message}` : b.kind;
        const sa = state(ref, ea), sb = state(fast, eb);
        stops++;
        if (sa !== sb) {
          mismatches++;
          if (report.length < 5) report.push(`sequence c${c.id}, stop ${stops} (quantum ${q}):\n    ${c.body.join('\n    ')}\n  interpreter ${sa.slice(0, 160)}\n  translator  ${sb.slice(0, 160)}`);
          break;
        }
        if (a.kind !== 'budget') break;
        left -= q;
      }
    }
    console.log(`${COUNT} looping sequences, ${mismatches} mismatches; translator: ${JSON.stringify(tr.stats)}`);
    if (report.length > 0) console.log(report.join('\n\n'));
    expect(mismatches).toBe(0);
    expect(tr.stats.executions).toBeGreaterThan(COUNT);
  }, 600_000);
});
