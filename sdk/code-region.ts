/**
 * Code regions and their allocations.  A region is two mappings of the same size:
 *
 *   guard | code pages (executable, int3 where no verified code is) | guard
 *   staging pages (read/write, never executable)
 *
 * Windows write an allocation's bytes into its staging image; sealing verifies the staged
 * bytes together with whatever executable bytes lie next to the allocation's final place and
 * only then copies them into the code pages (seal.ts).  So at every instant each executable
 * byte is int3 (0xCC) filler or part of an allocation that passed every verifier with its
 * real neighbours; bytes being emitted, and bytes a verifier refused, are never executable.
 * The guard pages (unmapped for all intents: PROT_NONE) keep any other mapping from abutting
 * the code, so no seam crosses a region edge.  Allocations move through
 *
 *   reserved -> writing -> sealed -> published -> retired -> (reclaimed: space free again)
 *
 * with a check at each step (STYLE: state machines for lifetimes).  Only published code may be
 * entered; retired code is int3 and can never be entered again.
 */
import { SdkError } from './errors.js';
import type { KeyHolder, KeySpan } from './keys.js';
import type { SealMode } from './policy.js';
import type { SdkThread } from './threads.js';
import type { Verifier } from './verifier.js';

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

/** What the SDK keeps of an allocation's seal (module-private: changed only by windows, seal, publish, patch). */
export interface SealState {
  /** sha256 of the sealed bytes, hex, or null. */
  hash: string | null;
  /** Whether integrity was checked since it was published. */
  verifiedSinceSeal: boolean;
  /** The thread of the latest window on it: the one that copies the verified bytes in at publish. */
  writer: SdkThread | null;
  /** The seal's extra verifiers and syscall policy, run again on the seams at publish. */
  verifiers: readonly Verifier[];
  allowSyscall: boolean | null;
}

/** Sets an allocation's state; module-private (captured in Allocation's static block). */
let setState: (a: Allocation, to: AllocState) => void;
let sealOf: (a: Allocation) => SealState;

/** The seal state of an allocation (SDK-internal). */
export function sealState(a: Allocation): SealState {
  return sealOf(a);
}

/** Moves `a` to `to`, or throws ALLOC_STATE if its lifetime does not allow it (SDK-internal). */
export function transition(a: Allocation, to: AllocState): void {
  if (!NEXT[a.state].includes(to)) {
    throw new SdkError('ALLOC_STATE', `allocation ${a.id} cannot go from ${a.state} to ${to}`);
  }
  setState(a, to);
}

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
  #state: AllocState = 'reserved';
  readonly #seal: SealState = { hash: null, verifiedSinceSeal: false, writer: null, verifiers: [], allowSyscall: null };

  static {
    setState = (a, to) => { a.#state = to; };
    sealOf = (a) => a.#seal;
  }

  constructor(id: string, region: CodeRegion, offset: number, size: number, kind: string) {
    this.id = id;
    this.region = region;
    this.offset = offset;
    this.size = size;
    this.kind = kind;
  }

  /** Where it is in its lifetime. */
  get state(): AllocState {
    return this.#state;
  }

  /** sha256 of the bytes it was sealed with (hex), or null. */
  get sealedHash(): string | null {
    return this.#seal.hash;
  }

  /** Absolute address of the first byte (in the executable code pages). */
  get start(): number {
    return this.region.start + this.offset;
  }

  /** Absolute address of its first byte in the staging image (never executable). */
  get stagingStart(): number {
    return this.region.stagingStart + this.offset;
  }
}

/** A region's free space: sorted, coalesced ranges [offset, end) and how many allocations were reserved. */
interface Space {
  readonly free: Array<[number, number]>;
  reserved: number;
}

let spaceOf: (r: CodeRegion) => Space;

/** Reserves `size` bytes of `r` (rounded up to ALLOC_ALIGN), first fit (SDK-internal: the sandbox records it). */
export function reserveIn(r: CodeRegion, size: number, kind: string): Allocation {
  if (!Number.isSafeInteger(size) || size <= 0) throw new SdkError('BAD_SIZE', `allocation size ${String(size)} must be a positive integer`);
  const space = spaceOf(r);
  const rounded = Math.ceil(size / ALLOC_ALIGN) * ALLOC_ALIGN;
  const i = space.free.findIndex(([s, e]) => e - s >= rounded);
  const hole = space.free[i];
  if (hole === undefined) {
    const largest = Math.max(0, ...space.free.map(([s, e]) => e - s));
    throw new SdkError('REGION_FULL', `region ${r.name} has ${r.free} bytes free (largest piece ${largest}), ${rounded} requested; ` +
      'retire code no thread can be in; its space is reclaimed at its quiescent point (sbx.collect)');
  }
  const a = new Allocation(`${r.name}#${space.reserved++}`, r, hole[0], size, kind);
  if (hole[1] - hole[0] === rounded) space.free.splice(i, 1);
  else hole[0] += rounded;
  r.allocations.push(a);
  return a;
}

/** The offset the lowest free piece of `r` starts at (where a small reservation would go), or undefined when full. */
export function peekFit(r: CodeRegion): number | undefined {
  return spaceOf(r).free.find(([s, e]) => e - s >= ALLOC_ALIGN)?.[0];
}

/** Gives a retired allocation's space back (SDK-internal: the caller proved no thread can be in it). */
export function reclaimIn(r: CodeRegion, a: Allocation): void {
  const i = r.allocations.indexOf(a);
  if (i < 0 || a.state !== 'retired') throw new SdkError('INVARIANT', `reclaim of ${a.id}, which is ${a.state}${i < 0 ? ' and not in the region' : ''}`);
  r.allocations.splice(i, 1);
  const list = spaceOf(r).free;
  list.push([a.offset, a.offset + Math.ceil(a.size / ALLOC_ALIGN) * ALLOC_ALIGN]);
  list.sort((x, y) => x[0] - y[0]);
  for (let j = list.length - 1; j > 0; j--) {
    const prev = list[j - 1] as [number, number];
    const cur = list[j] as [number, number];
    if (prev[1] === cur[0]) {
      prev[1] = cur[1];
      list.splice(j, 1);
    }
  }
}

/** A code region. */
export class CodeRegion implements KeyHolder {
  readonly name: string;
  /** First byte of the code pages (page aligned). */
  readonly start: number;
  /** Size in bytes (whole pages), of the code pages and of the staging image each. */
  readonly size: number;
  /** First byte of the staging image (read/write, not executable; same key as the code). */
  readonly stagingStart: number;
  readonly sealMode: SealMode;
  /** Live allocations (not yet reclaimed), in reservation order. */
  readonly allocations: Allocation[] = [];
  /** Free ranges [offset, end) and the count of allocations ever reserved (ids stay unique when space is reused). */
  readonly #space: Space;
  /** Open windows on this region. */
  openWindows = 0;

  constructor(name: string, start: number, size: number, stagingStart: number, sealMode: SealMode) {
    this.name = name;
    this.start = start;
    this.size = size;
    this.stagingStart = stagingStart;
    this.sealMode = sealMode;
    this.#space = { free: [[0, size]], reserved: 0 };
  }

  static {
    spaceOf = (r) => r.#space;
  }

  /** A region with an open window keeps its key. */
  get pinned(): boolean {
    return this.openWindows > 0;
  }

  /** The mappings a key retag covers: the code pages (RWX under the pkey policy) and the staging image (RW). */
  get spans(): readonly KeySpan[] {
    return [{ start: this.start, size: this.size, exec: true }, { start: this.stagingStart, size: this.size, exec: false }];
  }

  /** Bytes still free (in all free ranges together). */
  get free(): number {
    return this.#space.free.reduce((n, [s, e]) => n + e - s, 0);
  }

  /** The allocation containing region offset `off`, if any. */
  allocationAt(off: number): Allocation | undefined {
    return this.allocations.find((a) => off >= a.offset && off < a.offset + a.size);
  }
}
