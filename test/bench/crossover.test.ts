import { describe, expect, it } from 'vitest';
import { DEFAULT_COSTS } from '../../mpk-hw/costs.js';
import { crossoverCurves, measureCrossover, protectCycles } from '../../bench/crossover.js';

describe('crossover (bench/crossover.ts)', () => {
  it('one page, one CPU: the model\'s exact totals and the crossover at two changes', () => {
    const c = crossoverCurves(DEFAULT_COSTS, { pages: 1, remoteCpus: 0 });
    // 300 entry + 6300 call + 190 page + 300 INVLPG = 7090 per change.
    expect(protectCycles(DEFAULT_COSTS, 6300, 190, { pages: 1, remoteCpus: 0 })).toBe(7090);
    expect(c.mprotect.slice(0, 3)).toEqual([7090, 14180, 21270]);
    expect(c.pkeyMprotect[63]).toBe(64 * 7090);
    // pkey_alloc (300) + pkey_mprotect (7090) + 20 per WRPKRU.
    expect(c.wrpkru.slice(0, 3)).toEqual([7410, 7430, 7450]);
    expect(c.wrpkru[63]).toBe(7390 + 64 * 20);
    expect(c.crossover).toBe(2);
  });

  it('shootdowns to remote CPUs make every mprotect dearer; the crossover stays at two', () => {
    const c = crossoverCurves(DEFAULT_COSTS, { pages: 1, remoteCpus: 7 });
    expect(c.mprotect[0]).toBe(7090 + 7 * 4500);
    expect(c.crossover).toBe(2);
  });

  it('WRPKRU dearer than half a change: the crossover moves later, or never comes', () => {
    const m = { ...DEFAULT_COSTS, wrpkru: 4000 };
    expect(crossoverCurves(m, { pages: 1, remoteCpus: 0 }).crossover).toBe(3);
    expect(crossoverCurves({ ...DEFAULT_COSTS, wrpkru: 7090 }, { pages: 1, remoteCpus: 0 }).crossover).toBeNull();
  });

  it('the simulated machine charges exactly what the model says, for N = 1..64', () => {
    for (const c of [{ pages: 1, remoteCpus: 0 }, { pages: 4, remoteCpus: 1 }, { pages: 1, remoteCpus: 3 }]) {
      const { crossover, ...model } = crossoverCurves(DEFAULT_COSTS, c);
      expect(crossover).toBe(2);
      expect(measureCrossover(DEFAULT_COSTS, c)).toEqual(model);
    }
  });
});
