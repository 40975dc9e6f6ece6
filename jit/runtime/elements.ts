/**
 * Indexing, `.length`, `Array(n)`, `.push` and `.pop` for the runtime (builtins.ts), and the
 * typed errors of the runtime's slow paths. Arrays and strings are read and written in place in
 * the guest heap (an element that is an array stays that very array); property names follow
 * ECMA-262 (a key is its ToPropertyKey). Besides indices and `length`, an array has the named
 * properties the program gave it (array-properties.ts); any name that would reach a host
 * prototype's property is refused rather than answered wrongly.
 */
import { JitError } from '../errors.js';
import { arrayIndex, arrayProperties } from './array-properties.js';
import type { GuestHeap, GuestMemory } from './heap.js';
import { MAX_ARRAY_LENGTH, arrayLength, readString, stringLength } from './heap.js';
import { ToHost, holdsUnknownText, type FunctionInfo } from './host-values.js';
import { functionIndexOf } from './functions.js';
import { guestObjects, type GuestObjects } from './objects.js';
import type { ShapeTable } from './shapes.js';
import type { WorkMeter } from './work-meter.js';
import {
  TRUE, UNDEFINED, arrayAddr, boxArray, boxDouble, boxObject, boxString, objectAddr, stringAddr, tagOf, unboxDouble,
} from './values.js';

import { GuestError, UnsupportedAtRunTimeError, hostConversion, hostError, objectsOf, type Runtime } from './runtime.js';
import { getInherited, setFunctionProperty } from './prototypes.js';

export { GuestError, UnsupportedAtRunTimeError, hostConversion, objectsOf, type GuestErrorFields, type Runtime } from './runtime.js';

/**
 * The property name (ECMA-262 ToPropertyKey) of boxed `key`. A function's ToString is its source
 * text; without it the name is the stand-in's text, which is, like any function's, never an
 * index, `length` or a prototype's property name: `exact` says whether that is good enough.
 */
function propertyName(rt: Runtime, key: bigint, exact: boolean): string {
  if (tagOf(key) === 'double') return String(unboxDouble(key));
  const host = hostConversion(rt).convert(key);
  if (exact && holdsUnknownText(host)) throw new UnsupportedAtRunTimeError("a property key that is a function's source text");
  try {
    return String(host);
  } catch (e) {
    throw hostError(e); // a key with no toString (Object.create(null)): node's TypeError
  }
}

/** A one-character guest string. */
function charAt(rt: Runtime, s: string, i: number): bigint {
  return boxString(rt.heap.allocString(s.charAt(i)));
}

/** UNDEFINED, unless `name` would reach a property of the host prototype `proto` (refused). */
function missing(proto: object, name: string, kind: string): bigint {
  if (name in proto) throw new UnsupportedAtRunTimeError(`property ${JSON.stringify(name)} of ${article(kind)} ${kind}`);
  return UNDEFINED;
}

/** `a` or `an`, for a kind of value. */
export function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? 'an' : 'a';
}

/** `obj[name]` for a property name. */
export function getProperty(rt: Runtime, obj: bigint, name: string): bigint {
  const kind = tagOf(obj);
  const index = arrayIndex(name);
  switch (kind) {
    case 'undefined': case 'null': case 'hole':
      throw new GuestError('TypeError', `Cannot read properties of ${kind === 'null' ? 'null' : 'undefined'} (reading '${name}')`);
    case 'array': {
      const addr = arrayAddr(obj);
      if (index !== null) return rt.heap.arrayGet(addr, index);
      if (name === 'length') return boxDouble(arrayLength(rt.mem, addr));
      return arrayProperties(rt.heap).get(addr, name) ?? missing(Array.prototype, name, 'array');
    }
    case 'string': {
      const addr = stringAddr(obj);
      if (index !== null) return index < stringLength(rt.mem, addr) ? charAt(rt, readString(rt.mem, addr), index) : UNDEFINED;
      if (name === 'length') return boxDouble(stringLength(rt.mem, addr));
      return missing(String.prototype, name, 'string');
    }
    case 'function': case 'object': return getInherited(rt, obj, name);
    case 'double': return missing(Number.prototype, name, 'number');
    case 'boolean': return missing(Boolean.prototype, name, 'boolean');
  }
}

/** `obj[key]`. */
export function getIndex(rt: Runtime, obj: bigint, key: bigint): bigint {
  nullishBase(obj, key, 'Cannot read properties of', 'reading');
  // Only an array with named properties, or an object, has a name the key's exact text could find.
  const exact = tagOf(obj) === 'object' || (tagOf(obj) === 'array' && arrayProperties(rt.heap).has(arrayAddr(obj)));
  return getProperty(rt, obj, propertyName(rt, key, exact));
}

/**
 * node's TypeError for `obj[key]` on null or undefined when the key is not a primitive: V8
 * leaves the `(reading 'k')` part out for an array key (checked against node 20), and names
 * other objects in ways not modelled (`#<Object>`, a function's text), so those are refused
 * rather than given a message a catch could print. A primitive key goes on to getProperty.
 */
function nullishBase(obj: bigint, key: bigint, text: string, verb: string): void {
  const base = tagOf(obj);
  if (base !== 'null' && base !== 'undefined') return;
  const kind = tagOf(key);
  if (kind === 'array') throw new GuestError('TypeError', `${text} ${base}`);
  if (kind === 'object' || kind === 'function') throw new UnsupportedAtRunTimeError(`${verb} a property of ${base} with an object as the key`);
}

/** `obj.length`. */
export function length(rt: Runtime, obj: bigint): bigint {
  return getProperty(rt, obj, 'length');
}

/** `obj[key] = value` in sloppy mode; returns `value` (the expression's value). */
export function setIndex(rt: Runtime, obj: bigint, key: bigint, value: bigint): bigint {
  nullishBase(obj, key, 'Cannot set properties of', 'setting');
  return setProperty(rt, obj, propertyName(rt, key, tagOf(obj) === 'array' || tagOf(obj) === 'object'), value);
}

/** `obj[name] = value` in sloppy mode for a property name; returns `value`. */
export function setProperty(rt: Runtime, obj: bigint, name: string, value: bigint): bigint {
  switch (tagOf(obj)) {
    case 'undefined': case 'null': case 'hole':
      throw new GuestError('TypeError', `Cannot set properties of ${tagOf(obj) === 'null' ? 'null' : 'undefined'} (setting '${name}')`);
    case 'array': {
      const index = arrayIndex(name);
      if (index !== null) rt.heap.arraySet(arrayAddr(obj), index, value);
      else setNamed(rt, arrayAddr(obj), name, value);
      return value;
    }
    case 'object':
      setOwn(rt, objectAddr(obj), name, value);
      return value;
    case 'function':
      setFunctionProperty(rt, obj, name, value);
      return value;
    // A primitive base: sloppy mode ignores the write (only Object.prototype's __proto__
    // setter is reachable, and it does nothing for a primitive receiver).
    default: return value;
  }
}

/**
 * `a[name] = value` for a name that is not an array index. A name on Array.prototype or
 * Object.prototype (`length`, `push`, `toString`, `__proto__`, ...) would change what the
 * array's methods, its conversions or util.inspect do, so it is refused; so is a function as
 * `toJSON`, which `%j` (JSON.stringify) would call.
 */
function setNamed(rt: Runtime, addr: number, name: string, value: bigint): void {
  if (name in Array.prototype) throw new UnsupportedAtRunTimeError(`assignment to property ${JSON.stringify(name)} of an array`);
  if (name === 'toJSON' && tagOf(value) === 'function') throw new UnsupportedAtRunTimeError('a function as the toJSON of an array');
  arrayProperties(rt.heap).set(addr, name, value);
}

/**
 * `o[name] = value` on a plain object. A name of Object.prototype (`toString`, `valueOf`,
 * `constructor`, `__proto__`, ...) would change the object's prototype, its conversions or how
 * util.inspect names it, so it is refused; so is a function as `toJSON` (`%j` would call it).
 */
function setOwn(rt: Runtime, addr: number, name: string, value: bigint): void {
  // An own `constructor` is fine: util.inspect names the object by it, and the host object
  // made from it (host-values.ts) has it too, with the prototype chain it is checked against.
  if (name in Object.prototype && name !== 'constructor') throw new UnsupportedAtRunTimeError(`assignment to property ${JSON.stringify(name)} of an object`);
  if (name === 'toJSON' && tagOf(value) === 'function') throw new UnsupportedAtRunTimeError('a function as the toJSON of an object');
  objectsOf(rt).set(addr, name, value);
}

/** An object literal: the properties `names[i] = values[i]` in order (a repeated name keeps its first place). */
export function objectLiteral(rt: Runtime, names: readonly string[], values: readonly bigint[]): bigint {
  const objects = objectsOf(rt);
  const addr = objects.alloc(new Set(names).size);
  names.forEach((name, i) => setOwn(rt, addr, name, values[i] ?? UNDEFINED));
  return boxObject(addr);
}

/** `delete obj[key]` in sloppy mode: true, or node's TypeError for null and undefined. */
export function deleteIndex(rt: Runtime, obj: bigint, key: bigint): bigint {
  const kind = tagOf(obj);
  const name = propertyName(rt, key, kind === 'object' || kind === 'array');
  switch (kind) {
    case 'undefined': case 'null': case 'hole':
      throw new GuestError('TypeError', `Cannot convert undefined or null to object`);
    case 'object': {
      objectsOf(rt).delete(objectAddr(obj), name);
      return TRUE;
    }
    case 'array': case 'string': case 'function':
      throw new UnsupportedAtRunTimeError(`delete of a property of a${kind === 'array' ? 'n' : ''} ${kind}`);
    default: return TRUE; // a primitive's wrapper has no own property a sloppy delete could fail on
  }
}

/** `new Array(n)` / `Array(n)`: n holes for a valid length, `[n]` for a non-number. */
export function arrayNew(rt: Runtime, n: bigint): bigint {
  if (tagOf(n) !== 'double') {
    const addr = rt.heap.allocArray(0);
    rt.heap.arrayPush(addr, n);
    return boxArray(addr);
  }
  const len = unboxDouble(n);
  if (!(Number.isInteger(len) && len >= 0 && len <= MAX_ARRAY_LENGTH)) throw new GuestError('RangeError', 'Invalid array length');
  return boxArray(rt.heap.allocArray(len));
}

/** The array address of a `.push`/`.pop` receiver; node's TypeError for null and undefined. */
function receiver(obj: bigint, method: 'push' | 'pop'): number {
  const kind = tagOf(obj);
  if (kind === 'array') return arrayAddr(obj);
  if (kind === 'null' || kind === 'undefined') {
    throw new GuestError('TypeError', `Cannot read properties of ${kind} (reading '${method}')`);
  }
  // node's message names the receiver's source text (`x.push is not a function`), unknown here.
  throw new UnsupportedAtRunTimeError(`.${method} of ${article(kind)} ${kind}`);
}

/** `arr.push(...values)`: the new length. */
export function push(rt: Runtime, arr: bigint, values: readonly bigint[]): bigint {
  const addr = receiver(arr, 'push');
  let len = arrayLength(rt.mem, addr);
  if (len + values.length > MAX_ARRAY_LENGTH) throw new UnsupportedAtRunTimeError('.push past the largest array length');
  for (const v of values) len = rt.heap.arrayPush(addr, v);
  return boxDouble(len);
}

/** `arr.pop()`. */
export function pop(rt: Runtime, arr: bigint): bigint {
  return rt.heap.arrayPop(receiver(arr, 'pop'));
}
