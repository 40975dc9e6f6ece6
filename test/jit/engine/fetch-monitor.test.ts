/**
 * The fetch monitor (test/sdk/fetch-monitor.ts) over every samples/js program on four executors
 * (the run of samples-executors.test.ts): every instruction any CPU retires is an executor's,
 * and each lies in sealed, published code, byte for byte, through lazy compilation, the engine's
 * stubs and the runtime gate.  A monitored instruction costs ~2 us of host time and the samples
 * retire ~45 million, so npm test runs the first MAX_STEPS of each executor; FETCH_MONITOR_FULL=1
 * runs every program to its end (about three minutes).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../../jit/engine/engine.js';
import type { Machine } from '../../../mpk-hw/machine.js';
import { FetchMonitor } from '../../sdk/fetch-monitor.js';

const SAMPLES_DIR = fileURLToPath(new URL('../../../samples/js/', import.meta.url));
const SAMPLES = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.js')).sort();
const FULL = process.env.FETCH_MONITOR_FULL === '1';
/** Guest instructions per executor in npm test: past the first lazy compilations of every sample. */
const MAX_STEPS = 20_000;

describe(`fetch monitor on samples/js, 4 executors${FULL ? '' : ` (first ${MAX_STEPS} instructions of each)`}`, () => {
  it.each(SAMPLES)('%s: every retired instruction checked, 0 violations', (name) => {
    const file = join(SAMPLES_DIR, name);
    const mon = new FetchMonitor();
    let machine: Machine | null = null;
    const r = runProgram(readFileSync(file, 'utf8'), name, {
      executors: 4, seed: 4, audit: [mon.sink], ...(FULL ? {} : { maxSteps: MAX_STEPS }),
      onMachine: (m) => { machine = m; mon.attach(m); },
    });
    if (r.exitCode === 0) {
      const expected = readFileSync(file.replace(/\.js$/, '.expected'), 'utf8');
      for (const out of r.outputs) expect(out.map((l) => l + '\n').join('')).toBe(expected);
    } else {
      expect(FULL).toBe(false);
      // Guest instructions, or (jit/runtime/work-meter.ts) steps of runtime-call work.
      expect(r.exitCode).toBe(3);
      expect(r.error).toMatch(new RegExp(`^${name}: stopped after ${MAX_STEPS} .*\\(--max-steps\\)$`));
    }
    expect(mon.violations).toEqual([]);
    expect(mon.refusedFetches).toEqual([]);
    expect(mon.checked).toBeGreaterThan(0);
    expect([mon.checked, mon.ignored]).toEqual([(machine as Machine | null)?.instructions, 0]);
  }, FULL ? 600_000 : 60_000);
});
