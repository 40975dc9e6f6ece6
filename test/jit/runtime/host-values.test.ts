/**
 * Host stand-ins of guest functions (jit/runtime/host-values.ts): with the declaration's source
 * text they convert to it as node's Function.prototype.toString does, while util.inspect still
 * prints them as node prints the declared function. End to end, each program must print exactly
 * node's stdout and exit 0; without the text the runtime refuses what would read it.
 */
import { describe, expect, it } from 'vitest';
import { format, inspect } from 'node:util';
import { binary, type Runtime } from '../../../jit/runtime/builtins.js';
import { GuestHeap } from '../../../jit/runtime/heap.js';
import { fromHost, holdsUnknownText, toHost, type FunctionInfo } from '../../../jit/runtime/host-values.js';
import { functionBox } from './guest-functions.js';
import { ShapeTable } from '../../../jit/runtime/shapes.js';
import { FakeMemory } from './fake-memory.js';
import { itPrintsLikeNode } from './node-oracle.js';

/** Programs node runs to the end; pkjit must print the same bytes. */
const RUNS: Record<string, string> = {
  concatenation: `
    function add(a, b) { return a + b; }
    console.log('' + add, add + 1, 1 + add, add + add, [add] + '', '' + [add, 2, [add]]);
    var s = 'f:' + add; console.log(s.length, s[2], s[s.length - 1]);`,
  commentsAndNewlinesInside: `
    function weird ( x ,y ) /* before */ {
      // a line comment with a } brace
      var s = "}"; /* a block
         comment */
      return x   +   y; // tail
    }
    console.log('' + weird);
    console.log('%s', weird);
    console.log(weird, [weird]);`,
  printFormats: `
    function f(a, b) { return a; }
    function g() {}
    console.log('%s|%s', f, g);
    console.log('%o', f);
    console.log('%O', f);
    console.log('%j|%d|%i|%f', f, f, f, f);
    console.log('%s', [f, g]);
    console.log('%o', [f, [g]]);
    console.log(f, g, [f, g], [[[[f]]]]);`,
  comparisons: `
    function f() { return 1; }
    function g() { return 2; }
    console.log(f == 'function f() { return 1; }', f != 'x', f == f, f == g, f === 'function f() { return 1; }');
    console.log(f < g, f > g, f <= g, g >= f, f < 'function g', 'zzz' > f, [f] < [g], f < [g]);
    console.log(f == 1, f < 1, f - 1, f * 1, -f, +f, typeof f, !f, f + [] == '' + f);`,
  twoFunctionsCompared: `
    function alpha(x) { return x; }
    function beta(x) { return x; }
    function cmp(p, q) { return p < q ? -1 : p > q ? 1 : 0; }
    console.log(cmp(alpha, beta), cmp(beta, alpha), cmp(alpha, alpha), ('' + alpha).length, ('' + beta).length);`,
  concatenationInLoop: `
    function step(i) { return i * 2; }
    var out = '';
    for (var i = 0; i < 3; i++) { out += step; out += '|' + step(i) + '|'; }
    console.log(out);
    var parts = [];
    for (var j = 0; j < 4; j++) parts.push(j % 2 ? step : '' + step);
    console.log(parts.length, parts[0] == parts[1], parts[0] === '' + parts[1]);`,
  hoistedAndReassigned: `
    console.log('' + later);
    function later() { return 'first'; }
    function other() {}
    var h = other; other = later; console.log(h + '', '' + other, h == other);`,
  sourceAsPropertyKey: `
    function key(a) { return a; }
    var arr = [1]; arr[key] = 'k';
    console.log(arr, arr['function key(a) { return a; }'], 'abc'[key], [key][key]);`,
  unicodeInside: `
    function u(s) { return 'é ' + s + ' 😀\\u{1F600}'; }
    console.log('' + u, u('x'), ('' + u).length);`,
  crlfLineEnds: 'function crlf(a) {\r\n  return a;\r\n}\r\nconsole.log(("" + crlf).length, "" + crlf == "function crlf(a) {\\r\\n  return a;\\r\\n}");\r\n',
};

/** One runtime over a fake memory, with the given function table. */
function runtime(table: readonly FunctionInfo[]): Runtime {
  const mem = new FakeMemory(0x10000, 1 << 20);
  return { heap: new GuestHeap(mem, 0x10000, 0x10000 + (1 << 20)), mem, functionNames: table, shapes: new ShapeTable() };
}

describe('function source text: pkjit prints what node prints', () => {
  itPrintsLikeNode(RUNS);
});

describe('stand-ins', () => {
  const SOURCE = 'function add(a, b) { return a + b; }';
  const node = new Function(`return ${SOURCE}`)() as (a: unknown, b: unknown) => unknown;

  it('with a source text: inspect unchanged, conversions give the text', () => {
    const rt = runtime([{ name: 'add', length: 2, source: SOURCE }]);
    const f = toHost(functionBox(rt.heap, 0), rt.mem, rt.functionNames);
    for (const options of [{}, { showHidden: true }, { showHidden: true, depth: 4 }]) {
      expect(inspect(f, options)).toBe(inspect(node, options));
    }
    for (const directive of ['%s', '%o', '%O', '%j', '%d', '%i', '%f', '%c']) {
      expect(format(directive, f)).toBe(format(directive, node));
    }
    expect([String(f), `${String(f)}`, String([f, 1])]).toEqual([SOURCE, SOURCE, `${SOURCE},1`]);
    expect(typeof f).toBe('function');
    expect(holdsUnknownText(f)).toBe(false);
    expect(fromHost(f, rt.heap)).toBe(functionBox(rt.heap, 0));
  });

  it('without a source text: refuses what would read it, answers the rest', () => {
    const rt = runtime([{ name: 'f', length: 1 }, 'g']);
    const f = functionBox(rt.heap, 0);
    expect(holdsUnknownText(toHost(f, rt.mem, rt.functionNames))).toBe(true);
    expect(() => binary(rt, '+', fromHost('', rt.heap), f)).toThrow("unsupported at run time: '+' on a function's source text");
    expect(() => binary(rt, '<', f, functionBox(rt.heap, 1))).toThrow(/unsupported at run time/);
    expect(toHost(binary(rt, '==', f, functionBox(rt.heap, 1)), rt.mem, rt.functionNames)).toBe(false);
    expect(toHost(binary(rt, '-', f, fromHost(1, rt.heap)), rt.mem, rt.functionNames)).toBeNaN();
  });

  it('mixed: only the functions without a text are refused', () => {
    const rt = runtime([{ name: 'add', length: 2, source: SOURCE }, 'g']);
    const sum = binary(rt, '+', functionBox(rt.heap, 0), fromHost('!', rt.heap));
    expect(toHost(sum, rt.mem, rt.functionNames)).toBe(`${SOURCE}!`);
    expect(() => binary(rt, '+', fromHost([functionBox(rt.heap, 0), functionBox(rt.heap, 1)].length, rt.heap), functionBox(rt.heap, 1))).toThrow(/unsupported at run time/);
  });
});
