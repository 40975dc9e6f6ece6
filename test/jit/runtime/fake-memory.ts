/** A Uint8Array-backed GuestMemory for runtime tests: [base, base + size) is mapped. */
import type { GuestMemory } from '../../../jit/runtime/heap.js';

export class FakeMemory implements GuestMemory {
  readonly bytes: Uint8Array;
  constructor(readonly base: number, size: number) {
    this.bytes = new Uint8Array(size);
  }
  private at(va: number, n: number): number {
    const off = va - this.base;
    if (off < 0 || off + n > this.bytes.length) throw new RangeError(`fake memory: [0x${va.toString(16)}, +${n}) is not mapped`);
    return off;
  }
  read(va: number, n: number): Uint8Array {
    const off = this.at(va, n);
    return this.bytes.slice(off, off + n);
  }
  write(va: number, bytes: Uint8Array): void {
    this.bytes.set(bytes, this.at(va, bytes.length));
  }
  read64(va: number): bigint {
    return new DataView(this.read(va, 8).buffer).getBigUint64(0, true);
  }
  write64(va: number, v: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, v, true);
    this.write(va, b);
  }
}
