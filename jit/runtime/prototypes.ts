/**
 * Prototypes for the runtime (docs/jit-design.md, "Prototypes, this and new"): property reads
 * that walk an object's prototype chain, the own properties of function objects (their lazily
 * made `prototype`), `new` and `instanceof`. The chain is in the guest heap (objects.ts, the
 * prototype word) up to the builtin prototype at its end (Object.prototype for an object,
 * Function.prototype for a function), which the guest heap does not hold: a name found only
 * there is refused (elements.ts, `missing`) rather than answered wrongly.
 */
import { JitError } from '../errors.js';
import { functionIndexOf } from './functions.js';
import { UnsupportedAtRunTimeError, GuestError, hostConversion, objectsOf, type Runtime } from './runtime.js';
import { BUILTIN_PROTO } from './objects.js';
import { errorPrototypeKind } from './error-prototypes.js';
import { FALSE, NULL, TRUE, UNDEFINED, boxDouble, boxObject, boxString, functionAddr, objectAddr, tagOf } from './values.js';

/** Prototype links a lookup follows before it gives up (a chain is acyclic; this bounds a corrupt one). */
const MAX_CHAIN = 100_000;

/** The function-table entry of boxed function `v`: its name, parameter count, and whether it is an arrow. */
export function functionInfo(rt: Runtime, v: bigint): { name: string; length: number; arrow: boolean } {
  const index = functionIndexOf(rt.mem, v);
  const info = rt.functionNames[index];
  if (info === undefined) throw new JitError('INVARIANT', `function index ${index} is outside the table`, {});
  return typeof info === 'string' ? { name: info, length: 0, arrow: false }
    : { name: info.name, length: info.length, arrow: info.arrow === true };
}

/** The header address of an object or function box. */
function headerOf(v: bigint): number {
  return tagOf(v) === 'function' ? functionAddr(v) : objectAddr(v);
}

/**
 * Function `fn`'s `prototype`: its own property, made on first use for a non-arrow function (a
 * new object whose non-enumerable `constructor` is `fn`, ECMA-262 10.2.5 MakeConstructor), as
 * if it had been there from the start (nothing can observe the difference).
 */
function ownPrototype(rt: Runtime, fn: bigint): bigint | undefined {
  const objects = objectsOf(rt);
  const addr = functionAddr(fn);
  const own = objects.get(addr, 'prototype');
  if (own !== undefined || functionInfo(rt, fn).arrow) return own;
  const proto = objects.alloc(1);
  objects.set(proto, 'constructor', fn, false);
  objects.set(addr, 'prototype', boxObject(proto), false);
  return boxObject(proto);
}

/** Own property `name` of function `fn` (`length` and `name` from its table entry), or undefined. */
function ownFunctionProperty(rt: Runtime, fn: bigint, name: string): bigint | undefined {
  if (name === 'length') return boxDouble(functionInfo(rt, fn).length);
  if (name === 'name') return boxString(rt.heap.allocString(functionInfo(rt, fn).name));
  if (name === 'prototype') return ownPrototype(rt, fn);
  return objectsOf(rt).get(functionAddr(fn), name);
}

/**
 * `v[name]` for an object or function `v`: its own property, else the first one up its
 * prototype chain; at the builtin prototype the name is refused if that prototype has it
 * (a method of Object.prototype or Function.prototype), else undefined.
 */
export function getInherited(rt: Runtime, v: bigint, name: string): bigint {
  const objects = objectsOf(rt);
  let holder = v;
  for (let hops = 0; hops < MAX_CHAIN; hops++) {
    const isFunction = tagOf(holder) === 'function';
    const own = isFunction ? ownFunctionProperty(rt, holder, name) : objects.get(objectAddr(holder), name);
    if (own !== undefined) return own;
    if (name === 'stack' && !isFunction && errorPrototypeKind(rt.heap, objectAddr(holder)) !== undefined) {
      throw new UnsupportedAtRunTimeError("an Error's stack (node's names its files and lines)");
    }
    const proto = objects.proto(headerOf(holder));
    if (proto === NULL) return UNDEFINED;
    if (proto === BUILTIN_PROTO) {
      if (name in (isFunction ? Function.prototype : Object.prototype)) {
        const kind = isFunction ? 'a function' : 'an object';
        throw new UnsupportedAtRunTimeError(`property ${JSON.stringify(name)} of ${kind}`);
      }
      return UNDEFINED;
    }
    rt.meter?.charge(1);
    holder = proto;
  }
  throw new JitError('INVARIANT', `a prototype chain longer than ${MAX_CHAIN}`, {});
}

/**
 * `fn[name] = value` (sloppy mode). `prototype` and new names are own data properties; a name
 * Function.prototype or the function itself has as a builtin (`name`, `length`, `call`,
 * `apply`, `bind`, `toString`, `arguments`, `caller`, ...) is refused: its attributes and what
 * the methods would then do are not modelled.
 */
export function setFunctionProperty(rt: Runtime, fn: bigint, name: string, value: bigint): void {
  const objects = objectsOf(rt);
  const addr = functionAddr(fn);
  if (name === 'prototype') {
    // The lazily made one first, so that the assignment keeps its place and non-enumerability
    // (an arrow has none: the assignment makes a new, enumerable property).
    ownPrototype(rt, fn);
    objects.set(addr, name, value);
    return;
  }
  // Function.prototype has `name`, `length`, `arguments` and `caller` too (ECMA-262 20.2.3).
  if (objects.get(addr, name) === undefined && (name in Function.prototype || name === 'toJSON')) {
    throw new UnsupportedAtRunTimeError(`assignment to property ${JSON.stringify(name)} of a function`);
  }
  objects.set(addr, name, value);
}

/**
 * The object `new fn(...)` passes as `this` (ECMA-262 10.1.13 OrdinaryCreateFromConstructor):
 * its prototype is `fn.prototype` when that is an object or function, else Object.prototype.
 * node's TypeError names the callee (`text()`) when `fn` is not a constructor (not a function, or
 * an arrow).
 */
export function newObject(rt: Runtime, fn: bigint, text: () => string): bigint {
  if (tagOf(fn) !== 'function' || functionInfo(rt, fn).arrow) throw new GuestError('TypeError', `${text()} is not a constructor`);
  const proto = getInherited(rt, fn, 'prototype');
  const kind = tagOf(proto);
  return boxObject(objectsOf(rt).alloc(0, kind === 'object' || kind === 'function' ? proto : BUILTIN_PROTO));
}

/** `v instanceof fn` (ECMA-262 13.10.2 InstanceofOperator, 20.2.3.6 OrdinaryHasInstance), node's TypeErrors included. */
export function instanceOf(rt: Runtime, v: bigint, fn: bigint): bigint {
  const fnKind = tagOf(fn);
  // No guest object has a Symbol.hasInstance (the subset has no symbols): only a function is callable.
  if (fnKind === 'object' || fnKind === 'array') throw new GuestError('TypeError', "Right-hand side of 'instanceof' is not callable");
  if (fnKind !== 'function') throw new GuestError('TypeError', "Right-hand side of 'instanceof' is not an object");
  const kind = tagOf(v);
  if (kind !== 'object' && kind !== 'function' && kind !== 'array') return FALSE; // a primitive: before reading fn.prototype
  const proto = getInherited(rt, fn, 'prototype');
  const protoKind = tagOf(proto);
  if (protoKind !== 'object' && protoKind !== 'function') {
    throw new GuestError('TypeError', `Function has non-object prototype '${String(hostConversion(rt).convert(proto))}' in instanceof check`);
  }
  // An array's chain is the host's (Array.prototype, Object.prototype), a function's starts at
  // Function.prototype: no guest object is on either.
  return kind === 'object' && onChain(rt, v, proto) ? TRUE : FALSE;
}

/** Whether `proto` (an object or function box) is on the prototype chain of object `v`. */
export function onChain(rt: Runtime, v: bigint, proto: bigint): boolean {
  const objects = objectsOf(rt);
  let p = objects.proto(objectAddr(v));
  for (let hops = 0; hops < MAX_CHAIN && p !== BUILTIN_PROTO && p !== NULL; hops++) {
    if (p === proto) return true;
    rt.meter?.charge(1);
    p = objects.proto(headerOf(p));
  }
  return false;
}

/**
 * Whether object `v` has property `name`, own or up its guest prototype chain (for-in skips a
 * key deleted before its turn; the builtin prototype at the end has no enumerable property).
 */
export function hasGuestProperty(rt: Runtime, v: bigint, name: string): boolean {
  const objects = objectsOf(rt);
  let holder = v;
  for (let hops = 0; hops < MAX_CHAIN; hops++) {
    if (objects.get(headerOf(holder), name) !== undefined) return true;
    const proto = objects.proto(headerOf(holder));
    if (proto === NULL || proto === BUILTIN_PROTO) return false;
    rt.meter?.charge(1);
    holder = proto;
  }
  throw new JitError('INVARIANT', `a prototype chain longer than ${MAX_CHAIN}`, {});
}

/**
 * `Object.create(proto)` (ECMA-262 20.1.2.2): a new object whose prototype is `proto`, an
 * object, a function or null; node's TypeError otherwise. The second argument (property
 * descriptors) is refused: attributes are not modelled.
 */
export function objectCreate(rt: Runtime, args: readonly bigint[]): bigint {
  const proto = args[0] ?? UNDEFINED;
  const kind = tagOf(proto);
  if (kind !== 'object' && kind !== 'function' && kind !== 'null') {
    if (kind === 'array') throw new UnsupportedAtRunTimeError('Object.create with an array as the prototype');
    throw new GuestError('TypeError', `Object prototype may only be an Object or null: ${String(hostConversion(rt).convert(proto))}`);
  }
  if (args.length > 1 && args[1] !== UNDEFINED) throw new UnsupportedAtRunTimeError('Object.create with property descriptors');
  return boxObject(objectsOf(rt).alloc(0, proto));
}

/**
 * `Object.getPrototypeOf(v)` for an object whose prototype is in the guest heap (or null); the
 * builtin prototypes (Object.prototype, Function.prototype, Array.prototype, ...) are not
 * values here: refused.
 */
export function getPrototypeOf(rt: Runtime, args: readonly bigint[]): bigint {
  const v = args[0] ?? UNDEFINED;
  const kind = tagOf(v);
  if (kind === 'undefined' || kind === 'null') throw new GuestError('TypeError', 'Cannot convert undefined or null to object');
  if (kind === 'object' || kind === 'function') {
    const proto = objectsOf(rt).proto(headerOf(v));
    if (proto !== BUILTIN_PROTO) return proto;
  }
  throw new UnsupportedAtRunTimeError(`Object.getPrototypeOf of ${kind === 'double' ? 'a number' : `a value whose prototype is a builtin one`}`);
}
