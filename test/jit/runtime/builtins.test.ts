import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { format } from 'node:util';
import { JitError } from '../../../jit/errors.js';
import {
  BINARY_OPS, MATH_CONSTANT_NAMES, MATH_FUNCTION_NAMES, RUNTIME_FUNCTIONS, UNARY_OPS,
  arrayNew, binary, getIndex, length, log, mathCall, mathConst, pop, push, setIndex, toNumber, truthy, unary,
  type BinaryOp, type Runtime,
} from '../../../jit/runtime/builtins.js';
import { GuestHeap } from '../../../jit/runtime/heap.js';
import { fromHost, toHost, type FunctionInfo, type HostValue } from '../../../jit/runtime/host-values.js';
import { boxDouble } from '../../../jit/runtime/values.js';
import { functionBox } from './guest-functions.js';
import { ShapeTable } from '../../../jit/runtime/shapes.js';
import { GuestError, objectsOf } from '../../../jit/runtime/elements.js';
import { FakeMemory } from './fake-memory.js';

const TABLE: FunctionInfo[] = [{ name: 'f', length: 2 }, 'g'];

function runtime(): Runtime {
  const mem = new FakeMemory(0x10000, 16 << 20);
  return { heap: new GuestHeap(mem, 0x10000, 0x10000 + (16 << 20)), mem, functionNames: TABLE, shapes: new ShapeTable() };
}

const numberArb = fc.oneof(
  fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, 2 ** 53, 2 ** 53 + 2, -(2 ** 31), 2 ** 32, 0.5, -1.5, 1e21, 5e-324),
  fc.integer({ min: -40, max: 40 }),
  fc.double(),
);
const stringArb = fc.oneof(
  fc.constantFrom('', ' ', '0', '-0', '1', '10', '9', '2', '1e3', ' 12 ', '0x10', 'NaN', 'Infinity', 'abc', 'true', 'null'),
  fc.string({ maxLength: 4 }),
);
const leafArb: fc.Arbitrary<HostValue> = fc.oneof(numberArb, stringArb, fc.boolean(), fc.constant(null), fc.constant(undefined));
/** Small arrays, with holes (`undefined` entries generated as holes half the time). */
const arrayArb: fc.Arbitrary<HostValue> = fc.array(fc.option(leafArb, { nil: undefined, freq: 4 }), { maxLength: 3 })
  .chain((xs) => fc.boolean().map((holes) => {
    const out = new Array<HostValue>(xs.length);
    xs.forEach((x, i) => { if (!(holes && x === undefined)) out[i] = x; });
    return out;
  }));
/** Small plain objects (keys include index-like names, which node orders first). */
const objectArb: fc.Arbitrary<HostValue> = fc.dictionary(fc.constantFrom('a', 'b', '0', '1', 'length', 'x y'), leafArb, { maxKeys: 3 })
  .map((o) => Object.assign({}, o) as HostValue);
const valueArb = fc.oneof({ weight: 4, arbitrary: leafArb }, { weight: 1, arbitrary: arrayArb }, { weight: 1, arbitrary: objectArb });

/** Asserts that two host results are the same value (Object.is for numbers, deep for arrays). */
function expectSame(got: HostValue, want: unknown): void {
  if (typeof want === 'number') expect(Object.is(got, want), `${String(got)} vs ${want}`).toBe(true);
  else expect(got).toStrictEqual(want);
}

const binaryOracle = (op: string) => new Function('a', 'b', `return a ${op} b;`) as (a: unknown, b: unknown) => unknown;
const unaryOracle = (op: string) => new Function('a', `return ${op} a;`) as (a: unknown) => unknown;

describe('binary', () => {
  for (const op of BINARY_OPS) {
    it(`a ${op} b equals node's`, () => {
      const rt = runtime();
      const oracle = binaryOracle(op);
      fc.assert(fc.property(valueArb, valueArb, (a, b) => {
        const run = (): bigint => binary(rt, op, fromHost(a, rt.heap, objectsOf(rt)), fromHost(b, rt.heap, objectsOf(rt)));
        let want: { value: unknown } | { error: string };
        try {
          want = { value: oracle(a, b) };
        } catch (e) {
          want = { error: (e as Error).message }; // `'x' in 5`: node's TypeError, the guest's too
        }
        if ('error' in want) expect(run).toThrow(new GuestError('TypeError', want.error));
        else expectSame(toHost(run(), rt.mem, TABLE), want.value);
      }), { numRuns: 150 });
    });
  }

  it('the same guest array is identical to itself, NaN is not', () => {
    const rt = runtime();
    const arr = fromHost([1], rt.heap, objectsOf(rt));
    const nan = boxDouble(NaN);
    expect(toHost(binary(rt, '===', arr, arr), rt.mem, TABLE)).toBe(true);
    expect(toHost(binary(rt, '==', arr, fromHost([1], rt.heap, objectsOf(rt))), rt.mem, TABLE)).toBe(false);
    expect(toHost(binary(rt, '===', nan, nan), rt.mem, TABLE)).toBe(false);
  });

  it('refuses results that depend on a function source text', () => {
    const rt = runtime();
    const f = functionBox(rt.heap, 0);
    expect(() => binary(rt, '+', fromHost('', rt.heap, objectsOf(rt)), f)).toThrow(JitError);
    expect(() => binary(rt, '==', f, fromHost('x', rt.heap, objectsOf(rt)))).toThrow(/unsupported at run time/);
    expect(toHost(binary(rt, '===', f, f), rt.mem, TABLE)).toBe(true);
    expect(toHost(binary(rt, '==', f, functionBox(rt.heap, 1)), rt.mem, TABLE)).toBe(false);
    expectSame(toHost(binary(rt, '*', f, boxDouble(2)), rt.mem, TABLE), NaN);
  });
});

describe('unary, truthy, toNumber', () => {
  for (const op of UNARY_OPS) {
    it(`${op} a equals node's`, () => {
      const rt = runtime();
      const oracle = unaryOracle(op);
      fc.assert(fc.property(valueArb, (a) => {
        expectSame(toHost(unary(rt, op, fromHost(a, rt.heap, objectsOf(rt))), rt.mem, TABLE), oracle(a));
      }), { numRuns: 150 });
    });
  }
  it('truthy and toNumber equal node\'s', () => {
    const rt = runtime();
    fc.assert(fc.property(valueArb, (a) => {
      expect(truthy(rt, fromHost(a, rt.heap, objectsOf(rt)))).toBe(a ? 1n : 0n);
      expectSame(toHost(toNumber(rt, fromHost(a, rt.heap, objectsOf(rt))), rt.mem, TABLE), Number(a));
    }), { numRuns: 200 });
  });
});

describe('tricky cases', () => {
  const f: unknown = function f(_a: unknown, _b: unknown) { /* a stand-in for guest f */ };
  const cases: Array<[BinaryOp, HostValue, HostValue]> = [
    ['*', '5', '2'], ['+', '5', 2], ['+', [1, 2], 1], ['+', null, 1], ['+', undefined, 1], ['+', true, true],
    ['<', '10', '9'], ['/', 1, -0], ['%', -0, 5], ['**', 2, -1074], ['**', -8, 1 / 3], ['<<', 1, 33],
    ['>>>', -1, 0], ['==', NaN, NaN], ['==', null, undefined], ['==', '', 0], ['+', [], []], ['-', [5], ['2']],
  ];
  for (const [op, a, b] of cases) {
    it(`${format('%o', a)} ${op} ${format('%o', b)}`, () => {
      const rt = runtime();
      expectSame(toHost(binary(rt, op, fromHost(a, rt.heap, objectsOf(rt)), fromHost(b, rt.heap, objectsOf(rt))), rt.mem, TABLE), binaryOracle(op)(a, b));
    });
  }
  it('typeof null, typeof [], typeof f', () => {
    const rt = runtime();
    const typeOf = (v: bigint): HostValue => toHost(unary(rt, 'typeof', v), rt.mem, TABLE);
    expect(typeOf(fromHost(null, rt.heap, objectsOf(rt)))).toBe(typeof null);
    expect(typeOf(fromHost([], rt.heap, objectsOf(rt)))).toBe(typeof []);
    expect(typeOf(functionBox(rt.heap, 0))).toBe(typeof f);
  });
});

describe('Math', () => {
  for (const name of MATH_FUNCTION_NAMES) {
    it(`Math.${name} equals node's`, () => {
      const rt = runtime();
      const oracle = new Function('args', `return Math.${name}(...args);`) as (args: HostValue[]) => unknown;
      fc.assert(fc.property(fc.array(valueArb, { maxLength: 3 }), (args) => {
        expectSame(toHost(mathCall(rt, name, args.map((a) => fromHost(a, rt.heap, objectsOf(rt)))), rt.mem, TABLE), oracle(args));
      }), { numRuns: 60 });
    });
  }
  it('constants', () => {
    for (const name of MATH_CONSTANT_NAMES) expectSame(toHost(mathConst(name), runtime().mem, TABLE), (Math as unknown as Record<string, number>)[name]);
    expect(() => mathConst('random')).toThrow(JitError);
    expect(() => mathCall(runtime(), 'random', [])).toThrow(JitError);
  });
});

const keyArb: fc.Arbitrary<HostValue> = fc.oneof(
  fc.integer({ min: -2, max: 6 }), fc.constantFrom(-0, 1.5, NaN, Infinity, 2 ** 32, '0', '1', '01', 'length', 'x', null, true),
);

describe('indexing', () => {
  it('getIndex of arrays and strings equals node\'s', () => {
    const rt = runtime();
    fc.assert(fc.property(fc.oneof(arrayArb, stringArb), keyArb, (obj, key) => {
      const got = getIndex(rt, fromHost(obj, rt.heap, objectsOf(rt)), fromHost(key, rt.heap, objectsOf(rt)));
      const o = obj as unknown as Record<string, unknown>;
      expectSame(toHost(got, rt.mem, TABLE), o[String(key)]);
    }), { numRuns: 300 });
  });

  it('setIndex grows arrays with holes as node does', () => {
    const rt = runtime();
    fc.assert(fc.property(arrayArb, fc.nat(8), leafArb, (arr, i, v) => {
      const boxed = fromHost(arr, rt.heap, objectsOf(rt));
      setIndex(rt, boxed, boxDouble(i), fromHost(v, rt.heap, objectsOf(rt)));
      const src = arr as HostValue[];
      const want = new Array<HostValue>(src.length);
      for (let j = 0; j < src.length; j++) if (Object.hasOwn(src, j)) want[j] = src[j];
      want[i] = v;
      expect(toHost(boxed, rt.mem, TABLE)).toStrictEqual(want);
    }), { numRuns: 200 });
  });

  it('length, errors and refusals', () => {
    const rt = runtime();
    expect(toHost(length(rt, fromHost('abc', rt.heap, objectsOf(rt))), rt.mem, TABLE)).toBe(3);
    expect(toHost(length(rt, fromHost([1, , 3], rt.heap, objectsOf(rt))), rt.mem, TABLE)).toBe(3);
    expect(toHost(length(rt, functionBox(rt.heap, 0)), rt.mem, TABLE)).toBe(2);
    expect(toHost(length(rt, boxDouble(5)), rt.mem, TABLE)).toBe(undefined);
    expect(() => length(rt, fromHost(null, rt.heap, objectsOf(rt)))).toThrow("Cannot read properties of null (reading 'length')");
    expect(() => getIndex(rt, fromHost(undefined, rt.heap, objectsOf(rt)), boxDouble(0))).toThrow("Cannot read properties of undefined (reading '0')");
    expect(() => getIndex(rt, fromHost([], rt.heap, objectsOf(rt)), fromHost('push', rt.heap, objectsOf(rt)))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_AT_RUN_TIME' }));
    expect(() => setIndex(rt, fromHost([], rt.heap, objectsOf(rt)), fromHost('length', rt.heap, objectsOf(rt)), boxDouble(1))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_AT_RUN_TIME' }));
    expect(() => setIndex(rt, fromHost([], rt.heap, objectsOf(rt)), fromHost('__proto__', rt.heap, objectsOf(rt)), boxDouble(1))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_AT_RUN_TIME' }));
    const named = fromHost([1], rt.heap, objectsOf(rt));
    setIndex(rt, named, boxDouble(1.5), fromHost('x', rt.heap, objectsOf(rt)));
    setIndex(rt, named, boxDouble(-1), boxDouble(5));
    expect([getIndex(rt, named, fromHost('1.5', rt.heap, objectsOf(rt))), getIndex(rt, named, boxDouble(-1)), getIndex(rt, named, boxDouble(-2))]
      .map((v) => toHost(v, rt.mem, TABLE))).toEqual(['x', 5, undefined]);
    expect(toHost(length(rt, named), rt.mem, TABLE)).toBe(1);
    expect(log(rt, [named])).toBe("[ 1, '1.5': 'x', '-1': 5 ]");
    // The key's text decides the name; a function's is unknown here (TABLE has no source).
    expect(() => setIndex(rt, named, functionBox(rt.heap, 0), boxDouble(1))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_AT_RUN_TIME' }));
    expect(() => getIndex(rt, named, functionBox(rt.heap, 0))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_AT_RUN_TIME' }));
    expect(toHost(getIndex(rt, fromHost([1], rt.heap, objectsOf(rt)), functionBox(rt.heap, 0)), rt.mem, TABLE)).toBe(undefined);
    const s = fromHost('ab', rt.heap, objectsOf(rt));
    setIndex(rt, s, boxDouble(0), fromHost('z', rt.heap, objectsOf(rt))); // sloppy mode: ignored
    expect(toHost(s, rt.mem, TABLE)).toBe('ab');
  });
});

describe('arrays', () => {
  it('arrayNew, push, pop', () => {
    const rt = runtime();
    const a = arrayNew(rt, boxDouble(3));
    expect(toHost(a, rt.mem, TABLE)).toStrictEqual(new Array(3));
    expect(toHost(arrayNew(rt, fromHost('3', rt.heap, objectsOf(rt))), rt.mem, TABLE)).toStrictEqual(['3']);
    for (const bad of [-1, 1.5, 2 ** 32, NaN, Infinity]) {
      expect(() => arrayNew(rt, boxDouble(bad))).toThrow(expect.objectContaining({ code: 'RANGE_ERROR', message: 'Invalid array length' }));
    }
    expect(toHost(push(rt, a, [boxDouble(7), boxDouble(8)]), rt.mem, TABLE)).toBe(5);
    expect(toHost(pop(rt, a), rt.mem, TABLE)).toBe(8);
    const want = new Array<HostValue>(3);
    want.push(7);
    expect(toHost(a, rt.mem, TABLE)).toStrictEqual(want);
    expect(toHost(pop(rt, arrayNew(rt, boxDouble(0))), rt.mem, TABLE)).toBe(undefined);
    expect(() => push(rt, fromHost(null, rt.heap, objectsOf(rt)), [])).toThrow("Cannot read properties of null (reading 'push')");
    expect(() => pop(rt, boxDouble(1))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_AT_RUN_TIME' }));
  });
});

describe('log and the table', () => {
  it('log is console.log\'s line', () => {
    const rt = runtime();
    expect(log(rt, [fromHost('%d!', rt.heap, objectsOf(rt)), boxDouble(-0), fromHost([1, , 'a'], rt.heap, objectsOf(rt)), functionBox(rt.heap, 0)])).toBe('-0! [ 1, <1 empty item>, \'a\' ] [Function: f]');
  });
  it('RUNTIME_FUNCTIONS names each function once', () => {
    const names = RUNTIME_FUNCTIONS.map(([n]) => n);
    expect(new Set(names).size).toBe(names.length);
    for (const [, arity] of RUNTIME_FUNCTIONS) expect(arity >= -1 && arity <= 6).toBe(true);
  });
});
