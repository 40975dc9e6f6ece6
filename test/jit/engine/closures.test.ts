/**
 * Functions as values against node: function expressions, arrows, named function expressions,
 * inner declarations (hoisted), closures capturing parameters, vars and let/const by reference
 * through several levels (with functions between that capture nothing), distinct closures of
 * one function, calls of any expression, NamedEvaluation of names, printing and source text;
 * the TDZ of a captured let read from a closure; and the same on 4 executors under both
 * policies and without the translator.
 */
import { describeAgainstNode, describeOnExecutors, type ThrowTable } from './node-oracle.js';

const RUNS: Readonly<Record<string, string>> = {
  counters: `
    function counter(start) { var n = start; return function () { n += 1; return n; }; }
    var a = counter(0), b = counter(10);
    console.log(a(), a(), b(), a(), b(), a === b, typeof a, a);`,
  sharedByReference: `
    function pair() {
      let v = 1;
      const get = () => v;
      const set = (x) => { v = x; };
      return [get, set];
    }
    var p = pair(), q = pair();
    p[1](5); console.log(p[0](), q[0]()); q[1]('q'); console.log(p[0](), q[0]());`,
  adders: `
    var add = (x) => (y) => (z) => x + y + z;
    console.log(add(1)(2)(3), add('a')('b')('c'), add(0.1)(0.2)(-0.3));`,
  hopsThroughNonCapturing: `
    function a(x) {
      return function b() {
        return function c(y) { var z = y * 2; return function d() { return [x, y, z]; }; };
      };
    }
    console.log(a(1)()(2)(), a('s')()(-0)());`,
  namedFunctionExpressions: `
    var fact = function f(n) { return n < 2 ? 1 : n * f(n - 1); };
    var fib = function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); };
    console.log(fact(12), fib(15), fact.name, fib.name, fact, (function () {}).name === '');`,
  innerDeclarationsHoisted: `
    function outer(k) {
      return [twice(3), helper === undefined, typeof helper];
      function twice(v) { return inc(inc(v)); }
      function inc(v) { return v + k; }
      var helper;
    }
    console.log(outer(10), outer(-1));`,
  namesAndText: `
    var f = function () { return 1; };
    var g = () => 2;
    var o = { m: function () {}, n: () => 0, p: function q() {} };
    var h; h = function () {};
    console.log(f, g, o, h, [function () {}], f.length, ((a, b) => a).length);
    console.log('' + g, String === undefined ? 0 : '' + f, '' + o.p);`.replace("String === undefined ? 0 : '' + f", "'' + f"),
  callbacks: `
    function each(list, fn) { for (var i = 0; i < list.length; i++) fn(list[i], i); }
    function map(list, fn) { var out = []; each(list, function (v, i) { out.push(fn(v, i)); }); return out; }
    var total = 0;
    each([1, 2, 3], function (v) { total += v; });
    console.log(total, map([1, 2, 3], (v, i) => v * i), map(['a', 'b'], function (s) { return s + s; }));`,
  closuresInObjects: `
    function makeStack() {
      var items = [];
      return { push: function (x) { items.push(x); return items.length; }, pop: () => items.pop(), size: () => items.length };
    }
    var s = makeStack(), t = makeStack();
    s.push(1); s.push(2); t.push('x');
    console.log(s.pop(), s.size(), t.size(), t.pop(), t.pop(), s);`,
  capturedParamsAndVarsInLoops: `
    function make() {
      var fs = [];
      for (var i = 0; i < 3; i++) fs.push(function () { return i; });
      return fs;
    }
    var fs = make(); console.log(fs[0](), fs[1](), fs[2]());
    function acc() { var sum = 0; for (var j = 1; j <= 4; j++) (function () { sum += j; })(); return sum; }
    console.log(acc());`,
  blockScopedCapture: `
    { let secret = 'b'; var reveal = function () { return secret; }; }
    function f() { if (true) { const k = 7; var g = () => k; } return g(); }
    console.log(reveal(), f());`,
  callsOfAnyExpression: `
    function id(x) { return x; }
    var table = [function () { return 'zero'; }, () => 'one'];
    console.log(table[0](), table[1](), id(id)(5), (0, table[1])(), id(() => 'arrow')());`,
  recursionThroughClosures: `
    function memo(fn) { var cache = []; return function (n) { if (cache[n] === undefined) cache[n] = fn(n); return cache[n]; }; }
    var fib = memo(function (n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); });
    console.log(fib(40), fib(60));`,
};

const THROWS: ThrowTable = {
  capturedLetInTdz: {
    source: `function f() { function g() { return x; } var r = g(); let x = 1; return r; } console.log('before'); f();`,
    error: "uncaught ReferenceError: Cannot access 'x' before initialization",
  },
  capturedLetWrittenInTdz: {
    source: `function f() { const set = () => { y = 2; }; set(); let y = 1; } console.log(1); f();`,
    error: "uncaught ReferenceError: Cannot access 'y' before initialization",
  },
  callOfAnUndefinedProperty: {
    source: `var o = { f: () => 1 }; console.log(o.f()); o.g();`,
    error: 'uncaught TypeError: o.g is not a function',
  },
};

const node = describeAgainstNode('functions and closures', RUNS, THROWS);

describeOnExecutors('closures on several executors', 'closuresInObjects', RUNS['closuresInObjects'] ?? '', node);
