/**
 * Limits of pkjit's machine met the way the review found them broken: a frame larger than a
 * page (stack probes keep it from stepping over the guard page), long string constants, array
 * literals with many holes (the code region's size), runs stopped by the step budget around a
 * compile (every window closes, so the log verifies).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySink } from '../../../sdk/audit/log.js';
import { verifyLog } from '../../../sdk/audit/check.js';
import { runProgram } from '../../../jit/engine/engine.js';

const dir = mkdtempSync(join(tmpdir(), 'pkjit-limits-'));
writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
/** What node prints for `src` (run as a sloppy script file). */
function node(src: string): string[] {
  const file = join(dir, 'p.js');
  writeFileSync(file, src);
  return execFileSync(process.execPath, [file], { encoding: 'utf8', maxBuffer: 64 << 20 }).trimEnd().split('\n');
}

/** A function with `locals` locals (a frame of several pages) that recurses `depth` deep, or forever. */
function bigFrames(locals: number, call: string): string {
  const body = Array.from({ length: locals }, (_, i) => `  let a${i} = y + ${i} * n;`).join('\n');
  return `function f(n) {\n  if (n === 0) return 0;\n  let y = f(n - 1);\n${body}\n  return y + a${locals - 1};\n}\nconsole.log('start');\n${call}`;
}

describe('machine limits', () => {
  it('frames of several pages: deep recursion gives node\'s answer', () => {
    const src = bigFrames(300, 'console.log(f(60));');
    const r = runProgram(src, 'big.js');
    expect(r.error).toBeUndefined();
    expect(r.output).toEqual(node(src));
  });

  it('frames of several pages recursing forever: RangeError at the guard page, not a fault below it', () => {
    const r = runProgram(bigFrames(300, 'console.log(f(-1));'), 'runaway.js', { executors: 2 });
    expect(r.exitCode).toBe(3);
    expect(r.outputs).toEqual([['start'], ['start']]);
    expect(r.error).toMatch(/^runaway\.js: uncaught RangeError: Maximum call stack size exceeded \(the guest stack/);
  });

  it('a string constant of 700,000 characters', () => {
    const src = `const s = '${'ab'.repeat(350_000)}';\nfunction g() { return '${'c'.repeat(300_000)}'.length; }\nconsole.log(s.length, g(), s[699999]);`;
    const r = runProgram(src, 'strings.js');
    expect(r.error).toBeUndefined();
    expect(r.output).toEqual(node(src));
  });

  it('an array literal of 3,000 holes and a call with 200 arguments', () => {
    const src = `let a = [${','.repeat(3000)}];\nfunction h(x) { return x; }\nconsole.log(a.length, a[5], h(${Array.from({ length: 200 }, (_, i) => i).join(', ')}));`;
    const r = runProgram(src, 'holes.js');
    expect(r.error).toBeUndefined();
    expect(r.output).toEqual(node(src));
  });

  it('step budgets that end the executors around a compile: every window closes, the log verifies', () => {
    const big = Array.from({ length: 200 }, (_, i) => `  x = x + ${i} * y - (x % 7);`).join('\n');
    // The loop runs before f is first called (and compiled): the larger budgets stop in it, the
    // smaller ones inside f (2,000 trips, not more: each of the 7 runs costs the loop twice).
    const src = `function f(y) {\n  let x = 1;\n${big}\n  return x;\n}\nlet s = 0;\nfor (let i = 0; i < 2000; i++) s += i;\nconsole.log(s, f(2));`;
    // Each executor's whole run, then budgets that stop it inside f, after f was compiled for it.
    const full = runProgram(src, 'win.js', { executors: 2 });
    expect(full.exitCode).toBe(0);
    const perExecutor = full.stats.instructions / 2;
    let stoppedAfterCompile = 0;
    for (const short of [500, 1500, 3000, 6000, 12000, 40000]) {
      const sink = new MemorySink();
      const r = runProgram(src, 'win.js', { executors: 2, maxSteps: perExecutor - short, audit: [sink] });
      expect(r.exitCode).toBe(3);
      const log = verifyLog(sink.text());
      expect(log.violations).toEqual([]);
      expect(log.ok).toBe(true);
      const opens = log.records.filter((x) => x.kind === 'window.open' && x.reason === 'compile f').length;
      const closes = log.records.filter((x) => x.kind === 'window.close').length;
      expect(closes).toBe(log.records.filter((x) => x.kind === 'window.open').length);
      if (opens === 1) stoppedAfterCompile++;
    }
    expect(stoppedAfterCompile).toBeGreaterThan(0);
    expect(stoppedAfterCompile).toBeLessThan(6);
  });
});
