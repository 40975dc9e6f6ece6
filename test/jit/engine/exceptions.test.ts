/**
 * Exceptions against node: throw of any value, try/catch/finally, unwinding through compiled
 * frames (deep recursion, closures, methods, constructors), the runtime's own errors caught as
 * node's TypeError/RangeError/ReferenceError with node's messages, the error constructors and
 * instanceof them, finally on every way out (normal, throw, return, break, continue, nested),
 * and uncaught exceptions exiting 1 with node's error line; what is refused (printing an error,
 * its stack); and the same on 4 executors under both policies and without the translator.
 */
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../../jit/engine/engine.js';
import { describeAgainstNode, describeOnExecutors, type ThrowTable } from './node-oracle.js';

const RUNS: Readonly<Record<string, string>> = {
  throwAndCatch: `
    function check(x) { if (x > 2) throw new Error('too big: ' + x); return x * 2; }
    try { console.log(check(1)); console.log(check(5)); console.log('not here'); }
    catch (e) { console.log('caught', e.message, e.name, '' + e, e instanceof Error, e instanceof TypeError); }
    console.log('after');`,
  anyValue: `
    var values = [42, 'text', null, undefined, true, { code: 7 }, [1, 2], -0];
    for (var i = 0; i < values.length; i++) {
      try { throw values[i]; } catch (e) { console.log(typeof e, e === values[i], e); }
    }`,
  runtimeErrorsAreCatchable: `
    var o = null, u, n = 5;
    try { o.x; } catch (e) { console.log(e.name, e.message, e instanceof TypeError, e instanceof Error); }
    try { u[0] = 1; } catch (e) { console.log(e.message); }
    try { n(); } catch (e) { console.log(e.message); }
    try { new Array(-1); } catch (e) { console.log(e.name, e.message, e instanceof RangeError); }
    function readLater() { return later; }
    try { readLater(); } catch (e) { console.log(e.name, e.message, e instanceof ReferenceError); }
    try { ({}).m(); } catch (e) { console.log(e.message); }
    try { 'k' in 5; } catch (e) { console.log(e.message); }
    var keys = [true, null, undefined, 1.5, -0, 's', NaN, 1e21, [1, 2], []];
    for (var i = 0; i < keys.length; i++) {
      try { u[keys[i]]; } catch (e) { console.log(e.message); }
      try { o[keys[i]] = 1; } catch (e) { console.log(e.message); }
    }
    let later = 1;`,
  unwindingThroughFrames: `
    function deep(n) { if (n === 0) throw { depth: 'bottom' }; return deep(n - 1) + 1; }
    try { deep(200); } catch (e) { console.log(e.depth); }
    function Thrower(x) { if (x < 0) throw new RangeError('negative'); this.x = x; }
    Thrower.prototype.get = function () { if (this.x === 0) throw new TypeError('zero'); return this.x; };
    var results = [];
    for (var x = -1; x <= 1; x++) {
      try { results.push(new Thrower(x).get()); } catch (e) { results.push(e.name + ':' + e.message); }
    }
    console.log(results);
    var handlers = [function () { throw 'from closure'; }, () => { throw 'from arrow'; }];
    for (var k = 0; k < handlers.length; k++) { try { handlers[k](); } catch (e) { console.log(e); } }`,
  finallyOnEveryWayOut: `
    function f(mode) {
      var log = [];
      for (var i = 0; i < 3; i++) {
        try {
          if (mode === 'break' && i === 1) break;
          if (mode === 'continue' && i === 1) continue;
          if (mode === 'return' && i === 1) return log;
          if (mode === 'throw' && i === 1) throw 'out';
          log.push('body' + i);
        } finally {
          log.push('finally' + i);
        }
      }
      return log;
    }
    console.log(f('break'), f('continue'), f('return'));
    try { f('throw'); } catch (e) { console.log('threw', e); }
    function nested() {
      try { try { throw 1; } finally { console.log('inner finally'); } }
      catch (e) { console.log('outer catch', e); return 'r'; }
      finally { console.log('outer finally'); }
    }
    console.log(nested());
    function override() { try { return 'try'; } finally { console.log('runs before the return'); } }
    console.log(override());
    function replaced() { try { throw 'a'; } finally { return 'finally wins'; } }
    console.log(replaced());`,
  catchScopeAndRethrow: `
    var e = 'outer';
    try { throw 'inner'; } catch (e) { console.log(e); e = 'changed'; }
    console.log(e);
    function wrap(fn) { try { return fn(); } catch (err) { throw new Error('wrapped: ' + err); } }
    try { wrap(function () { throw 'boom'; }); } catch (x) { console.log(x.message); }
    try { try { throw new TypeError('t'); } catch (x) { throw x; } } catch (y) { console.log(y.name, y.message); }
    var count = 0;
    for (var i = 0; i < 5; i++) { try { if (i % 2) throw i; } catch (odd) { count += odd; } }
    console.log(count);
    try { throw 1; } catch { console.log('no binding'); }`,
  errorObjects: `
    var e = new Error('m'), t = TypeError('called'), r = new RangeError();
    console.log(e.message, e.name, t.message, t.name, r.message === '', r.name, Object.keys(e), 'message' in e);
    console.log('' + e, '' + t, '' + r, t instanceof TypeError, t instanceof Error, t instanceof RangeError, 5 instanceof Error);
    var n = new Error(42);
    console.log(typeof n.message, n.message, new SyntaxError('s').name, new URIError('u').name, new EvalError('v').name, new ReferenceError('w').name);
    e.code = 'E1'; e.name = 'Custom';
    console.log(e.code, '' + e, Object.keys(e));`,
  parserStyle: `
    function parse(s) {
      var pos = 0;
      function expect(c) { if (s[pos] !== c) throw new SyntaxError('expected ' + c + ' at ' + pos); pos++; }
      function number() {
        var start = pos;
        while (pos < s.length && s[pos] >= '0' && s[pos] <= '9') pos++;
        if (start === pos) throw new SyntaxError('number expected at ' + pos);
        var v = 0;
        for (var i = start; i < pos; i++) v = v * 10 + +s[i];
        return v;
      }
      function list() { expect('['); var out = [number()]; while (s[pos] === ',') { pos++; out.push(number()); } expect(']'); return out; }
      return list();
    }
    var inputs = ['[1,2,3]', '[12,x]', '[4', '[]', '[7,88,999]'];
    for (var i = 0; i < inputs.length; i++) {
      try { console.log(parse(inputs[i])); } catch (err) { console.log(err.name + ': ' + err.message); }
    }`,
};

const THROWS: ThrowTable = {
  uncaughtError: { source: `console.log(1);\nthrow new Error('boom');`, error: 'uncaught Error: boom', at: '2:1' },
  uncaughtTypeErrorFromRuntime: { source: `function f(o) { return o.x; }\nconsole.log(1);\nf(null);`, error: "uncaught TypeError: Cannot read properties of null (reading 'x')" },
  // The finally's own rethrow keeps where the exception was first thrown (node's caret does too).
  uncaughtThroughFinally: { source: `try { throw new RangeError('r'); } finally { console.log('cleanup'); }`, error: 'uncaught RangeError: r', at: '1:7' },
  rethrownFromCatch: {
    source: `try { null.f(); } catch (e) { console.log('saw', e.name); throw e; }`, error: "uncaught TypeError: Cannot read properties of null (reading 'f')", at: '1:59',
  },
};

const node = describeAgainstNode('exceptions', RUNS, THROWS);

describe('uncaught exceptions: exit 1, FILE:line:col of the throw and node\'s error line', () => {
  it.each([
    ['throw new Error("boom");', 'u.js:1:1: uncaught Error: boom'],
    ['function f() {\n  throw new TypeError("deep");\n}\nf();', 'u.js:2:3: uncaught TypeError: deep'],
    ['throw "plain text";', 'u.js:1:1: uncaught plain text'],
    ['throw { a: 1, b: [2] };', 'u.js:1:1: uncaught { a: 1, b: [ 2 ] }'],
    ['function P() { this.x = 1; }\nthrow new P();', 'u.js:2:1: uncaught P { x: 1 }'],
    ['var u; u.k;', "u.js: uncaught TypeError: Cannot read properties of undefined (reading 'k')"],
  ])('%s', (source, error) => {
    const r = runProgram(source, 'u.js');
    expect(r.exitCode).toBe(1);
    expect(r.error).toBe(error);
  });
});

describe('what an error object cannot do yet: refused at run time, never a wrong answer', () => {
  it.each([
    ['console.log(new Error("x"));', 'printing an Error object (node prints the stack it captured)'],
    ['try { null.x; } catch (e) { console.log({ e: e }); }', 'printing an Error object (node prints the stack it captured)'],
    ['var s = new Error("x").stack;', "an Error's stack (node's names its files and lines)"],
    ['var u; try { u[{}]; } catch (e) { console.log(e.message); }', 'reading a property of undefined with an object as the key'],
    ['try { (1, 2)(); } catch (e) { console.log(e.message); }', "a TypeError (not a function) for a callee whose text in node's message pkjit does not know"],
  ])('%s', (source, what) => {
    const r = runProgram(source, 'r.js');
    expect(r.exitCode).toBe(3);
    expect(r.error).toBe(`r.js: unsupported at run time: ${what}`);
  });
});

describeOnExecutors('exceptions on several executors', 'finallyOnEveryWayOut', RUNS['finallyOnEveryWayOut'] ?? '', node);
