/**
 * Plain objects in the guest heap (docs/jit-design.md, "Objects, shapes and inline caches"):
 *
 *   object @addr (8-aligned)
 *   +0  u64 shape id (shapes.ts; DICTIONARY_SHAPE in dictionary mode)
 *   +8  u64 slots address (0 when the capacity is 0)
 *   +16 u64 slot capacity
 *   +24 u64 prototype: the box of a guest object or function, NULL, or 0 for the builtin one
 *       (Object.prototype for an object, Function.prototype for a function), which the guest
 *       heap does not hold: the runtime refuses the names it has (elements.ts)
 *   slots: capacity x u64 boxed values; the property with slot k is at slots + 8k.
 *
 * The header address is the boxed value's payload and never changes; growing moves only the
 * slots. Compiled code reads and writes slots directly once an inline cache knows the shape
 * (jit/backend/fast-props.ts), so the layout is a contract. A dictionary-mode object keeps its
 * properties in a host-side table of its heap instead, in creation order, and no cache ever
 * matches it. A property is enumerable or not (shapes.ts; a function's `prototype` and a
 * prototype's `constructor` are not). Property order is creation order here; the host object made from it
 * (host-values.ts) orders integer-like keys first as node does (ECMA-262 10.1.11.1).
 */
import { assert } from '../errors.js';
import type { GuestHeap } from './heap.js';
import { DICTIONARY_SHAPE, EMPTY_SHAPE, type Shape, type ShapeTable } from './shapes.js';
import type { WorkMeter } from './work-meter.js';

/** Size of an object header, in bytes. */
export const OBJECT_HEADER = 32;
/** Offsets of the object header fields, in bytes. */
export const OBJECT_SHAPE = 0;
export const OBJECT_SLOTS = 8;
export const OBJECT_CAPACITY = 16;
export const OBJECT_PROTO = 24;
/** The prototype word of an object whose prototype is the builtin one (Object.prototype, Function.prototype). */
export const BUILTIN_PROTO = 0n;
/** Slots of the first slot block of an object that grows from empty. */
const MIN_SLOTS = 4;

/** The plain objects of one guest heap: reads, writes, deletes and the dictionary-mode tables. */
export class GuestObjects {
  /** Header address -> properties, in creation order, of every dictionary-mode object. */
  private readonly dictionaries = new Map<number, Map<string, bigint>>();
  /** Header address -> the non-enumerable properties of a dictionary-mode object. */
  private readonly hidden = new Map<number, Set<string>>();

  constructor(
    readonly heap: GuestHeap,
    readonly shapes: ShapeTable,
    /** Charged 1 step per dictionary property touched (work-meter.ts; memory charges itself). */
    private readonly meter?: WorkMeter,
  ) {}

  /**
   * A new empty object with room for `capacity` properties and prototype word `proto` (the
   * builtin prototype unless given); returns its header address.
   */
  alloc(capacity: number, proto: bigint = BUILTIN_PROTO): number {
    assert(Number.isSafeInteger(capacity) && capacity >= 0, `object capacity ${capacity}`);
    const addr = this.heap.alloc(OBJECT_HEADER);
    const slots = capacity === 0 ? 0 : this.heap.alloc(8 * capacity);
    this.writeHeader(addr, EMPTY_SHAPE, slots, capacity);
    this.heap.mem.write64(addr + OBJECT_PROTO, proto);
    return addr;
  }

  /** The prototype word of the object (or function) at `addr`. */
  proto(addr: number): bigint {
    return this.heap.mem.read64(addr + OBJECT_PROTO);
  }

  /** The shape id in the header of the object at `addr`. */
  shapeId(addr: number): number {
    return Number(this.heap.mem.read64(addr + OBJECT_SHAPE));
  }

  /** The shape of the object at `addr`, or null in dictionary mode. */
  shape(addr: number): Shape | null {
    const id = this.shapeId(addr);
    return id === DICTIONARY_SHAPE ? null : this.shapes.get(id);
  }

  /** Own property `name` of the object at `addr`, or undefined when it has none. */
  get(addr: number, name: string): bigint | undefined {
    const s = this.shape(addr);
    if (s === null) {
      this.meter?.charge(1);
      return this.dictionary(addr).get(name);
    }
    const k = s.slot(name);
    return k === undefined ? undefined : this.heap.mem.read64(this.slots(addr) + 8 * k);
  }

  /**
   * Sets own property `name`; a new one goes last, enumerable unless `enumerable` is false (an
   * existing one keeps its enumerability, as an assignment does).
   */
  set(addr: number, name: string, v: bigint, enumerable = true): void {
    const s = this.shape(addr);
    if (s === null) {
      this.meter?.charge(1);
      const props = this.dictionary(addr);
      if (!enumerable && !props.has(name)) this.hiddenOf(addr).add(name);
      props.set(name, v);
      return;
    }
    const k = s.slot(name);
    if (k !== undefined) {
      this.heap.mem.write64(this.slots(addr) + 8 * k, v);
      return;
    }
    const next = this.shapes.add(s, name, enumerable);
    if (next === null) {
      this.toDictionary(addr, s).set(name, v);
      if (!enumerable) this.hiddenOf(addr).add(name);
      return;
    }
    const cap = Number(this.heap.mem.read64(addr + OBJECT_CAPACITY));
    let slots = this.slots(addr);
    if (s.count >= cap) {
      const newCap = Math.max(MIN_SLOTS, 2 * cap);
      const moved = this.heap.alloc(8 * newCap);
      if (s.count > 0) this.heap.mem.write(moved, this.heap.mem.read(slots, 8 * s.count));
      slots = moved;
      this.writeHeader(addr, s.id, slots, newCap);
    }
    this.heap.mem.write64(slots + 8 * s.count, v);
    // The shape last: the slot holds its value before any reader can find it through the shape.
    this.heap.mem.write64(addr + OBJECT_SHAPE, BigInt(next.id));
  }

  /** Deletes own property `name`; true (sloppy mode's answer for a configurable or absent property). */
  delete(addr: number, name: string): boolean {
    const s = this.shape(addr);
    if (s !== null && s.slot(name) === undefined) return true;
    const props = s === null ? this.dictionary(addr) : this.toDictionary(addr, s);
    this.meter?.charge(1);
    props.delete(name);
    this.hidden.get(addr)?.delete(name);
    return true;
  }

  /** Every own property of the object at `addr`, in creation order: name, value, enumerable. */
  entries(addr: number): Array<[string, bigint, boolean]> {
    const s = this.shape(addr);
    if (s === null) {
      const props = this.dictionary(addr);
      const hidden = this.hidden.get(addr);
      this.meter?.charge(props.size);
      return [...props].map(([name, v]) => [name, v, hidden?.has(name) !== true]);
    }
    const slots = this.slots(addr);
    return s.names().map((name, k) => [name, this.heap.mem.read64(slots + 8 * k), s.isEnumerable(name)]);
  }

  private slots(addr: number): number {
    return Number(this.heap.mem.read64(addr + OBJECT_SLOTS));
  }

  private hiddenOf(addr: number): Set<string> {
    let h = this.hidden.get(addr);
    if (h === undefined) this.hidden.set(addr, (h = new Set()));
    return h;
  }

  private dictionary(addr: number): Map<string, bigint> {
    const d = this.dictionaries.get(addr);
    assert(d !== undefined, `object 0x${addr.toString(16)} is marked dictionary but has no table`);
    return d;
  }

  /** Moves the properties of the S-object at `addr` to a new dictionary table; returns it. */
  private toDictionary(addr: number, s: Shape): Map<string, bigint> {
    const props = new Map<string, bigint>();
    const slots = this.slots(addr);
    s.names().forEach((name, k) => {
      props.set(name, this.heap.mem.read64(slots + 8 * k));
      if (!s.isEnumerable(name)) this.hiddenOf(addr).add(name);
    });
    this.meter?.charge(props.size);
    this.dictionaries.set(addr, props);
    this.writeHeader(addr, DICTIONARY_SHAPE, 0, 0);
    return props;
  }

  /** Writes the shape, slots and capacity words (the prototype word stays). */
  private writeHeader(addr: number, shape: number, slots: number, capacity: number): void {
    const bytes = new Uint8Array(OBJECT_PROTO);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(OBJECT_SHAPE, BigInt(shape), true);
    view.setBigUint64(OBJECT_SLOTS, BigInt(slots), true);
    view.setBigUint64(OBJECT_CAPACITY, BigInt(capacity), true);
    this.heap.mem.write(addr, bytes);
  }
}

/** The object space of each guest heap, made on first use. */
const spaces = new WeakMap<GuestHeap, GuestObjects>();

/** The plain objects of `heap`, with shapes from `shapes` (one table per program). */
export function guestObjects(heap: GuestHeap, shapes: ShapeTable, meter?: WorkMeter): GuestObjects {
  let o = spaces.get(heap);
  if (o === undefined) spaces.set(heap, (o = new GuestObjects(heap, shapes, meter)));
  assert(o.shapes === shapes, 'one guest heap, two shape tables');
  return o;
}
