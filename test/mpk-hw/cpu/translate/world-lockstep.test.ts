/**
 * The translator against the interpreter on everything else that runs guest code: the SDK's
 * samples (samples/index.ts: the embed samples and every attack sample), the ported kernel
 * pkeys selftests (mpk-hw/selftest/), and programs of the differential fuzzer (fuzz/generate.ts,
 * a pure function of a seed).  Each workload runs twice, interpreted and translated with a
 * hotness threshold of 2 (nearly every block head is translated on its second visit), and the
 * two runs must be indistinguishable.  It proves that the translator is exact on this code: the
 * same architectural state at every stop point, so the same behaviour seen from outside.
 *
 * What is compared, per workload:
 *   - the whole trace of stops (lockstep.ts: after every Cpu.run call, each scheduler slice
 *     and guest call step, a digest of GPRs, RIP, RFLAGS, XMM, MXCSR, the exit, the retired
 *     count and the TLB and decode-cache counters); the first differing stop is reported;
 *   - what the workload reports: a sample's printed lines and exit code (or what it threw); the
 *     selftest results (name, passed, why); a fuzz program's outputs, exit code and error;
 *   - the audit records the SDK wrote (every field but the random logId and the MAC chain
 *     `prev`/`mac`/`hash`, which hang off a random key; the cycles stay in);
 *   - the final digest of physical memory of every machine the workload made;
 * and that the translated run really translates: every machine of it has a translator that
 * each of its CPUs uses (no retire hook turning it off), the interpreted run has none at all;
 * the samples group and the fuzz group retire translated instructions (TranslatorStats.retired),
 * and so does each sample or fuzz program that retired at least MIN_WORK instructions, so the
 * test fails if translation silently turns off.  (Most attack samples run 0-11 guest
 * instructions, never a block twice: for them this is the check that a translator being there
 * changes nothing; brainfuck and forged-sigreturn run translated loops.  The selftests' only
 * guest code is a NOP sled that never becomes hot, see below, so that group has no such count.)
 *
 * How the modes are switched: the samples make their machines with `new Machine()`, whose
 * `translate` default reads PKJIT_TRANSLATE at construction ('0': interpreter only), so the
 * variable is set to '0' or removed around each run and restored after (the test behaves the
 * same under `npm run test:interp`).  Their hotness threshold is set through the samples'
 * instrument hook (samples/instrument.ts), which sees each machine before it runs any guest
 * code.  The selftests and fuzz programs take MachineOptions / RunOptions `translate` directly
 * (the selftests' machines are found through Machine.prototype.spawn, wrapped for the run).
 * Program i of the fuzz group runs on 1 + (i % 2) executors with scheduler seed 1 + (i % 5), so
 * the two-executor programs also interleave threads on two CPUs under random quanta.
 *
 * Environment (the defaults are the quick run: ~9 s on the shared 2-core machine):
 *   FUZZ_LOCKSTEP=N        fuzz programs (default 12); 1000 for a long run (~6 min)
 *   FUZZ_LOCKSTEP_SEED=S   campaign seed: program i is generate(programSeed(S, i)) (default 0x10c5)
 *   WORLD_LOCKSTEP_FULL=1  also attacks/tampered-audit-log (~15 s more, host work; see SLOW_SAMPLES)
 *   LOCKSTEP_HOT=N         the translated runs' hotness threshold (default 2; 1 for diagnosis)
 *   LOCKSTEP_VERBOSE=1     one line per workload: stops, instructions, retired translated, records
 */
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../../../fuzz/generate.js';
import { programSeed } from '../../../../fuzz/rng.js';
import { runProgram } from '../../../../jit/engine/engine.js';
import { Machine } from '../../../../mpk-hw/machine.js';
import { runSelftest } from '../../../../mpk-hw/selftest/index.js';
import { SAMPLES, type Sample } from '../../../../samples/index.js';
import { MemorySink, type AuditRecord } from '../../../../sdk/index.js';
import { firstDifference, memoryDigest, traced, type Stop } from './lockstep.js';

const HOT = Number(process.env['LOCKSTEP_HOT'] ?? 2);
const FUZZ_COUNT = Number(process.env['FUZZ_LOCKSTEP'] ?? 12);
const FUZZ_SEED = Number(process.env['FUZZ_LOCKSTEP_SEED'] ?? 0x10c5);
/** A fuzz program's guest instruction budget (the quick fuzz set's). */
const FUZZ_MAX_STEPS = 1_000_000;
/** Samples and fuzz programs retiring at least this many instructions must retire some translated. */
const MIN_WORK = 1_000;
/**
 * Samples left out of the quick run: tampered-audit-log retires 2 guest instructions (one call
 * of `mov eax, 7; ret`) and then spends ~7 s per run verifying every byte-flipped copy of its
 * log on the host, which no translator can affect.  WORLD_LOCKSTEP_FULL=1 runs it too.
 */
const SLOW_SAMPLES = new Set(process.env['WORLD_LOCKSTEP_FULL'] === '1' ? [] : ['attacks/tampered-audit-log']);
const QUICK_SAMPLES = SAMPLES.filter((s) => !SLOW_SAMPLES.has(s.name));
const VERBOSE = process.env['LOCKSTEP_VERBOSE'] === '1';

/** One run of a workload in one mode. */
interface Run {
  /** What the workload reported (output, exit code, results, or what it threw). */
  readonly out: unknown;
  readonly stops: Stop[];
  readonly records: string[];
  /** Memory digest of each machine, in the order they were made. */
  readonly memory: string[];
  /** Guest instructions retired on all its machines. */
  readonly instructions: number;
  /** Of which inside translated blocks (0 interpreted). */
  readonly retired: number;
  /** Translators of its machines (must be none when interpreted). */
  readonly translators: number;
  /** Every machine has a translator that each of its CPUs uses (no retire hook turning it off). */
  readonly translating: boolean;
}

/** A record as compared: all but the random log id and the MAC chain keyed by a random key. */
function recordText(r: AuditRecord): string {
  const { v: _v, prev: _p, mac: _m, hash: _h, ...rest } = r;
  return JSON.stringify(rest).replace(/"logId":"[0-9a-f]+"/g, '');
}

function thrownText(e: unknown): string {
  return `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}

/** Runs `body` with PKJIT_TRANSLATE set for `translate`, restoring it after. */
function withTranslateEnv<T>(translate: boolean, body: () => T): T {
  const saved = process.env['PKJIT_TRANSLATE'];
  if (translate) delete process.env['PKJIT_TRANSLATE'];
  else process.env['PKJIT_TRANSLATE'] = '0';
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env['PKJIT_TRANSLATE'];
    else process.env['PKJIT_TRANSLATE'] = saved;
  }
}

/** Runs `body` recording every machine that spawns a process (each does before it runs guest code). */
function capturingMachines<T>(body: () => T): { result: T; machines: Machine[] } {
  const machines: Machine[] = [];
  const original = Machine.prototype.spawn;
  Machine.prototype.spawn = function (this: Machine) {
    if (!machines.includes(this)) machines.push(this);
    return original.call(this);
  };
  try {
    return { result: body(), machines };
  } finally {
    Machine.prototype.spawn = original;
  }
}

function finish(out: unknown, stops: Stop[], machines: readonly Machine[], sinks: readonly MemorySink[]): Run {
  return {
    out, stops,
    records: sinks.flatMap((s) => s.records.map(recordText)),
    memory: machines.map((m) => memoryDigest(m)),
    instructions: machines.reduce((n, m) => n + m.instructions, 0),
    retired: machines.reduce((n, m) => n + (m.translator?.stats.retired ?? 0), 0),
    translators: machines.filter((m) => m.translator !== null).length,
    translating: machines.every((m) => m.translator !== null && m.cores.every((c) => c.translator === m.translator && c.retireHook === null)),
  };
}

function runSample(s: Sample, translate: boolean): Run {
  const machines: Machine[] = [];
  const sinks: MemorySink[] = [];
  const lines: string[] = [];
  const { result, stops } = withTranslateEnv(translate, () => traced(() => {
    try {
      return s.main((line) => lines.push(line), (m) => {
        machines.push(m);
        if (m.translator !== null) (m.translator as { hot: number }).hot = HOT;
        const sink = new MemorySink();
        sinks.push(sink);
        return [sink];
      });
    } catch (e) {
      return thrownText(e);
    }
  }));
  if (translate) for (const m of machines) expect(m.translator?.hot).toBe(HOT);
  return finish([result, lines], stops, machines, sinks);
}

function runSelftests(translate: boolean): Run {
  const { result: { result, stops }, machines } = capturingMachines(() => traced(() => {
    try {
      return runSelftest({ machine: { translate: translate ? { hot: HOT } : false } }).map((r) => [r.name, r.passed, r.why]);
    } catch (e) {
      return thrownText(e);
    }
  }));
  return finish(result, stops, machines, []);
}

function runFuzz(source: string, file: string, i: number, translate: boolean): Run {
  const machines: Machine[] = [];
  const sink = new MemorySink();
  const { result, stops } = traced(() => {
    try {
      const r = runProgram(source, file, {
        maxSteps: FUZZ_MAX_STEPS, executors: 1 + (i % 2), seed: 1 + (i % 5), audit: [sink],
        translate: translate ? { hot: HOT } : false, onMachine: (m) => { machines.push(m); },
      });
      return [r.exitCode, r.outputs, r.error];
    } catch (e) {
      return thrownText(e);
    }
  });
  return finish(result, stops, machines, [sink]);
}

/** Totals of one group, for its summary line and its translated-work assertion. */
class Tally {
  items = 0;
  stops = 0;
  instructions = 0;
  retired = 0;
  add(a: Run, b: Run): void {
    this.items++;
    this.stops += a.stops.length;
    this.instructions += a.instructions;
    this.retired += b.retired;
  }
  line(what: string): string {
    return `world lockstep (hot ${HOT}): ${this.items} ${what}, ${this.stops} stops compared, ` +
      `${this.instructions} instructions each way, ${this.retired} retired translated`;
  }
}

/**
 * The lockstep assertions on one workload's two runs; `mustTranslate`: when it retired MIN_WORK
 * instructions, some of them must have retired in translated blocks.
 */
function expectSame(a: Run, b: Run, tally: Tally, mustTranslate: boolean): void {
  expect(a.translators, 'the interpreted run has no translator').toBe(0);
  expect(b.translating, 'the translated run translates on every machine and CPU').toBe(true);
  expect(firstDifference(a.stops, b.stops)).toBeNull();
  expect(b.out).toEqual(a.out);
  expect(b.records).toEqual(a.records);
  expect(b.memory).toEqual(a.memory);
  expect(b.instructions).toBe(a.instructions);
  if (mustTranslate && a.instructions >= MIN_WORK) expect(b.retired, `${a.instructions} instructions, none translated`).toBeGreaterThan(0);
  tally.add(a, b);
  if (VERBOSE) console.log(`  ${a.stops.length} stops, ${a.instructions} instructions, ${b.retired} retired translated, ${a.records.length} records`);
}

describe('translated code matches the interpreter at every stop point: samples', () => {
  const tally = new Tally();
  afterAll(() => console.log(tally.line('samples')));
  it.each(QUICK_SAMPLES.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    expectSame(runSample(s, false), runSample(s, true), tally, true);
  });
  it('the samples ran translated code', () => {
    expect(tally.items).toBe(QUICK_SAMPLES.length);
    expect(tally.retired).toBeGreaterThan(0);
  });
});

describe('translated code matches the interpreter at every stop point: kernel pkeys selftests', () => {
  const tally = new Tally();
  afterAll(() => console.log(tally.line('selftest runs')));
  it('every case, every variant', () => {
    const a = runSelftests(false);
    const b = runSelftests(true);
    expect(Array.isArray(a.out) && a.out.length).toBeGreaterThanOrEqual(26);
    // Their only guest code is the NOP sled (4095 NOPs and RET) of the two execute-only cases,
    // called twice on each fresh machine: its head is not decoded yet at the first call (so not
    // counted), and a block formed at the second (hot 1 at best) is never run.  So the
    // translated run retires nothing translated at any threshold; it still runs the
    // translator's path (the translating check), whose head counting must change nothing.
    expect(a.instructions).toBeGreaterThan(0);
    expectSame(a, b, tally, false);
  });
});

describe(`translated code matches the interpreter at every stop point: ${FUZZ_COUNT} fuzz programs (seed ${FUZZ_SEED})`, () => {
  const tally = new Tally();
  afterAll(() => console.log(tally.line('fuzz programs')));
  const programs = Array.from({ length: FUZZ_COUNT }, (_, i) => [i, generate(programSeed(FUZZ_SEED, i))] as const);
  it.each(programs.map(([i, p]) => [`p${i}`, p.seed, p.generator, i, p] as const))('%s (seed %i, %s)', (name, _seed, _gen, i, p) => {
    expectSame(runFuzz(p.source, `${name}.js`, i, false), runFuzz(p.source, `${name}.js`, i, true), tally, true);
  });
  it('the fuzz programs ran translated code', () => {
    expect(tally.items).toBe(FUZZ_COUNT);
    expect(tally.retired).toBeGreaterThan(0);
  });
});
