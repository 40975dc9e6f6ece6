/**
 * Every samples/js program on four executors sharing the code (pkey policy), and on one under
 * the mprotect policy: each executor prints the .expected file (node's output, checked against
 * node in samples.test.ts), and the audit log of each run verifies (hash chain intact, the five
 * invariants hold: no executor ever held write rights on code).
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

const RUNS: ReadonlyArray<[string, RunOptions]> = [
  ['--executors 4', { executors: 4, seed: 4 }],
  ['--policy mprotect', { policy: 'mprotect' }],
];

describe('samples/js on several executors and under the mprotect policy', () => {
  for (const name of SAMPLES) {
    for (const [what, opts] of RUNS) {
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
