/**
 * `--max-steps` bounds the host work of runtime calls too (jit/runtime/work-meter.ts): a program
 * printing a 1,000,000-element array over and over, a few guest instructions per print, stops
 * once its runtime calls have done the budget's steps of work, with the output made before.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import type { Io } from '../../../cli/io.js';
import { runProgram } from '../../../jit/engine/engine.js';

const PROGRAM = 'const a = new Array(1000000);\nfor (let i = 0; i < 1000; i++) console.log(i, a);';
/** Each line the program prints, as node prints it. */
const line = (i: number): string => format(i, new Array(1_000_000));

/**
 * Steps: `new Array(1000000)` writes 1,000,000 holes and a 3-word header (1,000,003); each
 * console.log reads the length, the elements address and 1,000,000 slots (1,000,002). With a
 * budget of 5,000,000 the fourth print reads the two header words, and its slots would pass the
 * budget: three lines, 4,000,011 steps, and the 8 MB are never read.
 */
const BUDGET = 5_000_000;

describe('runtime calls are charged by their work', () => {
  it('printing a huge array stops at --max-steps, after the lines its budget paid for', () => {
    const r = runProgram(PROGRAM, 'huge.js', { maxSteps: BUDGET, executors: 2 });
    expect(r.exitCode).toBe(3);
    expect(r.error).toBe(`huge.js: stopped after ${BUDGET} steps of runtime-call work (--max-steps)`);
    expect(r.outputs).toEqual([[line(0), line(1), line(2)], [line(0), line(1), line(2)]]);
    expect(r.stats.runtimeSteps).toBe(2 * 4_000_011);
    // Far below the guest-instruction budget: the runtime work is what stopped it.
    expect(r.stats.instructions).toBeLessThan(BUDGET / 100);
  });

  it('the same program with a budget it fits in prints every line', () => {
    const small = 'const a = new Array(1000);\nfor (let i = 0; i < 5; i++) console.log(i, a);';
    const r = runProgram(small, 'small.js', { maxSteps: 1_003 + 5 * 1_002 });
    expect(r.error).toBeUndefined();
    expect(r.output).toEqual([0, 1, 2, 3, 4].map((i) => format(i, new Array(1000))));
    expect(r.stats.runtimeSteps).toBe(1_003 + 5 * 1_002);
    const over = runProgram(small, 'small.js', { maxSteps: 1_003 + 5 * 1_002 - 1 });
    expect(over.exitCode).toBe(3);
    expect(over.output).toHaveLength(4);
  });

  it('pkjit run --max-steps: the lines, then one line on stderr, exit 3', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pkjit-work-'));
    const file = join(dir, 'huge.js');
    writeFileSync(file, PROGRAM);
    const outs: string[] = [];
    const errs: string[] = [];
    const io: Io = { out: (l) => outs.push(l), err: (l) => errs.push(l), color: false };
    expect(main(['run', file, '--max-steps', String(BUDGET)], io)).toBe(3);
    expect(outs).toEqual([line(0), line(1), line(2)]);
    expect(errs).toEqual([`pkjit: ${file}: stopped after ${BUDGET} steps of runtime-call work (--max-steps)`]);
  });
});
