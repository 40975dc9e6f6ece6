/**
 * samples/js programs on four executors sharing the code (pkey policy), and on one under the
 * mprotect policy: each executor prints the .expected file (node's output, checked against node
 * in samples.test.ts), and the audit log of each run verifies (hash chain intact, the five
 * invariants hold: no executor ever held write rights on code).
 *
 * A run on four executors costs four runs, and the heavy samples take seconds each, so npm test
 * runs a fixed slice: a cheap sample of each family on four executors, others under mprotect
 * (every sample still runs on one executor in samples.test.ts, and on four, for its first
 * instructions, in fetch-monitor.test.ts).  SAMPLES_FULL=1 runs every sample both ways (25-40 s).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MemorySink } from '../../../sdk/audit/log.js';
import { verifyLog } from '../../../sdk/audit/check.js';
import { runProgram, type RunOptions } from '../../../jit/engine/engine.js';

const SAMPLES_DIR = fileURLToPath(new URL('../../../samples/js/', import.meta.url));
const SAMPLES = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.js')).sort();
const FULL = process.env['SAMPLES_FULL'] === '1';

/** Each run, and the samples npm test gives it: heap and arrays, doubles, functions as values, calls, strings; loops, ints, compiles. */
const RUNS: ReadonlyArray<[string, RunOptions, readonly string[]]> = [
  ['--executors 4', { executors: 4, seed: 4 }, ['arrays.js', 'doubles.js', 'functions.js', 'matrix.js', 'recursion.js', 'strings.js']],
  ['--policy mprotect', { policy: 'mprotect' }, ['bits.js', 'loops.js', 'mandelbrot.js', 'nbody.js', 'sieve.js']],
];

describe(`samples/js on several executors and under the mprotect policy${FULL ? '' : ' (a fixed slice; SAMPLES_FULL=1 for all)'}`, () => {
  it('the slice names existing samples', () => {
    for (const [, , slice] of RUNS) expect(SAMPLES).toEqual(expect.arrayContaining([...slice]));
  });

  for (const [what, opts, slice] of RUNS) {
    for (const name of FULL ? SAMPLES : slice) {
      it(`${name} ${what}`, () => {
        const file = join(SAMPLES_DIR, name);
        const expected = readFileSync(file.replace(/\.js$/, '.expected'), 'utf8');
        const sink = new MemorySink();
        const r = runProgram(readFileSync(file, 'utf8'), name, { ...opts, audit: [sink] });
        expect(r.error).toBeUndefined();
        expect(r.exitCode).toBe(0);
        expect(r.outputs).toHaveLength(opts.executors ?? 1);
        for (const out of r.outputs) expect(out.map((l) => l + '\n').join('')).toBe(expected);
        const v = verifyLog(sink.text());
        expect(v.violations).toEqual([]);
        expect(v.ok).toBe(true);
      });
    }
  }
});
