/**
 * The named properties of guest arrays: every own property that is neither an array index nor
 * `length` (`a[-1] = 5`, `a['foo'] = 1`, `a[4294967295] = 2`). Compiled code never reads them
 * (its fast paths handle only indices), so they live on the host side: one table per guest heap
 * (each executor has its own), keyed by array header address (which never changes, heap.ts). Each array's names keep their
 * insertion order, as node keeps a non-index key's order (ECMA-262 10.1.11.1
 * OrdinaryOwnPropertyKeys: indices ascending, then strings in creation order); nothing deletes
 * a property (the subset has no `delete`).
 */
import { assert } from '../errors.js';
import { MAX_ARRAY_LENGTH, type GuestHeap } from './heap.js';

/** The index a property name denotes (a canonical array index below 2^32 - 1), or null. */
export function arrayIndex(name: string): number | null {
  const n = Number(name);
  return Number.isInteger(n) && n >= 0 && n < MAX_ARRAY_LENGTH && String(n) === name ? n : null;
}

/** The named (non-index) properties of the arrays of one guest heap. */
export class ArrayProperties {
  /** Array header address -> property name -> boxed value, in creation order. */
  private readonly byArray = new Map<number, Map<string, bigint>>();

  /** The boxed value of property `name` of the array at `addr`, or undefined if it has none. */
  get(addr: number, name: string): bigint | undefined {
    return this.byArray.get(addr)?.get(name);
  }

  /** Sets property `name` (not an array index) of the array at `addr`; a new name goes last. */
  set(addr: number, name: string, value: bigint): void {
    assert(arrayIndex(name) === null && name !== 'length', `array property ${JSON.stringify(name)} is not a named property`);
    let props = this.byArray.get(addr);
    if (props === undefined) this.byArray.set(addr, (props = new Map()));
    props.set(name, value);
  }

  /** Whether the array at `addr` has any named property. */
  has(addr: number): boolean {
    return this.byArray.has(addr);
  }

  /** The named properties of the array at `addr`, in creation order. */
  entries(addr: number): ReadonlyMap<string, bigint> {
    return this.byArray.get(addr) ?? EMPTY;
  }
}

const EMPTY: ReadonlyMap<string, bigint> = new Map();

/** The table of each guest heap, made on first use. */
const tables = new WeakMap<GuestHeap, ArrayProperties>();

/** The named-property table of the arrays of `heap`. */
export function arrayProperties(heap: GuestHeap): ArrayProperties {
  let t = tables.get(heap);
  if (t === undefined) tables.set(heap, (t = new ArrayProperties()));
  return t;
}
