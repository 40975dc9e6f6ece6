/**
 * The fetch monitor (test/sdk/fetch-monitor.ts) over the quick fuzz set of quick.test.ts (the
 * same 150 generated programs, same step budget): every instruction retired is checked against
 * the sealed, published bytes.  npm test runs a deterministic slice of 30 (every fifth program,
 * from the first; quick.test.ts compares the slice from the third with node);
 * FETCH_MONITOR_FULL=1 runs all 150 (about 17 s).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generate } from '../../../fuzz/generate.js';
import { runProgram } from '../../../jit/engine/engine.js';
import type { Machine } from '../../../mpk-hw/machine.js';
import { FetchMonitor } from '../../sdk/fetch-monitor.js';

/** The quick set of quick.test.ts: its seed, size and step budget. */
const QUICK_SEED = 0xf022;
const RUNS = 150;
const MAX_STEPS = 1_000_000;
const FULL = process.env.FETCH_MONITOR_FULL === '1';
/** Every STRIDE-th program of the quick set. */
const STRIDE = FULL ? 1 : 5;

describe(`fetch monitor on the quick fuzz set${FULL ? '' : ` (every ${STRIDE}th program)`}`, () => {
  it(`${RUNS / STRIDE} programs: every retired instruction checked, 0 violations`, () => {
    const seeds = fc.sample(fc.integer(), { seed: QUICK_SEED, numRuns: RUNS }).filter((_, i) => i % STRIDE === 0);
    const found: string[] = [];
    let checked = 0;
    let retired = 0;
    seeds.forEach((seed, i) => {
      const mon = new FetchMonitor();
      let machine: Machine | null = null;
      const file = `p${i * STRIDE}.js`;
      const r = runProgram(generate(seed).source, file, { maxSteps: MAX_STEPS, audit: [mon.sink],
        onMachine: (m) => { machine = m; mon.attach(m); } });
      expect(r.exitCode === 0 || r.exitCode === 1 || r.exitCode === 3, `${file} (seed ${seed}): exit ${r.exitCode} ${String(r.error)}`).toBe(true);
      for (const v of mon.violations) found.push(`${file} (seed ${seed}): thread ${v.tid} at 0x${v.rip.toString(16)} [${v.bytes}]: ${v.why}`);
      for (const f of mon.refusedFetches) found.push(`${file} (seed ${seed}): int3 at 0x${f.rip.toString(16)} in ${String(f.alloc)}`);
      checked += mon.checked;
      retired += (machine as Machine | null)?.instructions ?? 0;
    });
    expect(found).toEqual([]);
    expect(checked).toBe(retired);
    expect(checked).toBeGreaterThan(100_000);
  }, 120_000);
});
