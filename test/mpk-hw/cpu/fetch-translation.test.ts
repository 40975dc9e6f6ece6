/**
 * The CPU keeps the last code page's fetch translation while its TLB's generation is unchanged
 * (cpu.ts fetchAddress).  Differential: the same programs run with the cache defeated (a retire
 * hook bumps every TLB's generation after each instruction, so each fetch goes through the MMU)
 * and with it, and must agree on output, instructions retired, cycles and the TLB's counters
 * (hits, misses, invalidations, flushes), exactly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../../mpk-hw/machine.js';
import { runProgram } from '../../../jit/engine/engine.js';
import { MemorySink } from '../../../sdk/index.js';

const SAMPLES = ['sieve.js', 'recursion.js', 'strings.js'];

function run(name: string, defeat: boolean, executors: number): { out: unknown; tlb: unknown; instructions: number; cycles: unknown } {
  let machine: Machine | null = null;
  const sink = new MemorySink();
  const src = readFileSync(new URL(`../../../samples/js/${name}`, import.meta.url), 'utf8');
  const r = runProgram(src, name, { executors, seed: 3, audit: [sink], onMachine: (m) => {
    machine = m;
    if (defeat) m.setRetireHook(() => { for (const c of m.cores) c.hw.mmu.tlb.generation++; });
  } });
  const m = machine as Machine | null;
  if (m === null) throw new Error('no machine');
  return { out: [r.exitCode, r.outputs, r.error], tlb: m.cores.map((c) => ({ ...c.hw.mmu.tlb.stats })),
    instructions: m.cores.reduce((n, c) => n + c.stats.instructions, 0),
    // Every record's simulated cycle: the cost model's charges, TLB misses included.
    cycles: sink.records.map((x) => [x.seq, x.kind, x.tid, x.cycle]) };
}

describe('the fetch translation cache changes nothing but speed', () => {
  const names = SAMPLES.filter((n) => { try { readFileSync(new URL(`../../../samples/js/${n}`, import.meta.url)); return true; } catch { return false; } });
  it('there are samples to run', () => expect(names.length).toBeGreaterThanOrEqual(2));
  it.each(names)('%s on 2 executors: same output, instructions, cycles and TLB counters', (name) => {
    const a = run(name, false, 2);
    const b = run(name, true, 2);
    expect(a.out).toEqual(b.out);
    expect(a.instructions).toBe(b.instructions);
    expect(a.instructions).toBeGreaterThan(1000);
    expect(a.tlb).toEqual(b.tlb);
    expect(a.cycles).toEqual(b.cycles);
  });
});
