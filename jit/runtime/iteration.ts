/**
 * The runtime side of for-in and for-of (jit/ir/build-stmt.ts lowers the loops around these):
 * the keys for-in visits, whether one is still there when its turn comes, and what for-of
 * indexes. Each answer is the host's for the converted value (node's order: integer keys
 * ascending, then the rest in creation order, ECMA-262 10.1.11.1), or node's TypeError.
 */
import { arrayIndex, arrayProperties } from './array-properties.js';
import { GuestError, UnsupportedAtRunTimeError, hostConversion, objectsOf, type Runtime } from './elements.js';
import { fromHost } from './host-values.js';
import { hasGuestProperty } from './prototypes.js';
import { readString } from './heap.js';
import { FALSE, TRUE, UNDEFINED, arrayAddr, boxArray, objectAddr, payloadOf, stringAddr, tagOf } from './values.js';

/** `for (k in v)`: the keys to visit, a snapshot (none for null and undefined). */
export function forInKeys(rt: Runtime, v: bigint): bigint {
  const kind = tagOf(v);
  if (kind === 'undefined' || kind === 'null') return boxArray(rt.heap.allocArray(0));
  const host = hostConversion(rt).convert(v);
  const keys: string[] = [];
  // The host's own for-in over an equal value: the same keys in the same order.
  for (const k in Object(host) as object) keys.push(k);
  rt.meter?.charge(keys.length);
  return fromHost(keys, rt.heap);
}

/** Whether key `k` (a string) of `v` is still there: a property deleted before its turn is skipped. */
export function forInHas(rt: Runtime, v: bigint, k: bigint): bigint {
  // The compiled loop passes a key of the snapshot, a string; anything else is named by its text.
  const name = tagOf(k) === 'string' ? readString(rt.mem, stringAddr(k)) : String(hostConversion(rt).convert(k));
  switch (tagOf(v)) {
    case 'object': return hasGuestProperty(rt, v, name) ? TRUE : FALSE;
    case 'array': {
      const i = arrayIndex(name);
      const addr = arrayAddr(v);
      if (i !== null) return rt.heap.arrayHas(addr, i) ? TRUE : FALSE;
      return arrayProperties(rt.heap).get(addr, name) !== undefined ? TRUE : FALSE;
    }
    default: return TRUE; // a string's indices, and nothing else, cannot go away
  }
}

/**
 * `for (x of v)`: an array is indexed itself (its length read at each step, as an ArrayIterator
 * does), a string by its code points (String.prototype[Symbol.iterator]); anything else is node's
 * TypeError, `text` naming the expression as V8 prints it (`o is not iterable`).
 */
export function iterable(rt: Runtime, v: bigint, text: bigint): bigint {
  const kind = tagOf(v);
  if (kind === 'array') return v;
  if (kind === 'string') return fromHost(Array.from(readString(rt.mem, stringAddr(v))), rt.heap);
  if (tagOf(text) !== 'string') throw new UnsupportedAtRunTimeError("a TypeError (not iterable) for an expression whose text in node's message pkjit does not know");
  const what = readString(rt.mem, payloadOf(text));
  throw new GuestError('TypeError', `${what} is not iterable`);
}

/** `Object.keys(v)` (variadic: the arguments after the first are ignored, as node ignores them). */
export function objectKeys(rt: Runtime, args: readonly bigint[]): bigint {
  const v = args[0] ?? UNDEFINED;
  const kind = tagOf(v);
  if (kind === 'undefined' || kind === 'null') throw new GuestError('TypeError', 'Cannot convert undefined or null to object');
  const keys = Object.keys(hostConversion(rt).convert(v) as object);
  rt.meter?.charge(keys.length);
  return fromHost(keys, rt.heap);
}
