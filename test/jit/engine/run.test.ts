import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../../jit/engine/engine.js';

/** Programs of the subset; each must print exactly what node prints. */
const PROGRAMS: Record<string, string> = {
  arithmetic: `
    console.log(1 + 2, 7 - 10, 6 * 7, 1 / 3, 7 % 3, -7 % 3, 2 ** 10, 0.1 + 0.2);
    console.log(-0, 0 * -1, 0 / 0, 1 / 0, -1 / 0, 1e21, 1e-7, 123456789012345680000);
    console.log(5 & 3, 5 | 3, 5 ^ 3, 1 << 31, -16 >> 2, -16 >>> 28, ~5, -(-0));`,
  strings: `
    let s = 'a' + 1 + 2; console.log(s, 1 + 2 + 'b', 'x' + null + undefined + true);
    console.log('abc'.length, 'abc'[1], 'b' < 'a', 'ab' + 'cd' === 'abcd', '5' * '2', '5' - 2);`,
  recursion: `
    function fib(n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }
    console.log(fib(15));
    function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }
    console.log(fact(10), fact(20), fact(25));`,
  loops: `
    let out = [];
    for (let i = 0; i < 10; i++) { if (i === 3) continue; if (i === 7) break; out.push(i); }
    console.log(out);
    let n = 0; while (true) { n++; if (n > 4) break; } console.log(n);
    let k = 10; do { k -= 3; } while (k > 0); console.log(k);`,
  arrays: `
    const a = [1, , 3]; console.log(a, a.length, a[1], a[5]);
    a[5] = 'x'; console.log(a, a.length);
    const b = []; console.log(b.push(1, 2, 3), b.pop(), b, [].pop());
    const m = [[1, 2], [3]]; m[0][1] = 9; console.log(m, m[0].length);
    const c = new Array(3); console.log(c, Array(2), [undefined, null]);`,
  math: `
    console.log(Math.max(1, 3, 2), Math.min(), Math.floor(-2.5), Math.round(2.5), Math.abs(-3));
    console.log(Math.sqrt(2), Math.PI, Math.E, Math.pow(2, 0.5), Math.trunc(-4.7), Math.sign(-3));`,
  functionValues: `
    function add(a, b) { return a + b; }
    function apply(f, x, y) { return f(x, y); }
    const g = add; console.log(apply(g, 2, 3), typeof add, add);
    function missing(a, b) { return b; } console.log(missing(1), missing(1, 2, 3));
    function none() {} console.log(none());`,
  globals: `
    var count = 0; let total = 0;
    function bump(n) { count++; total += n; implicit = count * 10; }
    bump(2); bump(5); console.log(count, total, implicit);`,
  switch: `
    function name(x) {
      switch (x) { case 1: return 'one'; case 2: case 3: return 'few'; default: return 'many'; }
    }
    console.log(name(1), name(3), name(9));
    let r = ''; switch ('b') { case 'a': r += 'a'; case 'b': r += 'b'; case 'c': r += 'c'; break; case 'd': r += 'd'; }
    console.log(r);`,
  logical: `
    console.log(0 || 'x', 1 && 2, null ?? 'd', 0 ?? 'd', '' && 'y', !0, !!'a', NaN || null);
    let c = 0; function inc() { c++; return true; } false && inc(); true || inc(); console.log(c);
    console.log(1 == '1', null == undefined, null === undefined, NaN == NaN, 2 != '2');`,
  typeofs: `
    function f() {}
    console.log(typeof 1, typeof 'a', typeof true, typeof undefined, typeof null, typeof [], typeof f);`,
  conditional: `
    let x = 5; const y = x > 3 ? 'big' : 'small'; console.log(y);
    if (x) { console.log('truthy'); } else { console.log('falsy'); }
    if ('') console.log('no'); else console.log('empty string is falsy');`,
  nested: `
    function outer(n) { let s = 0; for (let i = 1; i <= n; i++) s += inner(i); return s; }
    function inner(i) { return i * i; }
    console.log(outer(10));
    var arr = [3, 1, 2];
    for (let i = 0; i < arr.length; i++) for (let j = 0; j + 1 < arr.length - i; j++)
      if (arr[j] > arr[j + 1]) { const t = arr[j]; arr[j] = arr[j + 1]; arr[j + 1] = t; }
    console.log(arr);`,
  updates: `
    let i = 1; console.log(i++, i, ++i, i--, --i, i);
    let s = 'a'; s += 'b'; s += 1; console.log(s);
    let n = 10; n -= 3; n *= 2; n /= 4; n %= 2; n **= 3; console.log(n);`,
  printing: `
    console.log(); console.log('%s is %d', 'x', 42); console.log([1, 'a', [null]], [], [[]]);
    console.log(Infinity, -Infinity, NaN, undefined, null, true, false);`,
};

function nodeOutput(dir: string, name: string, source: string): string {
  const file = join(dir, `${name}.js`);
  writeFileSync(file, source);
  return execFileSync(process.execPath, [file], { encoding: 'utf8' });
}

describe('pkjit run matches node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pkjit-run-'));
  for (const [name, source] of Object.entries(PROGRAMS)) {
    it(name, () => {
      const expected = nodeOutput(dir, name, source);
      const r = runProgram(source, `${name}.js`);
      expect(r.error).toBeUndefined();
      expect(r.exitCode).toBe(0);
      expect(r.output.map((l) => l + '\n').join('')).toBe(expected);
      expect(r.stats.instructions).toBeGreaterThan(0);
    });
  }
});

describe('pkjit run refuses', () => {
  it('an unsupported construct: exit 2 with FILE:L:C', () => {
    const r = runProgram('let x = 1;\nconst o = { a() {} };\n', 'obj.js');
    expect(r.exitCode).toBe(2);
    expect(r.error).toMatch(/^obj\.js:2:13: unsupported: methods in object literals$/);
    expect(r.output).toEqual([]);
  });

  it('a syntax error: exit 2 with FILE:L:C', () => {
    const r = runProgram('let = = 3;', 'bad.js');
    expect(r.exitCode).toBe(2);
    expect(r.error).toMatch(/^bad\.js:1:\d+: /);
  });

  it('a ReferenceError at run time: exit 1 as node, the output before it is kept', () => {
    const r = runProgram("function g() { y = 1; }\nconsole.log('before'); console.log(y); g();", 'ref.js');
    expect(r).toMatchObject({ exitCode: 1, output: ['before'], error: 'ref.js: uncaught ReferenceError: y is not defined' });
    const t = runProgram('function f() { return x; } console.log(f()); let x = 1;', 'tdz.js');
    expect(t.error).toBe("tdz.js: uncaught ReferenceError: Cannot access 'x' before initialization");
  });

  it('a TypeError and a RangeError at run time: exit 1', () => {
    expect(runProgram('let f = 1; f();', 'call.js')).toMatchObject({ exitCode: 1, error: expect.stringMatching(/^call\.js: uncaught TypeError: /) });
    expect(runProgram('new Array(-1);', 'len.js')).toMatchObject({ exitCode: 1, error: 'len.js: uncaught RangeError: Invalid array length' });
  });

  it('an endless loop: exit 3 after --max-steps', () => {
    const r = runProgram('let i = 0; while (true) { i++; }', 'loop.js', { maxSteps: 20_000 });
    expect(r.exitCode).toBe(3);
    expect(r.error).toMatch(/max-steps/);
  });

  it('endless recursion: exit 3 (guest stack overflow), the output before it is kept', () => {
    const r = runProgram('function f(n) { return f(n + 1); }\nconsole.log(1); f(0);', 'deep.js', { maxSteps: 5_000_000 });
    expect(r).toMatchObject({ exitCode: 3, output: ['1'] });
    expect(r.error).toMatch(/^deep\.js: uncaught RangeError: Maximum call stack size exceeded \(the guest stack of \d+ KiB is full; node's own limit differs\)$/);
  });
});
