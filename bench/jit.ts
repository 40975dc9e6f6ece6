/**
 * The JavaScript JIT's benchmarks, measured side by side in one run:
 *   - each sample (samples/js): node's time (the program run in a fresh vm context of this very
 *     process, console.log silenced) against pkjit's run time with the translator and with the
 *     interpreter alone (alternating), and guest instructions per second;
 *   - compile cost: pkjit's front end + code generation time against acorn's parse of the same
 *     source (per program and per compiled function);
 *   - the W^X policy's workload (32 functions compiled while executors run), measured in wx-costs.ts.
 * Times are best of `rounds` runs, after one unmeasured pass over every sample (warmUp) so that
 * the first sample's figures do not include V8 compiling pkjit, acorn and the vm module.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { parse } from 'acorn';
import { runProgram, type RunStats } from '../jit/engine/engine.js';

/** One sample's row. */
export interface SampleRow {
  readonly name: string;
  readonly nodeMs: number;
  /** pkjit's run time (compiling excluded) with the translator (the default), and pkjit / node. */
  readonly pkjitRunMs: number;
  readonly ratio: number;
  /** The same with the interpreter alone (--interpret). */
  readonly interpreterRunMs: number;
  readonly interpreterRatio: number;
  /** interpreterRunMs / pkjitRunMs: what the translator gains on the JIT's generated code. */
  readonly translatorSpeedup: number;
  /** Share of the guest instructions retired in translated code. */
  readonly translatedShare: number;
  readonly instructions: number;
  readonly mips: number;
  readonly interpreterMips: number;
  readonly runtimeCalls: number;
  readonly functionsCompiled: number;
  readonly acornMs: number;
  /** Parse (acorn + subset check + IR) and compile (lower, window, seal, publish of the compiled functions), ms. */
  readonly frontMs: number;
  readonly compileMs: number;
  /** (frontMs + compileMs) / acornMs. */
  readonly compileVsAcorn: number;
  /** Compile time per compiled function / acorn's parse time per function. */
  readonly perFunctionVsAcorn: number;
}

/** Progress reporting: a line updated in place on a terminal. */
export type Progress = (what: string) => void;

function best(rounds: number, f: () => number): number {
  let t = Infinity;
  for (let i = 0; i < rounds; i++) t = Math.min(t, f());
  return t;
}

function timeMs(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The samples: name and source, from `dir`. */
export function loadSamples(dir: string): Array<{ name: string; source: string }> {
  return readdirSync(dir).filter((f) => f.endsWith('.js')).sort()
    .map((f) => ({ name: f.replace(/\.js$/, ''), source: readFileSync(join(dir, f), 'utf8') }));
}

/** One unmeasured run of everything sampleBench times, on every sample: V8 warms up pkjit, acorn and vm. */
export function warmUp(samples: ReadonlyArray<{ name: string; source: string }>, progress: Progress): void {
  for (const s of samples) {
    progress(`warm-up: ${s.name}`);
    runInContext(s.source, createContext({ console: { log: () => undefined }, Math }), { filename: `${s.name}.js` });
    runProgram(s.source, `${s.name}.js`);
    runProgram(s.source, `${s.name}.js`, { translate: false });
    parse(s.source, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
  }
}

/** Benchmarks every sample (call warmUp first). */
export function sampleBench(samples: ReadonlyArray<{ name: string; source: string }>, rounds: number, progress: Progress): SampleRow[] {
  return samples.map((s, i) => {
    progress(`samples ${i + 1}/${samples.length}: ${s.name}`);
    const nodeMs = best(rounds, () => timeMs(() => {
      runInContext(s.source, createContext({ console: { log: () => undefined }, Math }), { filename: `${s.name}.js` });
    }));
    let stats: RunStats | null = null;
    let pkjitRunMs = Infinity;
    let interpreterRunMs = Infinity;
    // Alternating, so that both see the same machine.
    for (let i = 0; i < rounds; i++) {
      const r = runProgram(s.source, `${s.name}.js`);
      if (r.exitCode !== 0) throw new Error(`${s.name}: pkjit exit ${r.exitCode}: ${r.error ?? ''}`);
      if (stats === null || r.stats.runMs < stats.runMs) stats = r.stats;
      pkjitRunMs = Math.min(pkjitRunMs, r.stats.runMs);
      const q = runProgram(s.source, `${s.name}.js`, { translate: false });
      if (q.stats.instructions !== r.stats.instructions || q.output.join('\n') !== r.output.join('\n')) {
        throw new Error(`${s.name}: the interpreter and the translator disagree`);
      }
      interpreterRunMs = Math.min(interpreterRunMs, q.stats.runMs);
    }
    const st = stats as RunStats | null;
    if (st === null) throw new Error('no run');
    const acornMs = best(rounds * 3, () => timeMs(() => parse(s.source, { ecmaVersion: 'latest', sourceType: 'script', locations: true })));
    const fnCount = Math.max(1, st.functionsCompiled);
    return {
      name: s.name, nodeMs, pkjitRunMs, ratio: pkjitRunMs / nodeMs, interpreterRunMs, interpreterRatio: interpreterRunMs / nodeMs,
      translatorSpeedup: interpreterRunMs / pkjitRunMs, translatedShare: st.translatedInstructions / Math.max(1, st.instructions),
      instructions: st.instructions, mips: st.instructions / pkjitRunMs / 1000, interpreterMips: st.instructions / interpreterRunMs / 1000, runtimeCalls: st.runtimeCalls, functionsCompiled: st.functionsCompiled,
      acornMs, frontMs: st.parseMs, compileMs: st.compileMs, compileVsAcorn: (st.parseMs + st.compileMs) / acornMs,
      perFunctionVsAcorn: (st.compileMs / fnCount) / (acornMs / (st.functions || 1)),
    };
  });
}

/** The policy workload: `n` functions, each compiled on its first call while the executors run. */
export function policyWorkload(n = 32): string {
  const fns = Array.from({ length: n }, (_, i) => `function f${i}(x) { let s = 0; for (let k = 0; k < 20; k++) s += (x * ${i + 1} + k) % 7; return s; }`);
  const calls = Array.from({ length: n }, (_, i) => `total += f${i}(i);`).join(' ');
  return `${fns.join('\n')}\nlet total = 0;\nfor (let i = 0; i < 3; i++) { ${calls} }\nconsole.log(total);\n`;
}
