/**
 * NaN boxing: every JavaScript value of the subset as one 64-bit word (docs/jit-design.md,
 * "Values: NaN boxing", which is the contract). This file owns the layout; nobody else shifts
 * these bits.
 *
 *     63            48 47                                             0
 *    +----------------+------------------------------------------------+
 *    |      tag       |                    payload                     |
 *    +----------------+------------------------------------------------+
 *     0xFFF9 undefined (payload 0)   0xFFFC string   (heap address)
 *     0xFFFA null      (payload 0)   0xFFFD array    (heap address)
 *     0xFFFB boolean   (0 or 1)      0xFFFE function (heap address; functions.ts)
 *                                    0xFFFF object   (heap address; objects.ts)
 *     any other tag: an IEEE double, stored as its own bits
 *
 * Every NaN is boxed as the SSE default NaN 0xFFF8_0000_0000_0000 (SDM Vol.1 4.8.3.7, "QNaN
 * floating-point indefinite"), so no double ever has a tag in 0xFFF9..0xFFFF.
 *
 * HOLE (0xFFF9_0000_0000_0001) marks an array hole in heap memory. It carries the undefined
 * tag with a payload no valid value has, so it is never a valid value, yet a tag-only check
 * (the JIT's "is it a double?" fast path) sends it to the slow path like undefined, never
 * into SSE arithmetic. Only array element slots hold it; arrayGet turns it into UNDEFINED.
 */
import { assert } from '../errors.js';

/** Width of the payload field, in bits. */
export const PAYLOAD_BITS = 48n;
/** Mask of the payload field (bits 47..0). */
export const PAYLOAD_MASK = (1n << PAYLOAD_BITS) - 1n;
/** Largest payload, as a number (2^48 - 1). */
export const MAX_PAYLOAD = Number(PAYLOAD_MASK);
/** Mask of a 64-bit word. */
const WORD_MASK = (1n << 64n) - 1n;

/** Tag (bits 63..48) of undefined. */
export const TAG_UNDEFINED = 0xfff9;
/** Tag of null. */
export const TAG_NULL = 0xfffa;
/** Tag of booleans (payload 0 = false, 1 = true). */
export const TAG_BOOLEAN = 0xfffb;
/** Tag of strings (payload: heap address in bytes). */
export const TAG_STRING = 0xfffc;
/** Tag of arrays (payload: heap address in bytes). */
export const TAG_ARRAY = 0xfffd;
/** Tag of functions (payload: heap address of the function object, functions.ts). */
export const TAG_FUNCTION = 0xfffe;
/** Tag of plain objects (payload: heap address in bytes; layout in objects.ts). */
export const TAG_OBJECT = 0xffff;

/** The SSE default NaN: the only NaN bit pattern a boxed value ever holds. */
export const CANONICAL_NAN = 0xfff8_0000_0000_0000n;
/** undefined. */
export const UNDEFINED = 0xfff9_0000_0000_0000n;
/** null. */
export const NULL = 0xfffa_0000_0000_0000n;
/** false. */
export const FALSE = 0xfffb_0000_0000_0000n;
/** true. */
export const TRUE = 0xfffb_0000_0000_0001n;
/** An array hole in element memory; not a valid value (see the file comment). */
export const HOLE = 0xfff9_0000_0000_0001n;
/**
 * What a runtime call or a JS call returns in RAX while an exception propagates (the thrown
 * value waits in the executor's state): the undefined tag with a payload no valid value has,
 * like HOLE, so it is never a value either (docs/jit-design.md, "Exceptions").
 */
export const THROWN = 0xfff9_0000_0000_0002n;

/** What a boxed word holds. */
export type ValueKind = 'double' | 'undefined' | 'null' | 'boolean' | 'string' | 'array' | 'function' | 'object' | 'hole';

const f64 = new DataView(new ArrayBuffer(8));

function checkWord(v: bigint): void {
  assert(v >= 0n && v <= WORD_MASK, `boxed value ${v} is not a 64-bit word`);
}

/** The tag field (bits 63..48) of a boxed word, as a 16-bit number. */
export function tagBits(v: bigint): number {
  checkWord(v);
  return Number(v >> PAYLOAD_BITS);
}

/** The payload field (bits 47..0) of a boxed word, as a number (an address or an index). */
export function payloadOf(v: bigint): number {
  checkWord(v);
  return Number(v & PAYLOAD_MASK);
}

/** Whether a boxed word is a double (its tag is none of 0xFFF9..0xFFFF). */
export function isDouble(v: bigint): boolean {
  return tagBits(v) < TAG_UNDEFINED;
}

/** Boxes a double: its own bits, except that every NaN becomes CANONICAL_NAN (-0 keeps its sign). */
export function boxDouble(x: number): bigint {
  if (Number.isNaN(x)) return CANONICAL_NAN;
  f64.setFloat64(0, x, true);
  return f64.getBigUint64(0, true);
}

/** The double a boxed double holds (asserts that it is one). */
export function unboxDouble(v: bigint): number {
  assert(isDouble(v), `unboxDouble(0x${v.toString(16)}): not a double`);
  f64.setBigUint64(0, v, true);
  return f64.getFloat64(0, true);
}

/** What a boxed word holds; asserts on a tagged word no constructor here produces. */
export function tagOf(v: bigint): ValueKind {
  if (isDouble(v)) return 'double';
  if (v === HOLE) return 'hole';
  const tag = tagBits(v);
  const payload = v & PAYLOAD_MASK;
  switch (tag) {
    case TAG_UNDEFINED: assert(payload === 0n, `undefined with payload ${payload}`); return 'undefined';
    case TAG_NULL: assert(payload === 0n, `null with payload ${payload}`); return 'null';
    case TAG_BOOLEAN: assert(payload <= 1n, `boolean with payload ${payload}`); return 'boolean';
    case TAG_STRING: return 'string';
    case TAG_ARRAY: return 'array';
    case TAG_FUNCTION: return 'function';
    default: return 'object';
  }
}

function boxTagged(tag: number, payload: number, what: string): bigint {
  assert(Number.isSafeInteger(payload) && payload >= 0 && payload <= MAX_PAYLOAD,
    `${what} ${payload} does not fit the 48-bit payload`);
  return (BigInt(tag) << PAYLOAD_BITS) | BigInt(payload);
}

/** Boxes a boolean. */
export function boxBool(b: boolean): bigint {
  return b ? TRUE : FALSE;
}

/** The boolean a boxed boolean holds (asserts that it is one). */
export function unboxBool(v: bigint): boolean {
  assert(v === TRUE || v === FALSE, `unboxBool(0x${v.toString(16)}): not a boolean`);
  return v === TRUE;
}

/** Boxes a string by the heap address (in bytes) of its header. */
export function boxString(addr: number): bigint {
  return boxTagged(TAG_STRING, addr, 'string address');
}

/** Boxes an array by the heap address (in bytes) of its header. */
export function boxArray(addr: number): bigint {
  return boxTagged(TAG_ARRAY, addr, 'array address');
}

/** Boxes a plain object by the heap address (in bytes) of its header. */
export function boxObject(addr: number): bigint {
  return boxTagged(TAG_OBJECT, addr, 'object address');
}

/** Boxes a function by the heap address (in bytes) of its function object. */
export function boxFunction(addr: number): bigint {
  return boxTagged(TAG_FUNCTION, addr, 'function address');
}

function payloadIf(v: bigint, kind: ValueKind): number {
  assert(tagOf(v) === kind, `0x${v.toString(16)} is not a ${kind}`);
  return payloadOf(v);
}

/** The heap address (in bytes) of a boxed string. */
export function stringAddr(v: bigint): number {
  return payloadIf(v, 'string');
}

/** The heap address (in bytes) of a boxed array. */
export function arrayAddr(v: bigint): number {
  return payloadIf(v, 'array');
}

/** The heap address (in bytes) of a boxed plain object. */
export function objectAddr(v: bigint): number {
  return payloadIf(v, 'object');
}

/** The heap address (in bytes) of a boxed function's function object. */
export function functionAddr(v: bigint): number {
  return payloadIf(v, 'function');
}
