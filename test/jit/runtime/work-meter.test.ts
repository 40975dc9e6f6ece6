/**
 * The steps runtime calls are charged (jit/runtime/work-meter.ts): exact charges for the heap's
 * operations and for host conversions, each access charged before it is made, and a call that
 * would pass the budget stopped before its work (the access it would make never happens).
 */
import { describe, expect, it } from 'vitest';
import { log, type Runtime } from '../../../jit/runtime/builtins.js';
import { arrayProperties } from '../../../jit/runtime/array-properties.js';
import { GuestHeap, readString, type GuestMemory } from '../../../jit/runtime/heap.js';
import { RuntimeStepsExhausted, WorkMeter, meteredMemory } from '../../../jit/runtime/work-meter.js';
import { boxArray, boxDouble } from '../../../jit/runtime/values.js';
import { ShapeTable } from '../../../jit/runtime/shapes.js';
import { FakeMemory } from './fake-memory.js';

const BASE = 0x10000;
const SIZE = 16 << 20;

/** A metered runtime over a fake memory that counts the bytes really moved. */
function metered(limit: number): { rt: Runtime; meter: WorkMeter; moved: { bytes: number } } {
  const fake = new FakeMemory(BASE, SIZE);
  const moved = { bytes: 0 };
  const counting: GuestMemory = {
    read: (va, n) => { moved.bytes += n; return fake.read(va, n); },
    write: (va, b) => { moved.bytes += b.length; fake.write(va, b); },
    read64: (va) => { moved.bytes += 8; return fake.read64(va); },
    write64: (va, v) => { moved.bytes += 8; fake.write64(va, v); },
  };
  const meter = new WorkMeter(limit);
  const mem = meteredMemory(counting, meter);
  return { rt: { heap: new GuestHeap(mem, BASE, BASE + SIZE), mem, functionNames: [], meter, shapes: new ShapeTable() }, meter, moved };
}

/** Steps `f` is charged on a fresh, unlimited meter. */
function steps(f: (rt: Runtime) => void): number {
  const { rt, meter } = metered(Number.MAX_SAFE_INTEGER);
  f(rt);
  return meter.used;
}

describe('WorkMeter', () => {
  it('charges up to the limit, and refuses a charge past it without counting it', () => {
    const m = new WorkMeter(10);
    m.charge(4);
    m.charge(6);
    expect(m.used).toBe(10);
    expect(() => m.charge(1)).toThrow(RuntimeStepsExhausted);
    expect(m.used).toBe(10);
    const e = (() => { try { m.charge(1); } catch (x) { return x as RuntimeStepsExhausted; } throw new Error('no throw'); })();
    expect(e.code).toBe('STEPS_EXHAUSTED');
    expect(e.message).toBe('stopped after 10 steps of runtime-call work (--max-steps)');
  });
});

describe('charges', () => {
  it.each([
    ['new Array(0): the header', (rt: Runtime) => rt.heap.allocArray(0), 3],
    ['new Array(10000): 10000 holes and the header', (rt: Runtime) => rt.heap.allocArray(10_000), 10_003],
    ["a 9-unit string written: length and ceil(18 / 8)", (rt: Runtime) => rt.heap.allocString('abcdefghi'), 4],
    ['an empty string written', (rt: Runtime) => rt.heap.allocString(''), 1],
  ] as const)('%s: %d steps', (_what, f, want) => {
    expect(steps(f)).toBe(want);
  });

  it('a 9-unit string read back: length and ceil(18 / 8)', () => {
    const { rt, meter } = metered(Number.MAX_SAFE_INTEGER);
    const at = rt.heap.allocString('abcdefghi');
    const before = meter.used;
    expect(readString(rt.mem, at)).toBe('abcdefghi');
    expect(meter.used - before).toBe(4);
  });

  it('console.log of an array of n numbers: the header words, n elements, nothing per character printed', () => {
    for (const n of [1, 100, 5000]) {
      const { rt, meter } = metered(Number.MAX_SAFE_INTEGER);
      const a = rt.heap.allocArray(0);
      for (let i = 0; i < n; i++) rt.heap.arrayPush(a, boxDouble(i));
      const before = meter.used;
      log(rt, [boxArray(a)]);
      expect(meter.used - before).toBe(2 + n); // length, elements address, n slots
    }
  });

  it('a named array property converted costs 1 more', () => {
    const { rt, meter } = metered(Number.MAX_SAFE_INTEGER);
    const a = rt.heap.allocArray(2);
    arrayProperties(rt.heap).set(a, 'x', boxDouble(1));
    const before = meter.used;
    expect(log(rt, [boxArray(a)])).toBe('[ <2 empty items>, x: 1 ]');
    expect(meter.used - before).toBe(2 + 2 + 1);
  });
});

describe('a call that would pass the budget stops before its work', () => {
  it('console.log of a 1,000,000-element array under a budget of 1,000,100: the 8 MB read never happens', () => {
    const { rt, meter, moved } = metered(1_000_100);
    const a = rt.heap.allocArray(1_000_000);
    expect(meter.used).toBe(1_000_003);
    const movedBefore = moved.bytes;
    expect(() => log(rt, [boxArray(a)])).toThrow(RuntimeStepsExhausted);
    expect(moved.bytes - movedBefore).toBe(16); // the two header words only
  });

  it('new Array(1,000,000) under a budget of 10,000: the holes stop within one chunk of 4,096', () => {
    const { rt, moved } = metered(10_000);
    expect(() => rt.heap.allocArray(1_000_000)).toThrow(RuntimeStepsExhausted);
    expect(moved.bytes).toBe(8 * 2 * 4096); // two chunks written, the third refused
  });
});
