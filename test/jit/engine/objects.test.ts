/**
 * Plain objects against node: literals, property get/set/delete/`in`, calls of properties,
 * printing, conversions and the errors node throws; and the inline caches behind `o.x`: a
 * site is patched (an audited SDK patch, by the compiler thread) after its first slow path,
 * serves the fast path from then on, goes megamorphic on a second shape, and stays exact on 4
 * executors running while it is patched, under both W^X policies, with and without the
 * translator.
 */
import { describe, expect, it } from 'vitest';
import { runProgram, type RunOptions } from '../../../jit/engine/engine.js';
import { MemorySink } from '../../../sdk/audit/log.js';
import { checkInvariants } from '../../../sdk/audit/check.js';
import { describeAgainstNode, joined, type ThrowTable } from './node-oracle.js';

/** Programs node runs to the end. */
const RUNS: Readonly<Record<string, string>> = {
  literals: `
    var o = { a: 1, 'b c': 'two', 3: [3], 1.5: null, a: 4, 0x10: true };
    console.log(o, o.a, o['b c'], o[3], o['1.5'], o[16], o.missing);
    console.log({}, { x: {} }, [{ y: [] }], { 'k-1': undefined, k2: -0, k3: NaN });`,
  shorthand: `
    var x = 1, y = 'y'; function f() { return 7; }
    var o = { x, y, f };
    console.log(o, o.f(), o.x + o.y);`,
  keyOrder: `
    var o = {}; o.b = 1; o[2] = 'two'; o.a = 3; o['1'] = 'one'; o[-1] = 'neg'; o['01'] = 'lead';
    console.log(o, Object === undefined);`.replace(', Object === undefined', ''),
  getSetDelete: `
    var o = { a: 1, b: 2, c: 3 };
    o.b = 20; o.d = 4; o['e'] = 5;
    console.log(o, delete o.a, o, delete o.zz, delete o['c'], o);
    o.a = 'back'; console.log(o, 'a' in o, 'c' in o, 'e' in o, 0 in [1], 1 in [1], 'length' in []);`,
  compound: `
    var o = { n: 1, s: 'a', l: [1] };
    o.n += 5; o.n *= 2; o.s += 'b'; o.n++; ++o.n; o.m ??= 9; o.n ||= 0; o.z &&= 1;
    var old = o.n--; console.log(o, old, o.l.length, -o.n, o.q?.r === undefined);`.replace(', o.q?.r === undefined', ''),
  aliasingAndCycles: `
    var a = { v: 1 }; var b = a; b.v = 2;
    var c = { self: null, list: [a, a] }; c.self = c;
    console.log(a.v, a === b, a == b, a === { v: 2 }, c);`,
  conversions: `
    var o = { a: 1 };
    console.log('' + o, o + 1, o == '[object Object]', typeof o, !o, o ? 'yes' : 'no', +o, o * 2, [o] + '');
    console.log(o < 1, o > 'Z', o === o, o !== o, { } == { }, [1, o]);`,
  constructorLike: `
    function point(x, y) { return { x: x, y: y }; }
    function add(p, q) { return point(p.x + q.x, p.y + q.y); }
    var s = point(0, 0);
    for (var i = 0; i < 500; i++) s = add(s, point(i, -i / 2));
    console.log(s, s.x, s.y);`,
  propertiesHoldFunctions: `
    function inc(x) { return x + 1; } function dbl(x) { return 2 * x; }
    var table = { inc: inc, dbl: dbl, name: 'ops' };
    var ops = [table.inc, table.dbl];
    var v = 1; for (var i = 0; i < 10; i++) v = ops[i % 2](v);
    console.log(v, table, table.inc(table.dbl(3)));`,
  polymorphicSite: `
    function getX(o) { return o.x; }
    var shapes = [{ x: 1 }, { y: 0, x: 2 }, { x: 3, z: 1 }, { w: 1, v: 2, x: 4 }, [5], 'str', 7];
    var t = 0; for (var i = 0; i < 140; i++) { var v = getX(shapes[i % 7]); t += v === undefined ? 100 : v; }
    console.log(t);`,
  dictionaryMode: `
    var d = {}; for (var i = 0; i < 300; i++) d['k' + i] = i;
    var sum = 0; for (var j = 0; j < 300; j++) sum += d['k' + j];
    delete d.k5; d.k5 = 'again';
    console.log(sum, d.k299, d.k5, 'k4' in d, 'k300' in d);
    var e = { a: 1, b: 2 }; delete e.a; e.c = 3; console.log(e);`,
  manyShapesOneSite: `
    function read(o) { return o.v; }
    var t = 0;
    for (var i = 0; i < 50; i++) { var o = {}; o['p' + i] = i; o.v = i; t += read(o); }
    console.log(t);`,
  nestedWrites: `
    var cfg = { a: { b: { c: 1 } }, list: [{ n: 1 }, { n: 2 }] };
    cfg.a.b.c = cfg.list[1].n + 10; cfg.list[0].n = 'x'; cfg.a.d = cfg.a.b;
    console.log(cfg, JSON === undefined);`.replace(', JSON === undefined', ''),
  forIn: `
    var o = { b: 1, a: 2, 10: 'x', 2: 'y' }; var seen = [];
    for (var k in o) seen.push(k + '=' + o[k]);
    console.log(seen, k);
    for (const i in [5, , 7]) console.log(i, typeof i);
    var arr = [1, 2]; arr.extra = 3; for (let j in arr) console.log(j);
    for (var c in 'hé') console.log(c);
    for (var n in null) console.log('never');
    for (var u in undefined) console.log('never');
    var d = { p: 1, q: 2, r: 3 };
    for (var key in d) { console.log(key); if (key === 'p') delete d.q; d.s = 4; }
    var t = {}; for (t.last in { m: 1, n: 2 }) {} console.log(t);`,
  forOf: `
    var total = 0; for (const v of [1, 2, 3]) total += v;
    var grow = [1]; for (var g of grow) if (grow.length < 5) grow.push(g * 2);
    console.log(total, grow);
    for (const ch of 'a\u{1F600}b') console.log(ch, ch.length);
    for (var x of [, 'hole']) console.log(x);
    outer: for (var i of [1, 2, 3]) {
      for (var j in { a: 1, b: 2 }) { if (j === 'b') continue outer; if (i === 3) break outer; console.log(i, j); }
    }
    var rows = [{ n: 'a', v: 1 }, { n: 'b', v: 2 }]; var s = '';
    for (const row of rows) s += row.n + row.v;
    console.log(s);`,
  objectKeys: `
    var o = { b: 1, 2: 'x', a: [1] };
    console.log(Object.keys(o), Object.keys([5, , 7]), Object.keys('hi'), Object.keys(5), Object.keys(o, 'extra').length);
    var ks = Object.keys(o); for (var i = 0; i < ks.length; i++) console.log(ks[i], o[ks[i]]);
    delete o.b; o.z = 0; console.log(Object.keys(o), Object.keys({}));`,
  printedFormats: `
    var o = { a: 'x', b: [1, 2], c: { d: { e: { f: 1 } } } };
    console.log('%s|%d|%j|%o|%O', o, o, o, { k: 1 }, o);`,
};

/** Programs node ends with an uncaught error: [source, pkjit's message after `FILE: `, which is node's]. */
const THROWS: ThrowTable = {
  readOfUndefined: {
    source: `var o = { a: { b: 1 } }; console.log(o.a.b); console.log(o.x.b);`,
    error: "uncaught TypeError: Cannot read properties of undefined (reading 'b')",
  },
  writeToNull: {
    source: `var o = { n: null }; console.log('before'); o.n.v = 1;`,
    error: "uncaught TypeError: Cannot set properties of null (setting 'v')",
  },
  callOfMissingProperty: {
    source: `var o = { f: 1 }; console.log(1); o.g();`,
    error: 'uncaught TypeError: o.g is not a function',
  },
  callOfNonFunction: {
    source: `var o = { inner: { f: 'x' } }; o.inner.f();`,
    error: 'uncaught TypeError: o.inner.f is not a function',
  },
  callOfAnElement: {
    source: `function one() { return 1; } var ops = [one, 2]; var i = 0; console.log(ops[i % 2]()); i++; ops[i % 2]();`,
    error: 'uncaught TypeError: ops[(i % 2)] is not a function',
  },
  callOfACallResult: {
    source: `function f() { return 1; } console.log(f()); f()();`,
    error: 'uncaught TypeError: f(...) is not a function',
  },
  callOfAStringKey: {
    source: `var o = { a: [0] }; o['a'][0]();`,
    error: 'uncaught TypeError: o.a[0] is not a function',
  },
  inOnAPrimitive: {
    source: `console.log('k' in { k: 1 }); console.log('k' in 'kk');`,
    error: "uncaught TypeError: Cannot use 'in' operator to search for 'k' in kk",
  },
  forOfAnObject: {
    source: `var o = { a: 1 }; for (var k in o) console.log(k); for (var v of o) console.log(v);`,
    error: 'uncaught TypeError: o is not iterable',
  },
  forOfNull: {
    source: `var n = null; for (var v of [1]) console.log(v); for (var w of n) {}`,
    error: 'uncaught TypeError: n is not iterable',
  },
  forOfLetInItsTdz: {
    source: `var x = [1]; console.log(0); function f() { for (const y of g()) {} } function g() { return z; } f(); let z = 1;`,
    error: "uncaught ReferenceError: Cannot access 'z' before initialization",
  },
  objectKeysOfNull: {
    source: `console.log(Object.keys({ k: 1 })); Object.keys(null);`,
    error: 'uncaught TypeError: Cannot convert undefined or null to object',
  },
  deleteOfUndefined: {
    source: `var u; console.log(delete ({}).x); delete u.x;`,
    error: 'uncaught TypeError: Cannot convert undefined or null to object',
  },
};

/** Programs pkjit stops at, before a result node would give and it cannot (exit 3, `unsupported at run time`). */
const STOPS: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['prototypeRead', `var o = {}; console.log('x'); var t = o.toString;`, /unsupported at run time: property "toString" of an object/],
  ['prototypeWrite', `var o = {}; o.valueOf = 1;`, /unsupported at run time: assignment to property "valueOf" of an object/],
  ['protoKey', `var o = {}; o['__proto__'] = { a: 1 };`, /unsupported at run time: assignment to property "__proto__" of an object/],
];

const node = describeAgainstNode('objects', RUNS, THROWS);

describe('objects: what pkjit cannot answer as node would stops the run', () => {
  it.each(STOPS)('%s', (name, source, message) => {
    const r = runProgram(source, `${name}.js`);
    expect(r.exitCode).toBe(3);
    expect(r.error).toMatch(message);
  });
});

/** Reads `p.x` and writes `p.y` on one shape, `n` times. */
const HOT_SITE = (n: number): string => `
  var p = { x: 1, y: 2 }; var t = 0;
  for (var i = 0; i < ${n}; i++) { t += p.x; p.y = i; }
  console.log(t, p);`;

describe('inline caches', () => {
  it('a site is patched once by the compiler thread and then never calls the runtime', () => {
    const few = runProgram(HOT_SITE(10), 'hot.js');
    const many = runProgram(HOT_SITE(2000), 'hot.js');
    expect(joined(many.output)).toBe('2000 { x: 1, y: 1999 }\n');
    // The two sites take the slow path only until their patches land: the runtime calls do not
    // grow with the iterations (the loop itself makes none).
    expect(many.stats.runtimeCalls).toBe(few.stats.runtimeCalls);
    expect(many.stats.icPatches).toBe(2);
    expect(many.stats.icMegamorphic).toBe(0);
  });

  it('every patch is an audited, atomic SDK patch by the compiler thread, naming its site', () => {
    const sink = new MemorySink();
    const r = runProgram(HOT_SITE(50), 'hot.js', { audit: [sink], executors: 2 });
    const patches = sink.records.filter((x) => x.kind === 'patch');
    expect(patches.map((x) => x.reason)).toEqual([
      expect.stringMatching(/^inline cache get \.x: monomorphic, shape \d+, slot 0$/),
      expect.stringMatching(/^inline cache set \.y: monomorphic, shape \d+, slot 1$/),
    ]);
    expect(patches.map((x) => x.site)).toEqual(['<script>:3:39', '<script>:3:44']);
    const compiler = sink.records.find((x) => x.kind === 'thread.spawn' && x.detail?.['role'] === 'compiler')?.tid;
    expect(compiler).toBeDefined();
    for (const p of patches) {
      expect(p.tid).toBe(compiler);
      expect(p.detail).toMatchObject({ atomic: true, quiesced: false });
    }
    expect(checkInvariants(sink.records)).toEqual([]);
    expect(r.exitCode).toBe(0);
  });

  it('a second shape at a site makes it megamorphic; the answers stay node\'s', async () => {
    const r = runProgram(RUNS['polymorphicSite'] ?? '', 'poly.js');
    expect(r.stats.icMegamorphic).toBe(1);
    expect(joined(r.output)).toBe((await node('polymorphicSite')).stdout);
  });

  const variants: Array<[string, RunOptions]> = [
    ['4 executors, pkey', { executors: 4 }],
    ['4 executors, mprotect (patches stop the world)', { executors: 4, policy: 'mprotect' }],
    ['4 executors, interpreter only', { executors: 4, translate: false }],
    ['3 executors, another interleaving', { executors: 3, seed: 7 }],
  ];
  it.each(variants)('patched while executors run: %s', async (_name, opts) => {
    const sink = new MemorySink();
    const source = RUNS['constructorLike'] ?? '';
    const r = runProgram(source, 'ctor.js', { ...opts, audit: [sink] });
    const expected = (await node('constructorLike')).stdout;
    expect(r.error).toBeUndefined();
    expect(r.outputs.map(joined)).toEqual(Array.from({ length: opts.executors ?? 1 }, () => expected));
    expect(r.stats.icPatches).toBeGreaterThan(0);
    expect(checkInvariants(sink.records)).toEqual([]);
  });
});
