/**
 * Code regions and their allocations.  A region is a range of pages, R/W/X in the page table
 * and tagged with a protection key; its allocations move through
 *
 *   reserved -> writing -> sealed -> published -> retired
 *
 * with a check at each step (STYLE: state machines for lifetimes).  Only published code may be
 * entered; retired code is filled with int3 and can never be entered again.
 */
import { SdkError } from './errors.js';
import type { KeyHolder } from './keys.js';
import type { SealMode } from './policy.js';

/** Lifetime states of an allocation. */
export type AllocState = 'reserved' | 'writing' | 'sealed' | 'published' | 'retired';

const NEXT: Record<AllocState, readonly AllocState[]> = {
  reserved: ['writing', 'retired'],
  writing: ['writing', 'sealed', 'retired'],
  sealed: ['published', 'writing', 'retired'],
  published: ['retired'],
  retired: [],
};

/** Alignment of allocations inside a region, in bytes. */
export const ALLOC_ALIGN = 16;

/** One piece of code (or stub) inside a region. */
export class Allocation {
  readonly id: string;
  readonly region: CodeRegion;
  /** Offset in the region, in bytes. */
  readonly offset: number;
  /** Size in bytes. */
  readonly size: number;
  /** What it is (function, stub, ...), for reports. */
  readonly kind: string;
  private current: AllocState = 'reserved';
  /** sha256 of the bytes at seal time, or null. */
  sealedHash: string | null = null;
  /** Whether integrity was checked since it was published. */
  verifiedSinceSeal = false;

  constructor(id: string, region: CodeRegion, offset: number, size: number, kind: string) {
    this.id = id;
    this.region = region;
    this.offset = offset;
    this.size = size;
    this.kind = kind;
  }

  get state(): AllocState {
    return this.current;
  }

  /** Absolute address of the first byte. */
  get start(): number {
    return this.region.start + this.offset;
  }

  /** Moves to `to`, or throws ALLOC_STATE if the lifetime does not allow it. */
  transition(to: AllocState): void {
    if (!NEXT[this.current].includes(to)) {
      throw new SdkError('ALLOC_STATE', `allocation ${this.id} cannot go from ${this.current} to ${to}`);
    }
    this.current = to;
  }
}

/** A code region. */
export class CodeRegion implements KeyHolder {
  readonly name: string;
  /** First byte (page aligned). */
  readonly start: number;
  /** Size in bytes (whole pages). */
  readonly size: number;
  readonly sealMode: SealMode;
  readonly allocations: Allocation[] = [];
  /** Bytes handed out so far (bump allocation). */
  private used = 0;
  /** Open windows on this region. */
  openWindows = 0;

  constructor(name: string, start: number, size: number, sealMode: SealMode) {
    this.name = name;
    this.start = start;
    this.size = size;
    this.sealMode = sealMode;
  }

  /** A region with an open window keeps its key. */
  get pinned(): boolean {
    return this.openWindows > 0;
  }

  /** Bytes still free. */
  get free(): number {
    return this.size - this.used;
  }

  /** Reserves `size` bytes (rounded up to ALLOC_ALIGN). */
  reserve(size: number, kind: string): Allocation {
    if (!Number.isInteger(size) || size <= 0) throw new SdkError('BAD_SIZE', `allocation size ${size} must be a positive integer`);
    const rounded = Math.ceil(size / ALLOC_ALIGN) * ALLOC_ALIGN;
    if (rounded > this.free) throw new SdkError('REGION_FULL', `region ${this.name} has ${this.free} bytes free, ${rounded} requested`);
    const a = new Allocation(`${this.name}#${this.allocations.length}`, this, this.used, size, kind);
    this.used += rounded;
    this.allocations.push(a);
    return a;
  }

  /** The allocation containing region offset `off`, if any. */
  allocationAt(off: number): Allocation | undefined {
    return this.allocations.find((a) => off >= a.offset && off < a.offset + a.size);
  }
}
