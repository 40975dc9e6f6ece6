/**
 * Guest values <-> host JavaScript values, so that the runtime computes with node's own
 * semantics (docs/jit-design.md, "The runtime"). A guest function becomes a host stand-in with
 * the guest function's name and parameter count, which util.inspect prints exactly as node
 * prints the declared function (`[Function: f]`, and under `%o` its `[length]`).
 *
 * Known gap: `util.format('%s', f)` prints a function's source text, which a stand-in does not
 * have (it prints `function anonymous(\n) {...}`); exactness there needs the guest source.
 */
import { JitError, assert } from '../errors.js';
import { GuestHeap, readArraySlots, readString, type GuestMemory } from './heap.js';
import {
  FALSE, HOLE, NULL, TRUE, UNDEFINED, arrayAddr, boxArray, boxDouble, boxFunction, boxString,
  functionIndex, stringAddr, tagOf, unboxDouble,
} from './values.js';

/** A host function standing in for a guest function. */
export type HostFunction = (...args: never[]) => never;

/** A host value of the subset's types (arrays may have holes and cycles). */
export type HostValue = number | string | boolean | null | undefined | HostFunction | HostValue[];

/** A function-table entry as the printer needs it: a name, or a name and a parameter count. */
export type FunctionInfo = string | { readonly name: string; readonly length: number };

/** The function-table index of every stand-in toHost made, for fromHost. */
const standInIndex = new WeakMap<HostFunction, number>();

/** A host function that util.inspect prints as the guest function `info` (index `index`). */
function standIn(info: FunctionInfo, index: number): HostFunction {
  const name = typeof info === 'string' ? info : info.name;
  const length = typeof info === 'string' ? 0 : info.length;
  // The Function constructor makes a sloppy-mode function, as the subset's functions are (a
  // function written in this ES module would be strict and lack the own `arguments` and
  // `caller` that `%o` prints). The body is a constant: no guest text is ever evaluated.
  const fn = new Function('throw new Error("host stand-in of a guest function called")') as HostFunction;
  // Same attributes as a declared function's own name and length (ECMA-262 10.2.8, 10.2.9).
  Object.defineProperty(fn, 'name', { value: name, writable: false, enumerable: false, configurable: true });
  Object.defineProperty(fn, 'length', { value: length, writable: false, enumerable: false, configurable: true });
  standInIndex.set(fn, index);
  return fn;
}

/** Converts one boxed guest value to a host value; arrays keep holes, sharing and cycles. */
export function toHost(v: bigint, mem: GuestMemory, functionNames: readonly FunctionInfo[]): HostValue {
  return new ToHost(mem, functionNames).convert(v);
}

/** A conversion that maps each guest array and function to one host object. */
export class ToHost {
  private readonly arrays = new Map<number, HostValue[]>();
  private readonly functions = new Map<number, HostFunction>();
  constructor(private readonly mem: GuestMemory, private readonly functionNames: readonly FunctionInfo[]) {}

  /** The host value of boxed `v`. */
  convert(v: bigint): HostValue {
    switch (tagOf(v)) {
      case 'double': return unboxDouble(v);
      case 'undefined': return undefined;
      case 'null': return null;
      case 'boolean': return v === TRUE;
      case 'string': return readString(this.mem, stringAddr(v));
      case 'array': return this.array(arrayAddr(v));
      case 'function': return this.fn(functionIndex(v));
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
    return out;
  }

  private fn(index: number): HostFunction {
    const info = this.functionNames[index];
    assert(info !== undefined, `function index ${index} is outside the table of ${this.functionNames.length}`);
    let f = this.functions.get(index);
    if (f === undefined) this.functions.set(index, (f = standIn(info, index)));
    return f;
  }
}

/** Boxes a host value, allocating strings and arrays in `heap`; functions must be toHost stand-ins. */
export function fromHost(x: HostValue, heap: GuestHeap): bigint {
  return fromHostMemo(x, heap, new Map());
}

function fromHostMemo(x: HostValue, heap: GuestHeap, arrays: Map<HostValue[], number>): bigint {
  if (x === undefined) return UNDEFINED;
  if (x === null) return NULL;
  switch (typeof x) {
    case 'number': return boxDouble(x);
    case 'boolean': return x ? TRUE : FALSE;
    case 'string': return boxString(heap.allocString(x));
    case 'function': {
      const index = standInIndex.get(x);
      assert(index !== undefined, `fromHost: host function ${x.name} is not a guest function`);
      return boxFunction(index);
    }
    default: return boxArray(arrayFromHost(x, heap, arrays));
  }
}

function arrayFromHost(x: HostValue[], heap: GuestHeap, arrays: Map<HostValue[], number>): number {
  const seen = arrays.get(x);
  if (seen !== undefined) return seen;
  const addr = heap.allocArray(x.length);
  arrays.set(x, addr);
  for (let i = 0; i < x.length; i++) {
    if (Object.hasOwn(x, i)) heap.arraySet(addr, i, fromHostMemo(x[i], heap, arrays));
  }
  return addr;
}
