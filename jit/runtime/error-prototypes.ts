/**
 * Which guest objects are the error prototypes of a heap (guest-errors.ts makes them): the
 * host conversion and the prototype walk ask, without depending on the runtime that makes them.
 */
import type { ErrorName } from '../frontend/builtins.js';
import type { GuestHeap } from './heap.js';

interface Table {
  readonly byKind: Map<ErrorName, number>;
  readonly byAddr: Map<number, ErrorName>;
}

const tables = new WeakMap<GuestHeap, Table>();

/** The error prototypes of `heap`: kind -> header address, and back. */
export function errorPrototypes(heap: GuestHeap): Table {
  let t = tables.get(heap);
  if (t === undefined) tables.set(heap, (t = { byKind: new Map(), byAddr: new Map() }));
  return t;
}

/** The kind of error prototype at `addr` of `heap`, or undefined when it is not one. */
export function errorPrototypeKind(heap: GuestHeap, addr: number): ErrorName | undefined {
  return tables.get(heap)?.byAddr.get(addr);
}
