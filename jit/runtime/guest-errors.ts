/**
 * Error objects in the guest heap (docs/jit-design.md, "Exceptions"): what `new TypeError(m)`
 * makes, and what the runtime throws where node would throw (a GuestError becomes one, so
 * `catch (e)` gets node's TypeError with node's message). Each executor heap holds, made on
 * first use, Error.prototype (non-enumerable `name` 'Error' and `message` '') and one
 * prototype per NativeError under it (its own `name`), ECMA-262 20.5.3 and 20.5.6.3. An error
 * is a plain object on that chain with a non-enumerable own `message` when one was given.
 *
 * The host conversion (host-values.ts) turns these prototypes into objects on the host's own
 * error prototypes, so `'' + e` is Error.prototype.toString's `TypeError: m`. What node would
 * print or read from the stack it captured (`console.log(e)`, `e.stack`) names node's files
 * and lines: refused at run time.
 */
import { ERROR_NAMES, type ErrorName } from '../frontend/builtins.js';
import { assert } from '../errors.js';
import { errorPrototypes } from './error-prototypes.js';
import { onChain } from './prototypes.js';
import { BUILTIN_PROTO } from './objects.js';
import { GuestError, hostConversion, objectsOf, type Runtime } from './runtime.js';
import { FALSE, TRUE, UNDEFINED, boxObject, boxString, tagOf } from './values.js';

/** The header address of `kind`'s prototype in `rt`'s heap (made on first use). */
export function errorPrototype(rt: Runtime, kind: ErrorName): number {
  const t = errorPrototypes(rt.heap);
  const known = t.byKind.get(kind);
  if (known !== undefined) return known;
  const objects = objectsOf(rt);
  const parent = kind === 'Error' ? BUILTIN_PROTO : boxObject(errorPrototype(rt, 'Error'));
  const addr = objects.alloc(2, parent);
  objects.set(addr, 'name', boxString(rt.heap.allocString(kind)), false);
  if (kind === 'Error') objects.set(addr, 'message', boxString(rt.heap.allocString('')), false);
  t.byKind.set(kind, addr);
  t.byAddr.set(addr, kind);
  return addr;
}

/** A new `kind` error with `message` (ECMA-262 20.5.1.1: ToString of it unless undefined). */
export function newError(rt: Runtime, kind: ErrorName, message: bigint): bigint {
  const objects = objectsOf(rt);
  const addr = objects.alloc(1, boxObject(errorPrototype(rt, kind)));
  if (message !== UNDEFINED) {
    const text = tagOf(message) === 'string' ? message : boxString(rt.heap.allocString(String(hostConversion(rt).convert(message))));
    objects.set(addr, 'message', text, false);
  }
  return boxObject(addr);
}

/** The guest error node would throw for a GuestError of the runtime. */
export function errorOf(rt: Runtime, e: GuestError | { readonly errorName: string; readonly message: string }): bigint {
  const kind = e instanceof GuestError ? e.fields.errorName : e.errorName;
  assert((ERROR_NAMES as readonly string[]).includes(kind), `no error kind ${kind}`);
  return newError(rt, kind as ErrorName, boxString(rt.heap.allocString(e.message)));
}

/** `v instanceof kind`: whether `kind`'s prototype is on `v`'s chain. */
export function errorInstanceOf(rt: Runtime, kind: ErrorName, v: bigint): bigint {
  return tagOf(v) === 'object' && onChain(rt, v, boxObject(errorPrototype(rt, kind))) ? TRUE : FALSE;
}
