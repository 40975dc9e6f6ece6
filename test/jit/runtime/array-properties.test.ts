/**
 * Named (non-index) properties of arrays (jit/runtime/array-properties.ts): each program is run
 * by pkjit and by node, and must print exactly node's stdout and exit 0; names that reach a
 * host prototype are refused at run time (exit 3) with a message naming the property.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { format } from 'node:util';
import { runProgram } from '../../../jit/engine/engine.js';
import { ArrayProperties, arrayIndex, arrayProperties } from '../../../jit/runtime/array-properties.js';
import { getIndex, log, setIndex, type Runtime } from '../../../jit/runtime/builtins.js';
import { GuestHeap } from '../../../jit/runtime/heap.js';
import { fromHost, toHost, type HostValue } from '../../../jit/runtime/host-values.js';
import { ShapeTable } from '../../../jit/runtime/shapes.js';
import { FakeMemory } from './fake-memory.js';
import { nodeStdout, pkjitRun, itPrintsLikeNode } from './node-oracle.js';

/** Programs node runs to the end; pkjit must print the same bytes. */
const RUNS: Record<string, string> = {
  negativeFractionStringKeys: `
    var a = [1, 2];
    a[-1] = 5; a[1.5] = 'x'; a['foo'] = 1; a[4294967295] = 2;
    console.log(a);
    console.log(a[-1], a[1.5], a['1.5'], a['foo'], a[4294967295], a['4294967295'], a[-2], a['bar'], a.length);`,
  keysAreToPropertyKey: `
    var a = [];
    a[4294967296] = 3; a['0x1'] = 4; a['01'] = 6; a[' 1'] = 7; a[1e21] = 8; a[NaN] = 9; a['a b'] = 10;
    a[''] = 11; a[true] = 12; a[null] = 13; a[undefined] = 14; a[[3, 4]] = 15; a['$x'] = 16; a['é'] = 17; a['-0'] = 18;
    a[-0] = 'zero'; a['1'] = 'one';
    console.log(a, a.length);
    console.log(a[1e21], a['1e+21'], a['NaN'], a[0 / 0], a['true'], a['null'], a['3,4'], a[[3, 4]], a[-0], a['-0']);`,
  creationOrderAndOverwrite: `
    var c = []; c['z'] = 1; c['a'] = 2; c[10] = 3; c[-5] = 4; c['z'] = 5; c[4294967295] = 6; c[2] = 7;
    console.log(c, c.length, c['z']);`,
  lengthPushPopUnaffected: `
    var a = [1, 2, 3]; a['k'] = 'v'; a[-1] = -1;
    console.log(a.length, a.push(4, 5), a.pop(), a.pop(), a.length, a);
    while (a.length > 0) a.pop();
    console.log(a, a['k'], a[-1]);
    a.push('again'); a[a.length] = 'end'; console.log(a);`,
  conversionsIgnoreNames: `
    var a = [1, 2]; a['x'] = 9; a[-1] = 'm';
    console.log('' + a, a + 1, a == '1,2', a == '1,2,9', '' + [a, [a]], [a] + '', a < [1, 3], +[a['x']]);
    var b = [7]; b['q'] = 1; console.log(b * 2, b - '1', b == 7, b === b, typeof b, !b);
    console.log('%s|%d|%i|%f|%j', a, b, b, b, a);`,
  holesAndNames: `
    var b = [, 1, , ]; b['x'] = 'y'; b[-2] = [7];
    console.log(b, b.length, b[0], b[-2]);
    var h = new Array(3); h['p'] = h.length; console.log(h);
    var e = []; e[-1] = undefined; e['h'] = null; console.log(e, e.length, e[-1], e['h']);`,
  nestedArraysWithNames: `
    var inner = [7]; inner['y'] = 'z';
    var outer = [inner, [inner]]; outer['self'] = outer; outer['in'] = inner;
    console.log(outer);
    console.log([[outer]], [[[[inner]]]]);
    console.log([inner, inner]);
    inner['y'] = [inner]; console.log(inner);`,
  formatDirectives: `
    var a = [1, [2]]; a['n'] = 'x'; a[1]['m'] = [3]; a['-1'] = a;
    console.log('%o', a);
    console.log('%O', a);
    console.log('%j', a);
    console.log('%s', a);
    console.log('%s', [[a]]);
    console.log('%o|%j', [a], [a]);
    console.log(a, '%o', a);`,
  longArrayWithNames: `
    var d = []; for (var i = 0; i < 120; i++) d.push(i); d['k'] = 1; d[-1] = 'neg';
    console.log(d);
    console.log('%o', [d['k'], d[-1]]);`,
  namesInLoopsAndFunctions: `
    function tag(arr, name, v) { arr[name] = v; return arr; }
    var a = [0];
    for (var i = -3; i < 0; i++) tag(a, i, i * i);
    for (var j = 0; j < 3; j++) a['k' + j] = j;
    console.log(a, a[-3] + a[-2] + a[-1], a['k0'] + a['k2']);
    var b = tag([], 'x', tag([], 'y', 1)); console.log(b, b['x']['y']);`,
  compoundAssignment: `
    var a = [1]; a[-1] = 1; a[-1]++; ++a[-1]; a['n'] = 'x'; a['n'] += 'y'; a[0.5] = 2; a[0.5] **= 3;
    var u = []; u['missing'] += 1; u['m2']--;
    console.log(a, a[-1], u, u['missing']);`,
  stringAndOtherBasesIgnoreWrites: `
    var s = 'ab'; s[-1] = 5; s['foo'] = 1; console.log(s, s[-1], s['foo']);
    var n = 5; n['foo'] = 1; console.log(n['foo']);`,
  functionValuesAsNames: `
    function f(x) { return x; }
    var a = [1]; a['fn'] = f; a['toJSON'] = 3; a['valueOf2'] = [f];
    var g = a['fn']; console.log(a, g(4), a['fn'] === f);
    console.log('%j', a);`,
  functionKeys: `
    function key(a) { return a; }
    var a = []; a[key] = 'by source';
    console.log(a, a[key], a['function key(a) { return a; }']);
    var b = []; b[[key, 1]] = 2; console.log(b);`,
};

/** Programs pkjit refuses at run time (exit 3): the message's property. */
const REFUSED: ReadonlyArray<readonly [string, string, string]> = [
  ['length', "var a = [1]; a['length'] = 0; console.log(a);", 'assignment to property "length" of an array'],
  ['an array method', "var a = [1]; a['push'] = 0;", 'assignment to property "push" of an array'],
  ['an Object.prototype method', "var a = [1]; a['toString'] = 0;", 'assignment to property "toString" of an array'],
  ['__proto__', "var a = [1]; a['__proto__'] = [];", 'assignment to property "__proto__" of an array'],
  ['constructor', "var a = [1]; a['constructor'] = 1;", 'assignment to property "constructor" of an array'],
  ['a function toJSON', "function f() {} var a = [1]; a['toJSON'] = f;", 'a function as the toJSON of an array'],
];

describe('named properties of arrays: pkjit prints what node prints', () => {
  itPrintsLikeNode(RUNS);
});

describe('named properties belong to one executor', () => {
  it('every executor prints node\'s output', () => {
    const source = RUNS['nestedArraysWithNames'] ?? '';
    const want = nodeStdout(source);
    const r = runProgram(source, 'case.js', { executors: 3 });
    expect(r.exitCode).toBe(0);
    for (const lines of r.outputs) expect(lines.map((l) => `${l}\n`).join('')).toBe(want);
  });
});

describe('names that reach a host prototype are refused at run time', () => {
  it.each(REFUSED)('%s', (_name, source, what) => {
    const got = pkjitRun(source);
    expect(got.exitCode).toBe(3);
    expect(got.error).toBe(`case.js: unsupported at run time: ${what}`);
  });
});

describe('ArrayProperties', () => {
  it('keeps each array\'s names in creation order; overwriting keeps the place', () => {
    const t = new ArrayProperties();
    t.set(0x100, 'b', 1n);
    t.set(0x100, '-1', 2n);
    t.set(0x200, 'b', 3n);
    t.set(0x100, 'b', 4n);
    expect([...t.entries(0x100)]).toEqual([['b', 4n], ['-1', 2n]]);
    expect([...t.entries(0x300)]).toEqual([]);
    expect([t.get(0x200, 'b'), t.get(0x200, 'x'), t.has(0x200), t.has(0x300)]).toEqual([3n, undefined, true, false]);
  });

  it('refuses an index or length as a name', () => {
    const t = new ArrayProperties();
    expect(() => t.set(0x100, '0', 1n)).toThrow(/not a named property/);
    expect(() => t.set(0x100, 'length', 1n)).toThrow(/not a named property/);
  });

  it.each<[string, number | null]>([
    ['0', 0], ['4294967294', 4294967294], ['4294967295', null], ['-0', null], ['-1', null], ['01', null],
    ['1.5', null], [' 1', null], ['1e3', null], ['', null], ['foo', null],
  ])('arrayIndex(%j) is %j', (name, index) => {
    expect(arrayIndex(name)).toBe(index);
  });
});

describe('setIndex and getIndex against host arrays (fast-check)', () => {
  /** Keys that are indices, names, or look like either. */
  const keyArb = fc.oneof(
    fc.constantFrom<HostValue>(-1, 1.5, -0, 0, 2, 4294967295, 4294967296, 1e21, NaN, 'foo', '', 'a b', '-0', '01', '1', 'é', null, true),
    fc.string({ maxLength: 3 }).filter((k) => !(k in Array.prototype)),
  );
  const valueArb = fc.oneof(fc.integer({ min: -9, max: 9 }), fc.constantFrom<HostValue>('s', null, undefined, [], [1, [2]]));

  it('a run of writes gives the array node gives: printed, read back, round-tripped', () => {
    fc.assert(fc.property(fc.array(fc.tuple(keyArb, valueArb), { maxLength: 8 }), (writes) => {
      const mem = new FakeMemory(0x10000, 1 << 20);
      const rt: Runtime = { heap: new GuestHeap(mem, 0x10000, 0x10000 + (1 << 20)), mem, functionNames: [], shapes: new ShapeTable() };
      const guest = fromHost([0], rt.heap);
      const host: HostValue[] = [0];
      const record = host as unknown as Record<string, HostValue>;
      for (const [k, v] of writes) {
        setIndex(rt, guest, fromHost(k, rt.heap), fromHost(v, rt.heap));
        record[String(k)] = v;
      }
      for (const directive of ['%o', '%O', '%s', '%j']) expect(log(rt, [fromHost(directive, rt.heap), guest])).toBe(format(directive, host));
      for (const [k] of writes) {
        expect(toHost(getIndex(rt, guest, fromHost(k, rt.heap)), rt.mem, [])).toStrictEqual(record[String(k)]);
      }
      expect(format('%o', toHost(fromHost(host, rt.heap), rt.mem, [], arrayProperties(rt.heap)))).toBe(format('%o', host));
    }), { numRuns: 300 });
  });
});
