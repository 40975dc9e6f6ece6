/**
 * Guest values <-> host JavaScript values, so that the runtime computes with node's own
 * semantics (docs/jit-design.md, "The runtime"). A guest function becomes a host stand-in with
 * the guest function's name and parameter count, which util.inspect prints exactly as node
 * prints the declared function (`[Function: f]`, and under `%o` its `[length]`). When the
 * declaration's source text is known, the stand-in also converts to it (`'' + f`, `%s`), as
 * Function.prototype.toString would. A guest array becomes a host array with its holes and
 * with its named properties (array-properties.ts) as own properties, so util.inspect prints
 * `[ 1, '-1': 5 ]` as node does. A guest object becomes a plain host object with its own
 * properties (objects.ts), so util.inspect, ToPrimitive (`[object Object]`), `typeof` and `in`
 * are node's own.
 *
 * Known gap: without the source text, `util.format('%s', f)` prints the stand-in's own text
 * (`function anonymous(\n) {...}`); the operators refuse instead (builtins.ts).
 */
import { JitError, assert } from '../errors.js';
import { arrayIndex, arrayProperties, type ArrayProperties } from './array-properties.js';
import { GuestHeap, readArraySlots, readString, type GuestMemory } from './heap.js';
import { BUILTIN_PROTO, type GuestObjects } from './objects.js';
import { EMPTY_SHAPE } from './shapes.js';
import { errorPrototypeKind } from './error-prototypes.js';
import type { WorkMeter } from './work-meter.js';
import {
  FALSE, HOLE, NULL, TRUE, UNDEFINED, arrayAddr, boxArray, boxDouble, boxObject, boxString,
  functionAddr, objectAddr, stringAddr, tagOf, unboxDouble,
} from './values.js';
import { functionIndexOf } from './functions.js';

/** A host function standing in for a guest function. */
export type HostFunction = (...args: never[]) => never;

/** A host value of the subset's types (arrays may have holes, cycles and named properties). */
export type HostValue = number | string | boolean | null | undefined | HostFunction | HostValue[] | HostObject;

/** A plain host object standing for a guest object (own enumerable data properties only). */
export interface HostObject {
  [name: string]: HostValue;
}

/**
 * A function-table entry: a name, or a name, a parameter count and, when known, the source text
 * Function.prototype.toString gives for the declaration (ECMA-262 20.2.3.5: the source from
 * `function` to the closing `}`).
 */
export type FunctionInfo = string | {
  readonly name: string;
  readonly length: number;
  readonly source?: string | undefined;
  /** An arrow function: its stand-in is an arrow too (no own `prototype`, `arguments`, `caller`, which `%o` lists). */
  readonly arrow?: boolean;
};

/** The guest box of every stand-in toHost made, for fromHost. */
const standInBox = new WeakMap<HostFunction, bigint>();

/** The source text of every stand-in whose guest function's text is known. */
const sourceText = new WeakMap<HostFunction, string>();

/**
 * The prototype of a stand-in with a known source text: Function.prototype plus a
 * Symbol.toPrimitive giving that text. For a declared function every hint ends there
 * (OrdinaryToPrimitive: valueOf returns the function itself, an object, so toString decides),
 * and the guest cannot replace either method. The own `constructor` keeps util.inspect's output
 * as it is for a declared function: inspect names the constructor from the first prototype with
 * an own `constructor`, and under showHidden (`%o`) it would list the properties of any
 * prototype passed on the way (node lib/internal/util/inspect.js, getConstructorName).
 */
const WITH_SOURCE: object = Object.create(Function.prototype, {
  constructor: { value: Function, writable: true, enumerable: false, configurable: true },
  [Symbol.toPrimitive]: {
    value: function toPrimitive(this: HostFunction): string {
      const text = sourceText.get(this);
      assert(text !== undefined, `stand-in ${this.name} has no source text`);
      return text;
    },
    writable: false, enumerable: false, configurable: true,
  },
});

/** A host function that util.inspect prints as the guest function `info` (boxed `box`). */
function standIn(info: FunctionInfo, box: bigint): HostFunction {
  const name = typeof info === 'string' ? info : info.name;
  const length = typeof info === 'string' ? 0 : info.length;
  // The Function constructor makes a sloppy-mode function, as the subset's functions are (a
  // function written in this ES module would be strict and lack the own `arguments` and
  // `caller` that `%o` prints). The body is a constant: no guest text is ever evaluated.
  const arrow = typeof info !== 'string' && info.arrow === true;
  const fn = (arrow ? new Function('return () => { throw new Error("host stand-in of a guest function called"); };')()
    : new Function('throw new Error("host stand-in of a guest function called")')) as HostFunction;
  // Same attributes as a declared function's own name and length (ECMA-262 10.2.8, 10.2.9).
  Object.defineProperty(fn, 'name', { value: name, writable: false, enumerable: false, configurable: true });
  Object.defineProperty(fn, 'length', { value: length, writable: false, enumerable: false, configurable: true });
  standInBox.set(fn, box);
  const source = typeof info === 'string' ? undefined : info.source;
  if (source !== undefined) {
    sourceText.set(fn, source);
    Object.setPrototypeOf(fn, WITH_SOURCE);
  }
  return fn;
}

/** Whether `x` is a stand-in without a source text, or an array whose elements (transitively) hold one. */
export function holdsUnknownText(x: HostValue, seen: Set<HostValue[]> = new Set()): boolean {
  if (typeof x === 'function') return !sourceText.has(x);
  if (!Array.isArray(x) || seen.has(x)) return false;
  seen.add(x);
  return x.some((e) => holdsUnknownText(e, seen));
}

/**
 * Converts one boxed guest value to a host value; arrays keep holes, sharing, cycles and the
 * named properties in `props` (none when it is omitted).
 */
export function toHost(v: bigint, mem: GuestMemory, functionNames: readonly FunctionInfo[], props?: ArrayProperties): HostValue {
  return new ToHost(mem, functionNames, props).convert(v);
}

/** A conversion that maps each guest array and function to one host object. */
export class ToHost {
  /** Host array made for each guest array header address (sharing and cycles). */
  private readonly arrays = new Map<number, HostValue[]>();
  /** Host object made for each guest object header address. */
  private readonly objects = new Map<number, HostObject>();
  /** Stand-in made for each function object address. */
  private readonly functions = new Map<number, HostFunction>();
  /** Whether an error object was converted (util.inspect would print the stack node captured). */
  sawError = false;
  constructor(
    private readonly mem: GuestMemory,
    private readonly functionNames: readonly FunctionInfo[],
    /** The named properties of the guest heap's arrays. */
    private readonly props?: ArrayProperties,
    /** Charged 1 step per named property converted (work-meter.ts; memory reads charge themselves). */
    private readonly meter?: WorkMeter,
    /** The guest heap's objects (needed once a guest object is converted). */
    private readonly guestObjects?: GuestObjects,
  ) {}

  /**
   * Every host array and object this conversion made, with the guest value it stands for: a
   * host result holding one of them is that very guest value again (fromHost's `known`).
   */
  known(): Map<object, bigint> {
    const m = new Map<object, bigint>();
    for (const [addr, h] of this.arrays) m.set(h, boxArray(addr));
    for (const [addr, h] of this.objects) m.set(h, boxObject(addr));
    return m;
  }

  /** The host value of boxed `v`. */
  convert(v: bigint): HostValue {
    switch (tagOf(v)) {
      case 'double': return unboxDouble(v);
      case 'undefined': return undefined;
      case 'null': return null;
      case 'boolean': return v === TRUE;
      case 'string': return readString(this.mem, stringAddr(v));
      case 'array': return this.array(arrayAddr(v));
      case 'function': return this.fn(v);
      case 'object': return this.object(objectAddr(v));
      case 'hole': throw new JitError('INVARIANT', 'toHost: HOLE is not a value', {});
    }
  }

  private array(addr: number): HostValue[] {
    const seen = this.arrays.get(addr);
    if (seen !== undefined) return seen;
    const slots = readArraySlots(this.mem, addr);
    const out: HostValue[] = new Array<HostValue>(slots.length);
    this.arrays.set(addr, out);
    slots.forEach((s, i) => {
      if (s !== HOLE) out[i] = this.convert(s);
    });
    // After the elements, in creation order: node lists the names after the indices too. No
    // name is an index, `length` or a prototype's property (elements.ts refuses those).
    for (const [name, v] of this.props?.entries(addr) ?? []) {
      this.meter?.charge(1);
      Object.defineProperty(out, name, { value: this.convert(v), writable: true, enumerable: true, configurable: true });
    }
    return out;
  }

  private object(addr: number): HostObject {
    const seen = this.objects.get(addr);
    if (seen !== undefined) return seen;
    const objects = this.objectSpace();
    // The same prototype chain: util.inspect names an object by the first `constructor` up it
    // (`Point { x: 1 }`), and for-in walks it.
    const proto = objects.proto(addr);
    // An error prototype stands on the host's own (TypeError.prototype, ...): `'' + e` is then
    // Error.prototype.toString's text.
    const error = errorPrototypeKind(objects.heap, addr);
    if (error !== undefined) this.sawError = true;
    const out: HostObject = error !== undefined ? Object.create(globalThis[error].prototype) as HostObject
      : proto === BUILTIN_PROTO ? {} : Object.create(proto === NULL ? null : this.convert(proto) as object) as HostObject;
    this.objects.set(addr, out);
    this.ownProperties(addr, out);
    return out;
  }

  /** The guest heap's objects; an object or a function with properties needs them. */
  private objectSpace(): GuestObjects {
    if (this.guestObjects === undefined) throw new JitError('INVARIANT', 'toHost of an object without the heap\'s objects', {});
    return this.guestObjects;
  }

  /** Defines the own properties of the guest object (or function) at `addr` on `out`. */
  private ownProperties(addr: number, out: object): void {
    // defineProperty, not assignment: a name like `__proto__` is then an own data property, as
    // in the guest (objects.ts refuses such names anyway).
    for (const [name, v, enumerable] of this.objectSpace().entries(addr)) {
      this.meter?.charge(1);
      Object.defineProperty(out, name, { value: this.convert(v), writable: true, enumerable, configurable: name !== 'prototype' });
    }
  }

  private fn(v: bigint): HostFunction {
    const addr = functionAddr(v);
    let f = this.functions.get(addr);
    if (f !== undefined) return f;
    const index = functionIndexOf(this.mem, v);
    const info = this.functionNames[index];
    assert(info !== undefined, `function index ${index} is outside the table of ${this.functionNames.length}`);
    this.functions.set(addr, (f = standIn(info, v)));
    // Its own properties (`[Function: F] { x: 1 }`), its `prototype` among them once made: the
    // prototype object's `constructor` is then this stand-in, and util.inspect's instanceof
    // check of a constructor name holds exactly when it holds in the guest.
    if (this.guestObjects !== undefined && this.guestObjects.shapeId(addr) !== EMPTY_SHAPE) this.ownProperties(addr, f);
    return f;
  }
}

/**
 * Boxes a host value, allocating strings, arrays and objects in `heap` (an array's own
 * enumerable non-index properties become its named properties; a plain object's own enumerable
 * properties its properties, which needs `objects`); functions must be toHost stand-ins. A host
 * array or object in `known` (ToHost.known) is the guest value it came from, not a copy.
 */
export function fromHost(x: HostValue, heap: GuestHeap, objects?: GuestObjects, known?: ReadonlyMap<object, bigint>): bigint {
  return fromHostMemo(x, heap, new Map(known), objects);
}

function fromHostMemo(x: HostValue, heap: GuestHeap, seen: Map<object, bigint>, objects: GuestObjects | undefined): bigint {
  if (x === undefined) return UNDEFINED;
  if (x === null) return NULL;
  switch (typeof x) {
    case 'number': return boxDouble(x);
    case 'boolean': return x ? TRUE : FALSE;
    case 'string': return boxString(heap.allocString(x));
    case 'function': {
      const box = standInBox.get(x);
      assert(box !== undefined, `fromHost: host function ${x.name} is not a guest function`);
      return box;
    }
    default: {
      const known = seen.get(x);
      if (known !== undefined) return known;
      return Array.isArray(x) ? arrayFromHost(x, heap, seen, objects) : objectFromHost(x, heap, seen, objects);
    }
  }
}

function arrayFromHost(x: HostValue[], heap: GuestHeap, seen: Map<object, bigint>, objects: GuestObjects | undefined): bigint {
  const addr = heap.allocArray(x.length);
  const box = boxArray(addr);
  seen.set(x, box);
  for (let i = 0; i < x.length; i++) {
    if (Object.hasOwn(x, i)) heap.arraySet(addr, i, fromHostMemo(x[i], heap, seen, objects));
  }
  const record = x as unknown as Record<string, HostValue>;
  for (const name of Object.keys(x)) {
    if (arrayIndex(name) === null) arrayProperties(heap).set(addr, name, fromHostMemo(record[name], heap, seen, objects));
  }
  return box;
}

function objectFromHost(x: HostObject, heap: GuestHeap, seen: Map<object, bigint>, objects: GuestObjects | undefined): bigint {
  assert(objects !== undefined && objects.heap === heap, 'fromHost of an object without the heap\'s objects');
  assert(Object.getPrototypeOf(x) === Object.prototype, 'fromHost of an object that is not plain');
  const names = Object.keys(x);
  const addr = objects.alloc(names.length);
  const box = boxObject(addr);
  seen.set(x, box);
  for (const name of names) objects.set(addr, name, fromHostMemo(x[name], heap, seen, objects));
  return box;
}
