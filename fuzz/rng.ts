/**
 * The one source of randomness of the generators: a mulberry32 stream from a 32-bit seed, so a
 * program is a pure function of its seed (fast-check, or the campaign's seed sequence, picks the
 * seeds). Every choice a generator makes goes through this class.
 */

/** A deterministic stream of choices. */
export class Rng {
  /** mulberry32 state (an unsigned 32-bit integer). */
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An integer in [0, n), n >= 1. */
  int(n: number): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  }

  /** An integer in [lo, hi], both inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability `p` (0..1, in steps of 1/1000). */
  chance(p: number): boolean {
    return this.int(1000) < p * 1000;
  }

  /** One element of a non-empty list. */
  pick<T>(xs: readonly T[]): T {
    const x = xs[this.int(xs.length)];
    if (x === undefined) throw new Error('Rng.pick: empty list');
    return x;
  }

  /** One key of `table`, with probability proportional to its weight (integers >= 0, sum > 0). */
  weighted<K extends string>(table: Readonly<Record<K, number>>): K {
    const entries = Object.entries(table) as [K, number][];
    const total = entries.reduce((n, [, w]) => n + w, 0);
    let r = this.int(total);
    for (const [k, w] of entries) {
      if (r < w) return k;
      r -= w;
    }
    throw new Error('Rng.weighted: weights sum to zero');
  }

  /** A list of `n` values made by `make`. */
  times<T>(n: number, make: (i: number) => T): T[] {
    return Array.from({ length: n }, (_, i) => make(i));
  }
}

/** The seed of program `index` of a campaign started with `seed` (a 32-bit mix of both). */
export function programSeed(seed: number, index: number): number {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) | 0;
}
