import { describe, expect, it } from 'vitest';
import { isWindowRecord, setupBench, splitRun } from '../../bench/wx-costs.js';
import { policyWorkload } from '../../bench/jit.js';

const src = policyWorkload(4);

describe('W^X costs split into setup and per window (bench/wx-costs.ts)', () => {
  it('classifies window records', () => {
    expect(isWindowRecord({ kind: 'pkru', window: 'w3' })).toBe(true);
    expect(isWindowRecord({ kind: 'mprotect', reason: 'window w12 closed' })).toBe(true);
    expect(isWindowRecord({ kind: 'quiesce' })).toBe(true);
    expect(isWindowRecord({ kind: 'pkru' })).toBe(false);
    expect(isWindowRecord({ kind: 'key.retag', reason: 'guest data executor 0\'s heap' })).toBe(false);
  });

  it('pkey: every window costs exactly two WRPKRU, whatever the executors; the parts add up to the run', () => {
    for (const n of [1, 2]) {
      const { split, permissionCycles } = splitRun(src, 'pkey', n);
      expect(split.window.wrpkru).toBe(2 * split.windows);
      expect(split.window.cycles).toBe(40 * split.windows);
      expect(split.window.tlbShootdowns).toBe(0);
      expect(split.stallCycles).toBe(0);
      expect(split.outside.cycles + split.window.cycles).toBe(permissionCycles);
      expect(setupBench(src, 'pkey', n, 'engine')).toEqual(split.outside);
    }
  });

  it('mprotect: windows make mprotect calls and shoot down the other CPUs; the parts add up', () => {
    const { split, permissionCycles } = splitRun(src, 'mprotect', 2);
    expect(split.window.wrpkru).toBe(0);
    expect(split.window.mprotectCalls).toBe(2 * split.windows);
    expect(split.window.tlbShootdowns).toBeGreaterThan(split.windows);
    expect(split.stallCycles).toBeGreaterThan(0);
    expect(split.outside.cycles + split.window.cycles).toBe(permissionCycles);
  });

  it('tagging every heap before the first executor runs saves shootdowns, none with one executor', () => {
    expect(setupBench(src, 'pkey', 1, 'tag-first')).toEqual(setupBench(src, 'pkey', 1, 'engine'));
    const engine = setupBench(src, 'pkey', 4, 'engine');
    const first = setupBench(src, 'pkey', 4, 'tag-first');
    expect(first.pkeyMprotectCalls).toBe(engine.pkeyMprotectCalls);
    expect(first.tlbShootdowns).toBeLessThan(engine.tlbShootdowns);
    expect(engine.cycles - first.cycles).toBe((engine.tlbShootdowns - first.tlbShootdowns) * 4500);
  });
});
