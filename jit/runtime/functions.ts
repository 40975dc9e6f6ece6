/**
 * Function objects in the guest heap (docs/jit-design.md, "Functions and closures"): a function
 * value is a box (tag 0xFFFE) of the address of
 *
 *   +0  u64 shape id   \
 *   +8  u64 slots       | an object header (objects.ts), for the function's own properties
 *   +16 u64 capacity    | (its `prototype` is made on first use, elements.ts)
 *   +24 u64 prototype  /  (0: Function.prototype)
 *   +32 u64 function index (into the function table of the code)
 *   +40 u64 context address (the closure's captured variables; 0 for none)
 *
 * so two closures of one function are two values (`===` compares the boxes), as in node. A call
 * reads the index (for `call [table + 8*index]`) and passes the object to the callee in R10.
 */
import { assert } from '../errors.js';
import type { GuestHeap, GuestMemory } from './heap.js';
import { EMPTY_SHAPE } from './shapes.js';
import { BUILTIN_PROTO, OBJECT_CAPACITY, OBJECT_HEADER, OBJECT_PROTO, OBJECT_SHAPE, OBJECT_SLOTS } from './objects.js';
import { HOLE, UNDEFINED, boxFunction, functionAddr } from './values.js';

/** Offsets of a function object's own fields, after its object header. */
export const FUNCTION_INDEX = OBJECT_HEADER;
export const FUNCTION_CONTEXT = OBJECT_HEADER + 8;
/** Size of a function object, in bytes. */
export const FUNCTION_OBJECT = OBJECT_HEADER + 16;

/** A new function object for function `index` closing over `context`; returns its box. */
export function allocFunction(heap: GuestHeap, index: number, context: number): bigint {
  assert(Number.isSafeInteger(index) && index >= 0, `function index ${index}`);
  const addr = heap.alloc(FUNCTION_OBJECT);
  const bytes = new Uint8Array(FUNCTION_OBJECT);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(OBJECT_SHAPE, BigInt(EMPTY_SHAPE), true);
  view.setBigUint64(OBJECT_SLOTS, 0n, true);
  view.setBigUint64(OBJECT_CAPACITY, 0n, true);
  view.setBigUint64(OBJECT_PROTO, BUILTIN_PROTO, true);
  view.setBigUint64(FUNCTION_INDEX, BigInt(index), true);
  view.setBigUint64(FUNCTION_CONTEXT, BigInt(context), true);
  heap.mem.write(addr, bytes);
  return boxFunction(addr);
}

/** The function index of boxed function `v`. */
export function functionIndexOf(mem: GuestMemory, v: bigint): number {
  return Number(mem.read64(functionAddr(v) + FUNCTION_INDEX));
}

/** The context address of boxed function `v` (0 for none). */
export function functionContextOf(mem: GuestMemory, v: bigint): number {
  return Number(mem.read64(functionAddr(v) + FUNCTION_CONTEXT));
}

/**
 * A context: the captured variables of one call of a function (docs/jit-design.md, "Functions
 * and closures"), `+0` the parent context's address (0 for none), then one boxed word each.
 */
export const CONTEXT_PARENT = 0;
export const CONTEXT_WORDS = 8;

/** A new context of `holes.length` words under `parent` (each HOLE where `holes` says, else undefined). */
export function allocContext(heap: GuestHeap, parent: number, holes: readonly boolean[]): number {
  const addr = heap.alloc(CONTEXT_WORDS + 8 * holes.length);
  const bytes = new Uint8Array(CONTEXT_WORDS + 8 * holes.length);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(CONTEXT_PARENT, BigInt(parent), true);
  holes.forEach((h, i) => view.setBigUint64(CONTEXT_WORDS + 8 * i, h ? HOLE : UNDEFINED, true));
  heap.mem.write(addr, bytes);
  return addr;
}
