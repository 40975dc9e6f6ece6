/**
 * checkSubset, in the style of acorn's testFail tables: one row per refusal with the exact
 * message (`FILE:line:col: unsupported: what`, the first refused construct in source order),
 * and one row per supported construct. Every accepted program is also run under node (vm)
 * to show the subset's programs are ones node runs without a run-time error.
 */

import { format } from 'node:util';
import { Script, createContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../../jit/errors.js';
import { parseProgram } from '../../../jit/frontend/parse.js';
import { checkSubset } from '../../../jit/frontend/subset.js';
import { ACCEPTED } from './accepted.js';

/** The message checkSubset throws for `source`, or 'accepted'. */
function verdict(source: string): string {
  try {
    checkSubset(parseProgram(source, 'f.js'), 'f.js');
    return 'accepted';
  } catch (e) {
    if (e instanceof UnsupportedError) return e.message;
    throw e;
  }
}

/** [source, the exact refusal]. Grammar refusals. */
const GRAMMAR: readonly (readonly [string, string])[] = [
  ['var o = { get x() { return 1; } };', 'f.js:1:11: unsupported: getters and setters'],
  ['var o = { m() {} };', 'f.js:1:11: unsupported: methods in object literals'],
  ['var k = 1; var o = { [k]: 1 };', 'f.js:1:23: unsupported: computed property names'],
  ['var p = {}; var o = { ...p };', 'f.js:1:23: unsupported: spread in object literals'],
  ["var o = { __proto__: null, 'b': 1 };", 'f.js:1:11: unsupported: __proto__ in object literals'],
  ['var o = { 1n: 1 };', 'f.js:1:11: unsupported: BigInt literals'],
  ['var f = function (a = 1) {};', 'f.js:1:19: unsupported: default parameters'],
  ['var f = (...r) => r;', 'f.js:1:10: unsupported: rest parameters'],
  ['var f = async function () {};', 'f.js:1:9: unsupported: async functions'],
  ['class A {}', 'f.js:1:1: unsupported: classes'],
  ['var c = class {};', 'f.js:1:9: unsupported: classes'],
  ['var t = this;', 'f.js:1:9: unsupported: this at the top level'],
  ['function f() { return () => this; }', 'f.js:1:29: unsupported: this in an arrow function'],
  ['var d = new Math();', 'f.js:1:9: unsupported: new Math'],
  ['var d = new console.log();', 'f.js:1:9: unsupported: new console.log'],
  ['var a = [1];\nfor (let k in a) fs = () => k;', 'f.js:2:29: unsupported: closures over a let/const declared in a loop (k: each iteration has its own binding)'],
  ['var a = [1];\nfor (var [x] of a) {}', 'f.js:2:10: unsupported: destructuring'],
  ['try { x = 1; } catch ([e]) {}', 'f.js:1:23: unsupported: destructuring'],
  ['var e = Error;', 'f.js:1:9: unsupported: Error used as a value'],
  ['var p = TypeError.prototype;', 'f.js:1:9: unsupported: TypeError.prototype'],
  ['var Error = 1;', 'f.js:1:5: unsupported: redeclaring builtin Error'],
  ['var b = 1; var s = `a${b}`;', 'f.js:1:20: unsupported: template literals'],
  ['var s = `plain`;', 'f.js:1:9: unsupported: template literals'],
  ['function tag() {} var s = tag`x`;', 'f.js:1:27: unsupported: tagged templates'],
  ['var r = /ab+c/;', 'f.js:1:9: unsupported: regular expressions'],
  ['var b = 10n;', 'f.js:1:9: unsupported: BigInt literals'],
  ['var a = [1]; delete a;', 'f.js:1:21: unsupported: delete of something other than a property'],
  ['delete Math.PI;', 'f.js:1:8: unsupported: delete of Math.PI'],
  ['var a = [1]; var t = a instanceof Array;', 'f.js:1:35: unsupported: Array used as a value'],
  ['var a = [1, 2]; console.log(...a);', 'f.js:1:29: unsupported: spread'],
  ['var a = [...[1]];', 'f.js:1:10: unsupported: spread'],
  ['var [x, y] = [1, 2];', 'f.js:1:5: unsupported: destructuring'],
  ['var x, y; [x, y] = [1, 2];', 'f.js:1:11: unsupported: destructuring'],
  ['function f({ a }) {}', 'f.js:1:12: unsupported: destructuring'],
  ['function f(a = 1) {}', 'f.js:1:12: unsupported: default parameters'],
  ['function f(...a) {}', 'f.js:1:12: unsupported: rest parameters'],
  ['function f(a, a) {}', 'f.js:1:15: unsupported: duplicate parameter names'],
  ['function* g() {}', 'f.js:1:1: unsupported: generators'],
  ['async function g() {}', 'f.js:1:1: unsupported: async functions'],
  ['a: { break a; }', 'f.js:1:1: unsupported: labels on non-loop statements'],
  ['x: y: if (1) {}', 'f.js:1:1: unsupported: labels on non-loop statements'],
  ['s: switch (1) { case 1: break s; }', 'f.js:1:1: unsupported: labels on non-loop statements'],
  ['with (Math) {}', 'f.js:1:1: unsupported: with'],
  ['debugger;', 'f.js:1:1: unsupported: debugger'],
  ['var a = [1]; var n = a?.length;', 'f.js:1:22: unsupported: optional chaining'],
  ['function f() {} f?.();', 'f.js:1:17: unsupported: optional chaining'],
  ['var a = [[1]]; a[0].length = 1;', 'f.js:1:21: unsupported: assignment to .length'],
  ['var a = [1]; a.length = 0;', 'f.js:1:16: unsupported: assignment to .length'],
  ['var a = [1]; a.length++;', 'f.js:1:16: unsupported: assignment to .length'],
  ['var a = [1]; a[0](Math.sin);', 'f.js:1:19: unsupported: Math.sin used as a value'],
  ['"use strict"; var x = 1;', 'f.js:1:1: unsupported: strict mode ("use strict")'],
  ['function f() {\n  "use strict";\n}', 'f.js:2:3: unsupported: strict mode ("use strict")'],
  ['if (1) function f() {}', 'f.js:1:8: unsupported: function declarations inside blocks'],
  ['{ function f() {} }', 'f.js:1:3: unsupported: function declarations inside blocks'],
  ['function g() { if (1) { function f() {} } }', 'f.js:1:25: unsupported: function declarations inside blocks'],
  ['switch (1) { case 1: let x = 1; }', 'f.js:1:22: unsupported: let/const directly inside a switch case'],
  ['switch (1) { default: const x = 1; }', 'f.js:1:23: unsupported: let/const directly inside a switch case'],
  ['var x = Math.random();', 'f.js:1:9: unsupported: Math.random (its output cannot equal node\'s)'],
  ['var x = Math.foo(1);', 'f.js:1:9: unsupported: Math.foo'],
  ['var x = Math.TAU;', 'f.js:1:9: unsupported: Math.TAU'],
  ['var f = Math.floor;', 'f.js:1:9: unsupported: Math.floor used as a value'],
  ['var x = Math.PI();', 'f.js:1:9: unsupported: calling Math.PI'],
  ['Math.PI = 3;', 'f.js:1:1: unsupported: assignment to Math.PI'],
  ['var m = Math;', 'f.js:1:9: unsupported: Math used as a value'],
  ['var t = typeof Math;', 'f.js:1:16: unsupported: Math used as a value'],
  ['var A = Array;', 'f.js:1:9: unsupported: Array used as a value'],
  ['var x = Array.from([]);', 'f.js:1:9: unsupported: Array.from'],
  ['var x = String.raw;', 'f.js:1:9: unsupported: String.raw'],
  ['var x = new String("s");', 'f.js:1:9: unsupported: new String'],
  ['console.error(1);', 'f.js:1:1: unsupported: console.error (only console.log)'],
  ['var l = console.log;', 'f.js:1:9: unsupported: console.log used as a value'],
  ['console.log = 1;', 'f.js:1:1: unsupported: assignment to console.log'],
  ['console();', 'f.js:1:1: unsupported: calling console'],
  ['undefined();', 'f.js:1:1: unsupported: calling undefined'],
  ['Math = 1;', 'f.js:1:1: unsupported: assignment to builtin Math'],
  ['undefined = 1;', 'f.js:1:1: unsupported: assignment to builtin undefined'],
  ['NaN++;', 'f.js:1:1: unsupported: assignment to builtin NaN'],
  ['var undefined = 1;', 'f.js:1:5: unsupported: redeclaring builtin undefined'],
  ['function f(Infinity) {}', 'f.js:1:12: unsupported: redeclaring builtin Infinity'],
  ['function console() {}', 'f.js:1:10: unsupported: redeclaring builtin console'],
  ['let Array = 1;', 'f.js:1:5: unsupported: redeclaring builtin Array'],
  ['var x = arguments;', 'f.js:1:9: unsupported: arguments'],
  ['function f(arguments) {}', 'f.js:1:12: unsupported: arguments'],
  ['eval("1");', 'f.js:1:1: unsupported: eval'],
  ['function f() { return new.target; }', 'f.js:1:23: unsupported: new.target'],
  ['var m = import("m");', 'f.js:1:9: unsupported: dynamic import'],
  ['{ using x = null; }', 'f.js:1:3: unsupported: using declarations'],
];

/** [source, the exact refusal]. Scope refusals, on programs the grammar accepts. */
const SCOPE: readonly (readonly [string, string])[] = [
  ['function f() { for (let i = 0; i < 2; i++) g = () => i; }', 'f.js:1:54: unsupported: closures over a let/const declared in a loop (i: each iteration has its own binding)'],
  ['function f() { while (1) { const c = 1; h = function () { return c; }; } }', 'f.js:1:66: unsupported: closures over a let/const declared in a loop (c: each iteration has its own binding)'],
  ['var k = function self() { self++; };', 'f.js:1:27: unsupported: assignment to self, the name of its own function expression'],
  ['function f() {} function f() {}', 'f.js:1:17: unsupported: function f declared twice'],
  ['console.log(x); let x = 1;', 'f.js:1:13: unsupported: use of let/const binding x before its declaration'],
  ['let x = x + 1;', 'f.js:1:9: unsupported: use of let/const binding x before its declaration'],
  ['x = 2; let x = 1;', 'f.js:1:1: unsupported: use of let/const binding x before its declaration'],
  ['for (let i = 0; i < 3; i++) { console.log(j); let j = i; }', 'f.js:1:43: unsupported: use of let/const binding j before its declaration'],
  ['function f() { return k * 2; let k = 1; }', 'f.js:1:23: unsupported: use of let/const binding k before its declaration'],
  ['const c = 1; c = 2;', 'f.js:1:14: unsupported: assignment to const c'],
  ['const c = 1; c += 2;', 'f.js:1:14: unsupported: assignment to const c'],
  ['const c = 1;\nfunction f() { c--; }', 'f.js:2:16: unsupported: assignment to const c'],
  ['console.log(y);', 'f.js:1:13: unsupported: undeclared variable y'],
  ['y += 1;', 'f.js:1:1: unsupported: undeclared variable y'],
  ['var t = typeof nothing;', 'f.js:1:16: unsupported: undeclared variable nothing'],
  ['{ let q = 1; } console.log(q);', 'f.js:1:28: unsupported: undeclared variable q'],
  ['function f(p) { return p; } console.log(p);', 'f.js:1:41: unsupported: undeclared variable p'],
  ['var n = decodeURI("1");', 'f.js:1:9: unsupported: host global decodeURI'],
  ['console.log(process);', 'f.js:1:13: unsupported: host global process'],
  ['var r = require;', 'f.js:1:9: unsupported: host global require'],
  ['process = 1;', 'f.js:1:1: unsupported: assignment to host global process'],
  ['toString = 1;', 'f.js:1:1: unsupported: assignment to host global toString'],
  ['var v = valueOf;', 'f.js:1:9: unsupported: host global valueOf'],
  ['print = 1;', 'f.js:1:1: unsupported: assignment to builtin print'],
  ['var p = print;', 'f.js:1:9: unsupported: print used as a value'],
  ['function f() { return typeof g; }\nf();\ng = 1;', 'f.js:1:30: unsupported: typeof g on an implicit global that may not exist yet'],
];

/** Which refusal wins: grammar before scope, then the earliest in source order. */
const ORDER: readonly (readonly [string, string])[] = [
  ['var o = {}; var f = () => { this; };', 'f.js:1:29: unsupported: this in an arrow function'],
  ['var d = new Date();', 'f.js:1:13: unsupported: host global Date'],
  ['var x = [1, { get a() {} }].foo;', 'f.js:1:15: unsupported: getters and setters'],
  ['var a = 1;\nvar b = [\n  1,\n  { m() {} }\n];', 'f.js:4:5: unsupported: methods in object literals'],
  ['var x = y.foo.bar;', 'f.js:1:9: unsupported: undeclared variable y'],
  ['console.log(z); const z = 1; z = 2;', 'f.js:1:13: unsupported: use of let/const binding z before its declaration'],
  ['console.log(u); var o = { m() {} };', 'f.js:1:27: unsupported: methods in object literals'],
  ['var a = 1;\n\n\tconsole.log(b, c);', 'f.js:3:14: unsupported: undeclared variable b'],
];

describe('checkSubset refuses', () => {
  it.each(GRAMMAR)('%j', (source, message) => expect(verdict(source)).toBe(message));
  it.each(SCOPE)('%j', (source, message) => expect(verdict(source)).toBe(message));
  it.each(ORDER)('%j', (source, message) => expect(verdict(source)).toBe(message));
});

describe('checkSubset accepts', () => {
  it.each(ACCEPTED)('%s', (_name, source, output) => {
    expect(verdict(source)).toBe('accepted');
    const lines: string[] = [];
    const log = (...args: unknown[]): void => void lines.push(format(...args));
    new Script(source).runInContext(createContext({ console: { log }, print: log }), { timeout: 1000 });
    expect(lines.join('\n')).toBe(output);
  });
});
