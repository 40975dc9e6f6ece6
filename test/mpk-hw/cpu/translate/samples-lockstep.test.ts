/**
 * The translator against the interpreter on the JIT's own generated code: each JS sample runs
 * interpreted and translated (translating every block head on its second visit, so nearly all
 * code runs translated), and the two must agree at every scheduler stop point (random quanta:
 * registers, flags, XMM, RIP, retired instructions, TLB and decode-cache counters), and on the
 * output, the audit log's records with their cycles, and the final contents of memory.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../../../mpk-hw/machine.js';
import { runProgram } from '../../../../jit/engine/engine.js';
import { MemorySink } from '../../../../sdk/index.js';
import { firstDifference, memoryDigest, traced } from './lockstep.js';

const DIR = new URL('../../../../samples/js/', import.meta.url);
const ALL = readdirSync(DIR).filter((f) => f.endsWith('.js')).sort();
// inventory.js: objects whose inline caches the compiler thread patches while the code runs.
const QUICK = ['sieve.js', 'nbody.js', 'inventory.js'];
const NAMES = process.env['SAMPLES_FULL'] === '1' ? ALL : QUICK;

function run(name: string, translate: boolean, executors: number) {
  let machine: Machine | null = null;
  const sink = new MemorySink();
  const src = readFileSync(new URL(name, DIR), 'utf8');
  const { result, stops } = traced(() => runProgram(src, name, {
    executors, seed: 5, audit: [sink], translate: translate ? { hot: 2 } : false, onMachine: (m) => { machine = m; },
  }));
  const m = machine as Machine | null;
  if (m === null) throw new Error('no machine');
  return {
    out: [result.exitCode, result.outputs, result.error],
    stops,
    // Every record but the log's random id.
    records: sink.records.map((x) => JSON.stringify([x.seq, x.kind, x.tid, x.cycle, x.detail]).replace(/"logId":"[0-9a-f]+"/, '')),
    memory: memoryDigest(m),
    translator: m.translator?.stats,
  };
}

describe('translated JIT code matches the interpreter at every stop point', () => {
  it.each(NAMES.flatMap((n) => [[n, 1], [n, 2]] as const))('%s on %i executor(s)', (name, executors) => {
    const a = run(name, false, executors);
    const b = run(name, true, executors);
    expect(firstDifference(a.stops, b.stops)).toBeNull();
    expect(b.out).toEqual(a.out);
    expect(b.records).toEqual(a.records);
    expect(b.memory).toBe(a.memory);
    // The translated run really ran translated code.
    expect(b.translator?.translated).toBeGreaterThan(10);
    expect(b.translator?.executions).toBeGreaterThan(1000);
  });
});
