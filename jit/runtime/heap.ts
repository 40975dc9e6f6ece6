/**
 * The guest heap: strings and arrays in guest memory, allocated by a bump allocator over a
 * given [start, end) range. Nothing is ever freed (no GC yet); growing an array moves only its
 * elements, so the header address (the boxed value's payload) never changes.
 *
 *   string @addr (8-aligned)           array @addr (8-aligned)
 *   +0  u64 length (UTF-16 units)      +0  u64 length (elements)
 *   +8  u16 code units, little endian  +8  u64 capacity (elements)
 *                                      +16 u64 elements address (0 when capacity is 0)
 *   elements: capacity x u64 boxed values (values.ts); HOLE marks a hole.
 *
 * All addresses and sizes are in bytes; all integers little endian (x86-64).
 */
import { assert } from '../errors.js';
import { OutOfHeapError } from './errors.js';
import { HOLE, MAX_PAYLOAD, UNDEFINED } from './values.js';

/** Guest memory as the runtime reaches it (UserThread satisfies it structurally). */
export interface GuestMemory {
  /** Reads `n` bytes at virtual address `va`. */
  read(va: number, n: number): Uint8Array;
  /** Writes `bytes` at virtual address `va`. */
  write(va: number, bytes: Uint8Array): void;
  /** Reads the little-endian u64 at `va`. */
  read64(va: number): bigint;
  /** Writes `v` as a little-endian u64 at `va`. */
  write64(va: number, v: bigint): void;
}

/** Size of a string header, in bytes. */
export const STRING_HEADER = 8;
/** Size of an array header, in bytes. */
export const ARRAY_HEADER = 24;
/** Offsets of the array header fields, in bytes. */
export const ARRAY_LENGTH = 0;
export const ARRAY_CAPACITY = 8;
export const ARRAY_ELEMENTS = 16;
/** Largest array length (2^32 - 1, ECMA-262 10.4.2). */
export const MAX_ARRAY_LENGTH = 2 ** 32 - 1;
/** Capacity of the first element block of an array that grows from empty, in elements. */
const MIN_CAPACITY = 4;
/** Holes written per memory write (work-meter.ts: each write is charged before it is made). */
const HOLES_PER_WRITE = 4096;
/** HOLES_PER_WRITE holes, little endian: the filler every fill copies from. */
const HOLE_BYTES: Uint8Array = (() => {
  const bytes = new Uint8Array(8 * HOLES_PER_WRITE);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < HOLES_PER_WRITE; i++) view.setBigUint64(8 * i, HOLE, true);
  return bytes;
})();

/** Length (UTF-16 code units) of the string at `addr`. */
export function stringLength(mem: GuestMemory, addr: number): number {
  return Number(mem.read64(addr));
}

/** The host string stored at `addr` (lone surrogates kept as they are). */
export function readString(mem: GuestMemory, addr: number): string {
  const len = stringLength(mem, addr);
  const bytes = mem.read(addr + STRING_HEADER, 2 * len);
  const units = new Uint16Array(len);
  for (let i = 0; i < len; i++) units[i] = (bytes[2 * i] as number) | ((bytes[2 * i + 1] as number) << 8);
  let s = '';
  for (let i = 0; i < len; i += 8192) s += String.fromCharCode(...units.subarray(i, i + 8192));
  return s;
}

/** Length (elements) of the array at `addr`. */
export function arrayLength(mem: GuestMemory, addr: number): number {
  return Number(mem.read64(addr + ARRAY_LENGTH));
}

/** Every element slot of the array at `addr`, holes as HOLE (for host conversion). */
export function readArraySlots(mem: GuestMemory, addr: number): bigint[] {
  const len = arrayLength(mem, addr);
  if (len === 0) return [];
  const elems = Number(mem.read64(addr + ARRAY_ELEMENTS));
  const view = new DataView(mem.read(elems, 8 * len).buffer);
  return Array.from({ length: len }, (_, i) => view.getBigUint64(8 * i, true));
}

/** A bump allocator and the string and array operations over one guest memory. */
export class GuestHeap {
  /** The memory the heap lives in. */
  readonly mem: GuestMemory;
  /** First address of the heap, in bytes. */
  readonly start: number;
  /** Exclusive end address of the heap, in bytes. */
  readonly end: number;
  /** Next free address (8-aligned), in bytes. */
  private next: number;

  constructor(mem: GuestMemory, start: number, end: number) {
    assert(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && end <= MAX_PAYLOAD + 1,
      `heap range [0x${start.toString(16)}, 0x${end.toString(16)}) is not a range of 48-bit addresses`);
    this.mem = mem;
    this.start = start;
    this.end = end;
    this.next = Math.ceil(start / 8) * 8;
  }

  /** Bytes allocated so far, alignment padding included. */
  get used(): number {
    return this.next - this.start;
  }

  /** Allocates `n` bytes, 8-aligned; throws OutOfHeapError when [next, end) cannot hold them. */
  alloc(n: number): number {
    assert(Number.isSafeInteger(n) && n >= 0, `alloc(${n}): not a byte count`);
    const size = Math.ceil(n / 8) * 8;
    if (size > this.end - this.next) throw new OutOfHeapError(n, this.next, this.end);
    const addr = this.next;
    this.next += size;
    return addr;
  }

  /** Stores `s` (UTF-16 code units) and returns its address. */
  allocString(s: string): number {
    const addr = this.alloc(STRING_HEADER + 2 * s.length);
    const bytes = new Uint8Array(STRING_HEADER + 2 * s.length);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, BigInt(s.length), true);
    for (let i = 0; i < s.length; i++) view.setUint16(STRING_HEADER + 2 * i, s.charCodeAt(i), true);
    this.mem.write(addr, bytes);
    return addr;
  }

  /** The host string at `addr`. */
  readString(addr: number): string {
    return readString(this.mem, addr);
  }

  /** A new array of `len` holes (as `new Array(len)`); returns its header address. */
  allocArray(len: number): number {
    checkLength(len);
    const addr = this.alloc(ARRAY_HEADER);
    const elems = len === 0 ? 0 : this.allocHoles(len);
    this.writeHeader(addr, len, len, elems);
    return addr;
  }

  /** Element `i` of the array at `addr`: UNDEFINED for a hole or an index at or past the length. */
  arrayGet(addr: number, i: number): bigint {
    assert(Number.isSafeInteger(i) && i >= 0, `arrayGet: index ${i} is not an array index`);
    if (i >= arrayLength(this.mem, addr)) return UNDEFINED;
    const v = this.mem.read64(this.elements(addr) + 8 * i);
    return v === HOLE ? UNDEFINED : v;
  }

  /** Whether the array at `addr` has element `i` (below its length and not a hole), as `i in a` answers. */
  arrayHas(addr: number, i: number): boolean {
    assert(Number.isSafeInteger(i) && i >= 0, `arrayHas: index ${i} is not an array index`);
    return i < arrayLength(this.mem, addr) && this.mem.read64(this.elements(addr) + 8 * i) !== HOLE;
  }

  /** Sets element `i`, extending the length (with holes in between) when `i` is at or past it. */
  arraySet(addr: number, i: number, v: bigint): void {
    assert(v !== HOLE, 'arraySet: HOLE is not a value');
    checkLength(i + 1);
    if (i >= arrayLength(this.mem, addr)) this.resize(addr, i + 1);
    this.mem.write64(this.elements(addr) + 8 * i, v);
  }

  /** Appends `v` (as `a.push(v)`); returns the new length. */
  arrayPush(addr: number, v: bigint): number {
    const len = arrayLength(this.mem, addr);
    this.arraySet(addr, len, v);
    return len + 1;
  }

  /** Removes and returns the last element (as `a.pop()`): UNDEFINED when empty or a hole. */
  arrayPop(addr: number): bigint {
    const len = arrayLength(this.mem, addr);
    if (len === 0) return UNDEFINED;
    const v = this.arrayGet(addr, len - 1);
    this.mem.write64(addr + ARRAY_LENGTH, BigInt(len - 1));
    return v;
  }

  /**
   * Replaces every element of the array at `addr`: its length becomes `values.length`, element
   * i is `values[i]`, or a hole for null (what a host method that mutated the array left).
   */
  arrayReplace(addr: number, values: readonly (bigint | null)[]): void {
    const n = values.length;
    checkLength(n);
    if (n > arrayLength(this.mem, addr)) this.resize(addr, n);
    else this.mem.write64(addr + ARRAY_LENGTH, BigInt(n));
    const elems = this.elements(addr);
    values.forEach((v, i) => {
      assert(v !== HOLE, 'arrayReplace: HOLE is not a value (null is a hole)');
      this.mem.write64(elems + 8 * i, v ?? HOLE);
    });
  }

  /** Sets the length to `len` > current length, reallocating the elements when full. */
  private resize(addr: number, len: number): void {
    const old = arrayLength(this.mem, addr);
    const cap = Number(this.mem.read64(addr + ARRAY_CAPACITY));
    let elems = this.elements(addr);
    if (len > cap) {
      const newCap = Math.min(MAX_ARRAY_LENGTH, Math.max(len, 2 * cap, MIN_CAPACITY));
      const moved = this.allocHoles(newCap);
      if (old > 0) this.mem.write(moved, this.mem.read(elems, 8 * old));
      this.writeHeader(addr, old, newCap, moved);
      elems = moved;
    } else {
      // Slots in [old, len) may hold popped values: make them holes again.
      this.fillHoles(elems + 8 * old, len - old);
    }
    this.mem.write64(addr + ARRAY_LENGTH, BigInt(len));
  }

  private elements(addr: number): number {
    return Number(this.mem.read64(addr + ARRAY_ELEMENTS));
  }

  private allocHoles(n: number): number {
    const at = this.alloc(8 * n);
    this.fillHoles(at, n);
    return at;
  }

  /** Writes `n` holes at `at`, a bounded chunk per write (so a metered memory charges as it goes). */
  private fillHoles(at: number, n: number): void {
    for (let done = 0; done < n; done += HOLES_PER_WRITE) {
      const k = Math.min(HOLES_PER_WRITE, n - done);
      this.mem.write(at + 8 * done, HOLE_BYTES.subarray(0, 8 * k));
    }
  }

  private writeHeader(addr: number, len: number, cap: number, elems: number): void {
    const bytes = new Uint8Array(ARRAY_HEADER);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(ARRAY_LENGTH, BigInt(len), true);
    view.setBigUint64(ARRAY_CAPACITY, BigInt(cap), true);
    view.setBigUint64(ARRAY_ELEMENTS, BigInt(elems), true);
    this.mem.write(addr, bytes);
  }
}

function checkLength(len: number): void {
  assert(Number.isSafeInteger(len) && len >= 0 && len <= MAX_ARRAY_LENGTH, `array length ${len} is not in [0, 2^32 - 1]`);
}
