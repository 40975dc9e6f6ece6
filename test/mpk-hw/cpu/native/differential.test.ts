/**
 * THE REAL-CPU DIFFERENTIAL: random instruction sequences run natively (harness.c, compiled
 * here with gcc) and in the simulator from the same state; GPRs, the status flags the SDM
 * defines at the end, XMM low quadwords and the 4 KiB data buffer must agree exactly.
 *
 *   CPU_SEQUENCES=N   number of sequences (default 300; `npm run check:cpu` uses 20000)
 *   CPU_SEED=S        generator seed (default 1)
 *
 * All sequences are assembled by one `as` run and executed by one harness process.
 */
import { describe, expect, it } from 'vitest';
import { Op } from '../../../../mpk-hw/cpu/insn.js';
import { OPCODE_TABLE, type OpcodeRow } from '../../../../mpk-hw/cpu/opcode-table.js';
import { assemble } from '../gnu-tools.js';
import { assemblySource, generateCase } from './generator.js';
import { ALL_FLAGS } from './layout.js';
import { Rng } from './rng.js';
import { NATIVE_OK, compare, describeCase, runNative, runSim, simSetup, type State } from './runner.js';

/** Forms tested only in the simulator (they fault, trap or need PKU natively). */
const SIM_ONLY = new Set([Op.INT3, Op.UD2, Op.SYSCALL, Op.WRPKRU, Op.RDPKRU, Op.XSAVE, Op.XRSTOR]);
const formName = (r: OpcodeRow): string => `${r.mnemonic}(${r.map ? '0F ' : ''}${r.opcode.toString(16)}${r.digit >= 0 ? '/' + r.digit : ''}${r.prefix ? ' ' + r.prefix : ''})`;

const COUNT = Number(process.env['CPU_SEQUENCES'] ?? 300);
const SEED = Number(process.env['CPU_SEED'] ?? 1);

describe.skipIf(!NATIVE_OK)('CPU vs the real CPU (native differential)', () => {
  it(`${COUNT} random sequences agree with native execution`, () => {
    const rng = new Rng(SEED);
    const cases = Array.from({ length: COUNT }, (_, id) => generateCase(rng, id, 6 + rng.int(14)));
    const { text, symbols } = assemble(assemblySource(cases));
    const at = (name: string): number => {
      const v = symbols.get(name);
      if (v === undefined) throw new Error(`label ${name} missing`);
      return v;
    };
    const entries = cases.map((c) => at(`c${c.id}_start`));
    const native = runNative(text, cases, entries);
    const sim = simSetup(text);
    const report: string[] = [];
    const forms = new Set<number>();
    let mismatches = 0, undefinedDiffs = 0;
    cases.forEach((c, k) => {
      const n = native[k] as State;
      const m = runSim(sim, c, entries[k] as number, at(`c${c.id}_end`), text, forms);
      if (((n.rflags ^ m.rflags) & c.undefinedFlags & ALL_FLAGS) !== 0) undefinedDiffs++;
      const diff = compare(c, n, m);
      if (diff.length === 0) return;
      mismatches++;
      if (report.length < 10) report.push(`${describeCase(c)}\n  differences:\n    ${diff.join('\n    ')}`);
    });
    console.log(`${COUNT} sequences, ${mismatches} mismatches (seed ${SEED}; ${undefinedDiffs} sequences differ only in flags the SDM leaves undefined, masked)`);
    const natives = OPCODE_TABLE.filter((r) => !SIM_ONLY.has(r.op));
    const missed = natives.filter((r) => !forms.has(r.id));
    console.log(`opcode-table forms executed: ${natives.length - missed.length} of ${natives.length} that can run natively` +
      (missed.length > 0 && missed.length < 40 ? ` (not reached: ${missed.map(formName).join(', ')})` : ''));
    if (report.length > 0) console.log(report.join('\n\n'));
    expect(mismatches).toBe(0);
  }, 600_000);
});

describe.skipIf(NATIVE_OK)('CPU vs the real CPU (skipped)', () => {
  it('needs Linux x86-64 with gcc and GNU binutils; not available here, so the native differential is skipped', () => {
    expect(NATIVE_OK).toBe(false);
  });
});
