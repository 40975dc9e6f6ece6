/**
 * Edge cases of the subset, each a small program compared with node's real output:
 *   - RUNS: node runs it; pkjit must print the same bytes and exit 0;
 *   - THROWS: node throws an uncaught error; pkjit must exit 1 as node does after printing exactly
 *     node's stdout, with node's own `Error: message` (or, where pkjit words it differently, at
 *     least node's error class);
 *   - REFUSED: outside the subset or not JavaScript; exit 2 with the exact `FILE:line:col:` line
 *     (docs/js-subset.md, "Refusals"); nothing runs, so nothing is compared with node.
 * One node process per program (node-oracle.ts), started when the file loads.
 */
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../../jit/engine/engine.js';
import { RUNS } from './edge-case-programs.js';
import { joined, nodeRuns } from './node-oracle.js';

/**
 * Programs node stops with an uncaught error; `error` is pkjit's message after `FILE: `. A
 * string is also node's message (`uncaught ` + node's `Error: message` line); a RegExp marks
 * a case where pkjit's wording differs from node's and only the error class is compared.
 */
const THROWS: Record<string, { source: string; error: string | RegExp }> = {
  tdzGlobalReadFromFunction: {
    source: `console.log('before'); function f() { return x; } console.log(f()); let x = 1; console.log('never');`,
    error: "uncaught ReferenceError: Cannot access 'x' before initialization",
  },
  tdzGlobalWriteFromFunction: {
    source: `function set() { c = 2; } console.log(1); set(); let c = 0;`,
    error: "uncaught ReferenceError: Cannot access 'c' before initialization",
  },
  implicitGlobalNotYetCreated: {
    source: `function g() { y = 1; } console.log('a'); if (false) g(); console.log('b'); console.log(y);`,
    error: 'uncaught ReferenceError: y is not defined',
  },
  callingANumber: {
    source: `var f = 1; console.log('x'); f();`,
    error: 'uncaught TypeError: f is not a function',
  },
  callingAMissingCallback: {
    source: `function h(cb) { return cb(); } console.log(1); console.log(h());`,
    error: 'uncaught TypeError: cb is not a function',
  },
  readingIndexOfUndefined: {
    source: `let a; console.log('z'); console.log(a[0]);`,
    error: "uncaught TypeError: Cannot read properties of undefined (reading '0')",
  },
  writingIndexOfNull: {
    source: `let n = null; console.log([n]); n[1] = 5;`,
    error: "uncaught TypeError: Cannot set properties of null (setting '1')",
  },
  lengthOfNull: {
    source: `function len(x) { return x.length; } console.log(len('abc'), len([1])); console.log(len(null));`,
    error: "uncaught TypeError: Cannot read properties of null (reading 'length')",
  },
  pushOnUndefined: {
    source: `let list; console.log('push'); list.push(1);`,
    error: "uncaught TypeError: Cannot read properties of undefined (reading 'push')",
  },
  invalidArrayLength: {
    source: `console.log(new Array(3).length); const n = -1; console.log(new Array(n));`,
    error: 'uncaught RangeError: Invalid array length',
  },
  fractionalArrayLength: {
    source: `console.log(Array(2)); Array(1.5);`,
    error: 'uncaught RangeError: Invalid array length',
  },
  stackOverflow: {
    source: `function down(n) { return down(n + 1) + 1; } console.log('deep'); down(0);`,
    // node's words, then how full pkjit's own stack was (node's limit is not the same).
    error: /^uncaught RangeError: Maximum call stack size exceeded \(the guest stack of 1024 KiB is full; node's own limit differs\)$/,
  },
  errorInsideLoop: {
    source: `const a = [[1], [2], null]; for (let i = 0; i < a.length; i++) console.log(a[i][0]);`,
    error: "uncaught TypeError: Cannot read properties of null (reading '0')",
  },
};

/** Programs pkjit refuses before running: [source, `line:col: ...` after `FILE:`]. */
const REFUSED: Array<[string, string]> = [
  ['var fs = [];\nfor (let i = 0; i < 2; i++) fs.push(() => i);', '2:43: unsupported: closures over a let/const declared in a loop (i: each iteration has its own binding)'],
  ['var f = function g() { g = 1; };', '1:24: unsupported: assignment to g, the name of its own function expression'],
  ['let x = 1;\nconst o = { get a() {} };', '2:13: unsupported: getters and setters'],
  ['class A {}', '1:1: unsupported: classes'],
  ['try { } catch ({ a }) {}', '1:16: unsupported: destructuring'],
  ['const f = async () => 1;', '1:11: unsupported: async functions'],
  ['const f = function* () {};', '1:11: unsupported: generators'],
  ['console.log(`t`);', '1:13: unsupported: template literals'],
  ["console.log(/a/.test('a'));", '1:13: unsupported: regular expressions'],
  ['for (var k = 0 in [1]) {}', '1:10: unsupported: initializers in for-in heads'],
  ['for (const [v] of [[1]]) {}', '1:12: unsupported: destructuring'],
  ['let a = [1]; console.log(a?.[0]);', '1:26: unsupported: optional chaining'],
  ['console.log(this);', '1:13: unsupported: this at the top level'],
  ['let a = [1]; delete a;', '1:21: unsupported: delete of something other than a property'],
  ['function f(...a) {}', '1:12: unsupported: rest parameters'],
  ['function f(a = 1) {}', '1:12: unsupported: default parameters'],
  ['let [a] = [1];', '1:5: unsupported: destructuring'],
  ['console.log(...[1]);', '1:13: unsupported: spread'],
  ['function* g() {}', '1:1: unsupported: generators'],
  ['async function g() {}', '1:1: unsupported: async functions'],
  ['console.log(10n);', '1:13: unsupported: BigInt literals'],
  ['console.log(Math.random());', '1:13: unsupported: Math.random (its output cannot equal node\'s)'],
  ['let a = [1]; a.length = 0;', '1:16: unsupported: assignment to .length'],
  ['"use strict";\nconsole.log(1);', '1:1: unsupported: strict mode ("use strict")'],
  ['switch (1) { case 1: let t = 1; }', '1:22: unsupported: let/const directly inside a switch case'],
  ['const c = 1; c = 2;', '1:14: unsupported: assignment to const c'],
  ['const c = 1; c++;', '1:14: unsupported: assignment to const c'],
  ['function f() { let v = w; let w = 1; }', '1:24: unsupported: use of let/const binding w before its declaration'],
  ['let self = self + 1;', '1:12: unsupported: use of let/const binding self before its declaration'],
  ['console.log(nowhere);', '1:13: unsupported: undeclared variable nowhere'],
  ['missing += 1;', '1:1: unsupported: undeclared variable missing'],
  ["console.log(escape('1'));", '1:13: unsupported: host global escape'],
  ['var p = parseInt;', '1:9: unsupported: parseInt used as a value'],
  ['function f() { return arguments; }', '1:23: unsupported: arguments'],
  ["eval('1');", '1:1: unsupported: eval'],
  ['with ([1]) {}', '1:1: unsupported: with'],
  ['lbl: { break lbl; }', '1:1: unsupported: labels on non-loop statements'],
  ['if (true) { function f() {} }', '1:13: unsupported: function declarations inside blocks'],
  ['var undefined = 1;', '1:5: unsupported: redeclaring builtin undefined'],
  ['function f() {}\nfunction f() {}', '2:1: unsupported: function f declared twice'],
  ['var x = Object.assign({}, {});', '1:9: unsupported: Object.assign (only Object.keys, Object.create, Object.getPrototypeOf)'],
  ['var Object = 1;', '1:5: unsupported: redeclaring builtin Object'],
  ['new Date();', '1:5: unsupported: host global Date'],
  ['console.log(~2 ** 31);', '1:16: SyntaxError: Unexpected token'],
  ['let x = ;', '1:9: SyntaxError: Unexpected token'],
  ["console.log('unterminated);", '1:13: SyntaxError: Unterminated string constant'],
  ['return 1;', "1:1: SyntaxError: 'return' outside of function"],
  ['let a = 1; let a = 2;', "1:16: SyntaxError: Identifier 'a' has already been declared"],
];

const node = nodeRuns([...Object.entries(RUNS), ...Object.entries(THROWS).map(([name, t]): [string, string] => [name, t.source])]);

describe('edge cases node runs: pkjit prints the same', () => {
  for (const [name, source] of Object.entries(RUNS)) {
    it(name, async () => {
      const expected = await node(name);
      expect(expected.status).toBe(0);
      const r = runProgram(source, `${name}.js`);
      expect(r.error).toBeUndefined();
      expect(r.exitCode).toBe(0);
      expect(joined(r.output)).toBe(expected.stdout);
    });
  }
});

describe('edge cases node throws on: pkjit exits 1 as node does, after the same output', () => {
  for (const [name, { source, error }] of Object.entries(THROWS)) {
    it(name, async () => {
      const expected = await node(name);
      expect(expected.status).toBe(1);
      const r = runProgram(source, `${name}.js`);
      // An exception exits 1 as in node; a full guest stack is a stop of pkjit's (exit 3).
      expect(r.exitCode).toBe(typeof error === 'string' ? 1 : 3);
      expect(joined(r.output)).toBe(expected.stdout);
      if (typeof error === 'string') {
        expect(r.error).toBe(`${name}.js: ${error}`);
        expect(`uncaught ${expected.thrown}`).toBe(error);
      } else {
        const message = (r.error ?? '').replace(`${name}.js: `, '');
        expect(message).toMatch(error);
        expect(expected.thrown?.split(':')[0]).toBe(/^uncaught (\w+):/.exec(message)?.[1]);
      }
    });
  }
});

describe('refused programs: exit 2 with FILE:line:col', () => {
  it.each(REFUSED)('%s', (source, error) => {
    const r = runProgram(source, 'refused.js');
    expect(r.error).toBe(`refused.js:${error}`);
    expect(r.exitCode).toBe(2);
    expect(r.output).toEqual([]);
  });
});
