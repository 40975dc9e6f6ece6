/**
 * The builtin methods of strings, numbers, booleans and arrays (`s.charCodeAt(i)`,
 * `n.toFixed(2)`, `a.join('-')`): computed by the host's own method on the converted receiver
 * and arguments, so the answer (and any TypeError or RangeError, with its message) is node's.
 * The result comes back with the guest values it holds kept as they were (ToHost.known: `a.slice()`
 * holds the same objects as `a`), and an array method that changes its receiver (`reverse`,
 * `sort`, `splice`, ...) has the host array's new contents written back into the guest array.
 *
 * Only the methods listed run: a method that would call back into compiled code (`map`,
 * `forEach`, `sort(fn)`, `replace(s, fn)`), return an iterator, or depend on the locale is
 * refused at run time (checkMethod, before the arguments are evaluated), as is any argument
 * that is a function.
 */
import { GuestError, UnsupportedAtRunTimeError, hostConversion, hostError, objectsOf, type Runtime } from './runtime.js';
import { fromHost, holdsUnknownText, type HostValue } from './host-values.js';
import { article } from './elements.js';
import { FALSE, TRUE, arrayAddr, functionAddr, tagOf } from './values.js';
import { OBJECT_METHODS } from '../frontend/builtins.js';
import { hasGuestProperty } from './prototypes.js';

/** The methods that run, by receiver kind. */
const METHODS: Readonly<Record<Kind, ReadonlySet<string>>> = {
  object: OBJECT_METHODS,
  // Not toString: Function.prototype.toString of a stand-in is not the guest function's text.
  function: new Set(['hasOwnProperty', 'propertyIsEnumerable']),
  string: new Set([
    'at', 'charAt', 'charCodeAt', 'codePointAt', 'concat', 'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'normalize',
    'padEnd', 'padStart', 'repeat', 'replace', 'replaceAll', 'slice', 'split', 'startsWith', 'substring', 'substr',
    'toLowerCase', 'toUpperCase', 'toString', 'trim', 'trimEnd', 'trimStart', 'valueOf',
  ]),
  double: new Set(['toString', 'toFixed', 'toPrecision', 'toExponential', 'valueOf']),
  boolean: new Set(['toString', 'valueOf']),
  array: new Set([
    'at', 'concat', 'includes', 'indexOf', 'join', 'lastIndexOf', 'slice', 'toString',
    'reverse', 'fill', 'splice', 'shift', 'unshift', 'sort', 'flat',
  ]),
};

/** Array methods that change their receiver: its contents are written back after the call. */
const MUTATING: ReadonlySet<string> = new Set(['reverse', 'fill', 'splice', 'shift', 'unshift', 'sort']);

/** The host prototype each receiver kind's methods come from. */
const PROTOTYPES: Readonly<Record<Kind, object>> = {
  string: String.prototype, double: Number.prototype, boolean: Boolean.prototype, array: Array.prototype,
  object: Object.prototype, function: Function.prototype,
};

/** The receivers builtin methods run on (an object or function only for OBJECT_METHODS without a guest property). */
type Kind = 'string' | 'double' | 'boolean' | 'array' | 'object' | 'function';

function isKind(k: string): k is Kind {
  return Object.hasOwn(PROTOTYPES, k);
}

/**
 * Whether object or function `v` has property `name` in the guest heap (own, or up its chain):
 * then `v.name(...)` calls it; otherwise an OBJECT_METHODS builtin runs.
 */
export function guestHas(rt: Runtime, v: bigint, name: string): bigint {
  const kind = tagOf(v);
  if (kind === 'object') return hasGuestProperty(rt, v, name) ? TRUE : FALSE;
  if (kind === 'function') return objectsOf(rt).get(functionAddr(v), name) !== undefined ? TRUE : FALSE;
  return FALSE;
}

/** `a` or `an`, for a kind of value. */
function spelled(kind: string): string {
  return kind === 'double' ? 'a number' : `${article(kind)} ${kind}`;
}

/**
 * Before the arguments of `v.name(...)` (v not an object or function): node's TypeError for
 * null and undefined, a refusal for a method that does not run here.
 */
export function checkMethod(v: bigint, name: string): void {
  const kind = tagOf(v);
  if (kind === 'undefined' || kind === 'null') throw new GuestError('TypeError', `Cannot read properties of ${kind} (reading '${name}')`);
  if (!isKind(kind)) throw new UnsupportedAtRunTimeError(`method .${name} of ${spelled(kind)}`);
  // Not a method of this kind at all (`'s'.join()`): node evaluates the arguments, then throws
  // a TypeError naming the callee; callMethod refuses there.
  if (!METHODS[kind].has(name) && name in PROTOTYPES[kind]) {
    throw new UnsupportedAtRunTimeError(`.${name} of ${spelled(kind)} (${callbackNote(name)})`);
  }
}

function callbackNote(name: string): string {
  const callbacks = ['map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap'];
  return callbacks.includes(name) ? 'callbacks into compiled code are not built yet' : 'not among the methods pkjit runs';
}

/** `v.name(...args)` for a string, number, boolean or array `v` (checkMethod passed). */
export function callMethod(rt: Runtime, v: bigint, name: string, args: readonly bigint[]): bigint {
  const kind = tagOf(v);
  if (!isKind(kind)) throw new UnsupportedAtRunTimeError(`method .${name} of ${spelled(kind)}`);
  const conv = hostConversion(rt);
  const receiver = conv.convert(v);
  // An object's method is found up its host chain, which ends where the guest's does (an
  // error's toString is Error.prototype's); the other kinds' on their prototype.
  const holder = kind === 'object' ? receiver as object : PROTOTYPES[kind];
  const method = (holder as unknown as Record<string, unknown>)[name];
  if (typeof method !== 'function' || !METHODS[kind].has(name)) {
    // node throws `x.name is not a function`, naming the receiver by its source text, which the
    // runtime does not have.
    throw new UnsupportedAtRunTimeError(`.${name} of ${spelled(kind)}, which has no such method`);
  }
  const hostArgs = args.map((a) => conv.convert(a));
  if (hostArgs.some((a) => typeof a === 'function')) {
    throw new UnsupportedAtRunTimeError(`a function passed to .${name} (callbacks into compiled code are not built yet)`);
  }
  // A function's text is only known from its source: without it a conversion to string would differ.
  if (holdsUnknownText(receiver) || hostArgs.some((a) => holdsUnknownText(a))) {
    throw new UnsupportedAtRunTimeError(`.${name} on a function whose source text is unknown`);
  }
  let result: unknown;
  try {
    result = (method as (...xs: HostValue[]) => unknown).apply(receiver, hostArgs);
  } catch (e) {
    throw hostError(e);
  }
  rt.meter?.charge(Array.isArray(receiver) ? receiver.length : typeof receiver === 'string' ? receiver.length >> 3 : 1);
  const known = conv.known();
  const objects = objectsOf(rt);
  if (kind === 'array' && MUTATING.has(name)) {
    const host = receiver as HostValue[];
    const values = Array.from({ length: host.length }, (_, i) => (Object.hasOwn(host, i) ? fromHost(host[i], rt.heap, objects, known) : null));
    rt.heap.arrayReplace(arrayAddr(v), values);
  }
  return fromHost(result as HostValue, rt.heap, objects, known);
}
