import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { JitError } from '../../../jit/errors.js';
import {
  CANONICAL_NAN, FALSE, HOLE, MAX_PAYLOAD, NULL, TRUE, UNDEFINED, arrayAddr, boxArray, boxBool, boxDouble,
  boxFunction, boxString, functionAddr, isDouble, payloadOf, stringAddr, tagBits, tagOf, unboxBool, unboxDouble,
} from '../../../jit/runtime/values.js';

const bitsOf = (x: number): bigint => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x, true);
  return v.getBigUint64(0, true);
};
const doubleOfBits = (b: bigint): number => {
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, b, true);
  return v.getFloat64(0, true);
};

describe('constants: the bit patterns of docs/jit-design.md', () => {
  it.each([
    ['CANONICAL_NAN', CANONICAL_NAN, 0xfff8000000000000n, 'double'],
    ['UNDEFINED', UNDEFINED, 0xfff9000000000000n, 'undefined'],
    ['NULL', NULL, 0xfffa000000000000n, 'null'],
    ['FALSE', FALSE, 0xfffb000000000000n, 'boolean'],
    ['TRUE', TRUE, 0xfffb000000000001n, 'boolean'],
    ['HOLE', HOLE, 0xfff9000000000001n, 'hole'],
    ['boxString(0x1000)', boxString(0x1000), 0xfffc000000001000n, 'string'],
    ['boxArray(0x7fff_0000_0008)', boxArray(0x7fff_0000_0008), 0xfffd7fff00000008n, 'array'],
    ['boxFunction(3)', boxFunction(3), 0xfffe000000000003n, 'function'],
    ['boxDouble(-0)', boxDouble(-0), 0x8000000000000000n, 'double'],
    ['boxDouble(1)', boxDouble(1), 0x3ff0000000000000n, 'double'],
    ['boxDouble(-Infinity)', boxDouble(-Infinity), 0xfff0000000000000n, 'double'],
    ['boxDouble(5e-324)', boxDouble(5e-324), 0x0000000000000001n, 'double'],
  ] as const)('%s = %s', (_name, v, bits, kind) => {
    expect(v).toBe(bits);
    expect(tagOf(v)).toBe(kind);
  });

  it('HOLE is not a valid value: not a double, and no constructor makes it', () => {
    expect(isDouble(HOLE)).toBe(false);
    expect(HOLE).not.toBe(UNDEFINED);
    expect(tagBits(HOLE)).toBe(0xfff9);
  });

  it('the tagged constructors round-trip their payloads', () => {
    expect(stringAddr(boxString(0x1234))).toBe(0x1234);
    expect(arrayAddr(boxArray(MAX_PAYLOAD))).toBe(MAX_PAYLOAD);
    expect(functionAddr(boxFunction(0))).toBe(0);
    expect(unboxBool(boxBool(true))).toBe(true);
    expect(unboxBool(boxBool(false))).toBe(false);
    expect(payloadOf(boxString(42))).toBe(42);
  });

  it.each([
    ['boxString(2^48)', () => boxString(2 ** 48)],
    ['boxArray(-1)', () => boxArray(-1)],
    ['boxFunction(1.5)', () => boxFunction(1.5)],
    ['unboxDouble(UNDEFINED)', () => unboxDouble(UNDEFINED)],
    ['stringAddr(boxArray(8))', () => stringAddr(boxArray(8))],
    ['unboxBool(NULL)', () => unboxBool(NULL)],
    ['tagOf(2^64)', () => tagOf(1n << 64n)],
    ['tagOf(null with a payload)', () => tagOf(NULL + 1n)],
  ])('%s throws an INVARIANT JitError', (_name, f) => {
    expect(f).toThrow(JitError);
    try { f(); } catch (e) { expect((e as JitError).code).toBe('INVARIANT'); }
  });
});

describe('doubles (fast-check)', () => {
  it('every double round-trips (Object.is: -0 keeps its sign) and is never tagged', () => {
    fc.assert(fc.property(fc.double(), (x) => {
      const v = boxDouble(x);
      expect(Object.is(unboxDouble(v), x)).toBe(true);
      expect(isDouble(v)).toBe(true);
      expect(tagOf(v)).toBe('double');
      if (!Number.isNaN(x)) expect(v).toBe(bitsOf(x));
    }), { numRuns: 2000 });
  });

  it('every 64-bit pattern read as a double boxes to a double; every NaN canonicalises', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (bits) => {
      const x = doubleOfBits(bits);
      const v = boxDouble(x);
      expect(tagOf(v)).toBe('double');
      if (Number.isNaN(x)) expect(v).toBe(CANONICAL_NAN);
      else expect(v).toBe(bits);
    }), { numRuns: 2000 });
  });

  it('NaNs with every payload and sign canonicalise', () => {
    fc.assert(fc.property(fc.boolean(), fc.bigInt({ min: 1n, max: (1n << 52n) - 1n }), (neg, mantissa) => {
      const bits = (neg ? 1n << 63n : 0n) | (0x7ffn << 52n) | mantissa;
      expect(boxDouble(doubleOfBits(bits))).toBe(CANONICAL_NAN);
    }));
  });

  it.each([0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2250738585072009e-308, Number.MAX_VALUE, 1e21, 1e-7])(
    'edge double %s round-trips', (x) => {
      expect(Object.is(unboxDouble(boxDouble(x)), x)).toBe(true);
    });

  it('payloads of every tagged kind round-trip (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_PAYLOAD }), (p) => {
      expect(stringAddr(boxString(p))).toBe(p);
      expect(arrayAddr(boxArray(p))).toBe(p);
      expect(functionAddr(boxFunction(p))).toBe(p);
      expect(isDouble(boxString(p))).toBe(false);
    }));
  });
});
