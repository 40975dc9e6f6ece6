import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Machine } from '../../../mpk-hw/machine.js';
import { PROT_READ, PROT_WRITE } from '../../../mpk-hw/kernel/constants.js';
import { GuestHeap, arrayLength, readArraySlots, type GuestMemory } from '../../../jit/runtime/heap.js';
import { OutOfHeapError } from '../../../jit/runtime/errors.js';
import { HOLE, UNDEFINED, boxDouble, unboxDouble } from '../../../jit/runtime/values.js';
import { FakeMemory } from './fake-memory.js';

const BASE = 0x10000;
const fakeHeap = (size = 1 << 20): GuestHeap => new GuestHeap(new FakeMemory(BASE, size), BASE, BASE + size);
const anyString = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((u) => String.fromCharCode(...u));

type Op = { op: 'push'; x: number } | { op: 'pop' } | { op: 'set'; i: number; x: number } | { op: 'get'; i: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('push' as const), x: fc.double() }),
  fc.record({ op: fc.constant('pop' as const) }),
  fc.record({ op: fc.constant('set' as const), i: fc.nat(40), x: fc.double() }),
  fc.record({ op: fc.constant('get' as const), i: fc.nat(40) }),
);

/** Runs `ops` on a guest array and on a host array and checks that they agree after each. */
function checkModel(heap: GuestHeap, initial: number, ops: readonly Op[]): void {
  const addr = heap.allocArray(initial);
  const model: number[] = new Array<number>(initial);
  const get = (i: number): number | undefined => {
    const v = heap.arrayGet(addr, i);
    return v === UNDEFINED ? undefined : unboxDouble(v);
  };
  for (const o of ops) {
    if (o.op === 'push') expect(heap.arrayPush(addr, boxDouble(o.x))).toBe(model.push(o.x));
    else if (o.op === 'pop') expect(heap.arrayPop(addr)).toBe(((x) => x === undefined ? UNDEFINED : boxDouble(x))(model.pop()));
    else if (o.op === 'set') { heap.arraySet(addr, o.i, boxDouble(o.x)); model[o.i] = o.x; }
    else expect(get(o.i)).toStrictEqual(model[o.i]);
    expect(arrayLength(heap.mem, addr)).toBe(model.length);
  }
  const slots = readArraySlots(heap.mem, addr);
  expect(slots.map((s, i) => Object.hasOwn(model, i) ? s === boxDouble(model[i] as number) : s === HOLE)).not.toContain(false);
}

describe('strings', () => {
  it.each(['', 'a', 'héllo', '😀', '\ud800 lone', 'x'.repeat(1000)])('round-trips %j', (s) => {
    const heap = fakeHeap();
    expect(heap.readString(heap.allocString(s))).toBe(s);
  });

  it('layout: u64 length in code units, then little-endian UTF-16', () => {
    const heap = fakeHeap();
    const a = heap.allocString('A😀');
    expect(heap.mem.read64(a)).toBe(3n);
    expect([...heap.mem.read(a + 8, 6)]).toEqual([0x41, 0, 0x3d, 0xd8, 0x00, 0xde]);
  });

  it('round-trips any UTF-16 sequence (fast-check)', () => {
    const heap = fakeHeap(1 << 22);
    fc.assert(fc.property(anyString, (s) => { expect(heap.readString(heap.allocString(s))).toBe(s); }));
  });
});

describe('arrays', () => {
  it('new Array(3): length 3, capacity 3, three holes that read as undefined', () => {
    const heap = fakeHeap();
    const a = heap.allocArray(3);
    expect([heap.mem.read64(a), heap.mem.read64(a + 8)]).toEqual([3n, 3n]);
    expect(readArraySlots(heap.mem, a)).toEqual([HOLE, HOLE, HOLE]);
    expect(heap.arrayGet(a, 1)).toBe(UNDEFINED);
  });

  it('growth moves the elements, keeps the header address, and leaves holes in gaps', () => {
    const heap = fakeHeap();
    const a = heap.allocArray(0);
    expect(heap.mem.read64(a + 16)).toBe(0n);
    heap.arrayPush(a, boxDouble(1));
    const first = heap.mem.read64(a + 16);
    heap.arraySet(a, 9, boxDouble(2));
    expect(heap.mem.read64(a + 16)).not.toBe(first);
    expect(readArraySlots(heap.mem, a)).toEqual([boxDouble(1), ...Array<bigint>(8).fill(HOLE), boxDouble(2)]);
  });

  it('pop then set past the length leaves a hole, not the popped value', () => {
    const heap = fakeHeap();
    const a = heap.allocArray(0);
    for (const x of [1, 2, 3]) heap.arrayPush(a, boxDouble(x));
    heap.arrayPop(a);
    heap.arrayPop(a);
    heap.arraySet(a, 2, boxDouble(9));
    expect(readArraySlots(heap.mem, a)).toEqual([boxDouble(1), HOLE, boxDouble(9)]);
  });

  it('behaves as a host array under push/pop/set/get (fast-check model)', () => {
    fc.assert(fc.property(fc.nat(6), fc.array(opArb, { maxLength: 60 }), (n, ops) => { checkModel(fakeHeap(), n, ops); }));
  });
});

describe('the bump allocator', () => {
  it('aligns every block to 8 bytes and throws OUT_OF_HEAP when full', () => {
    const heap = fakeHeap(64);
    expect(heap.alloc(1)).toBe(BASE);
    expect(heap.alloc(8)).toBe(BASE + 8);
    expect(heap.used).toBe(16);
    expect(() => heap.allocString('x'.repeat(21))).toThrow(OutOfHeapError);
    try { heap.alloc(49); } catch (e) {
      expect(e).toBeInstanceOf(OutOfHeapError);
      expect((e as OutOfHeapError).code).toBe('OUT_OF_HEAP');
      expect((e as OutOfHeapError).fields).toEqual({ requested: 49, next: BASE + 16, end: BASE + 64 });
      expect((e as Error).message).toBe('out of guest heap: 49 bytes requested at 0x10010, heap ends at 0x10040');
    }
    expect(heap.alloc(48)).toBe(BASE + 16);
  });

  it('array growth past the end throws OUT_OF_HEAP', () => {
    const heap = fakeHeap(256);
    const a = heap.allocArray(0);
    expect(() => { for (let i = 0; i < 100; i++) heap.arrayPush(a, boxDouble(i)); }).toThrow(/^out of guest heap/);
  });
});

describe('on a simulated thread (mpk-hw Machine)', () => {
  const SIZE = 1 << 16;
  const threadHeap = (): GuestHeap => {
    const t = new Machine().spawn();
    const mem: GuestMemory = t;
    const p = t.mmap(0, SIZE, PROT_READ | PROT_WRITE);
    return new GuestHeap(mem, p, p + SIZE);
  };

  it('strings round-trip through guest memory', () => {
    const heap = threadHeap();
    const addrs = ['', 'pkjit', '😀\ud800', 'z'.repeat(3000)].map((s) => [s, heap.allocString(s)] as const);
    for (const [s, a] of addrs) expect(heap.readString(a)).toBe(s);
  });

  it('arrays behave as host arrays (fast-check model, 30 runs)', () => {
    const heap = threadHeap();
    fc.assert(fc.property(fc.nat(6), fc.array(opArb, { maxLength: 30 }), (n, ops) => { checkModel(heap, n, ops); }), { numRuns: 30 });
  });
});
