/**
 * What a runtime call costs. A runtime call is a few guest instructions (the gate's stub), but
 * its host work can be any size: `console.log` of a 1,000,000-element array reads 8 MB of guest
 * memory and builds a million host values, about 125 ms of host time for some 40 guest
 * instructions. So that `--max-steps` bounds host time too, each executor's runtime calls are
 * charged in steps for the work they do (docs/jit-design.md, "Step budget"):
 *
 *   1 step per QWORD (8 bytes, rounded up per access) of guest memory a runtime call reads or
 *   writes: a boxed element or a header word is 1, a string of n UTF-16 units 1 + ceil(n / 4);
 *   1 step per named array property converted to a host value (they live on the host side).
 *
 * The host work of a call is proportional to what it reads and writes, and each access is
 * charged before it is made, so a call stops (RuntimeStepsExhausted) before the work that would
 * pass the budget. The guest heap writes its filler in bounded chunks (heap.ts) for the same
 * reason.
 */
import { JitError } from '../errors.js';
import type { GuestMemory } from './heap.js';

/** The fields of a RuntimeStepsExhausted. */
export interface StepsFields {
  /** The executor's budget of runtime-call steps. */
  readonly limit: number;
}

/** The executor's runtime calls used up its steps. Message: `stopped after N steps of runtime-call work (--max-steps)`. */
export class RuntimeStepsExhausted extends JitError<'STEPS_EXHAUSTED', StepsFields> {
  constructor(limit: number) {
    super('STEPS_EXHAUSTED', `stopped after ${limit} steps of runtime-call work (--max-steps)`, { limit });
    this.name = 'RuntimeStepsExhausted';
  }
}

/** One executor's count of runtime-call steps, against its budget. */
export class WorkMeter {
  /** Steps charged so far. */
  used = 0;
  /** `limit`: most steps the executor's runtime calls may do (its --max-steps). */
  constructor(readonly limit: number) {}

  /** Charges `steps`; throws RuntimeStepsExhausted, charging nothing, when they would pass the limit. */
  charge(steps: number): void {
    if (this.used + steps > this.limit) throw new RuntimeStepsExhausted(this.limit);
    this.used += steps;
  }
}

/** QWORDs that `bytes` bytes take, rounded up. */
function words(bytes: number): number {
  return Math.ceil(bytes / 8);
}

/** `mem` with every access charged to `meter` before it is made (file comment). */
export function meteredMemory(mem: GuestMemory, meter: WorkMeter): GuestMemory {
  return {
    read(va, n) {
      meter.charge(words(n));
      return mem.read(va, n);
    },
    write(va, bytes) {
      meter.charge(words(bytes.length));
      mem.write(va, bytes);
    },
    read64(va) {
      meter.charge(1);
      return mem.read64(va);
    },
    write64(va, v) {
      meter.charge(1);
      mem.write64(va, v);
    },
  };
}
