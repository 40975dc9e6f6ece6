/**
 * Property tests of the SDK: random programs of windows (nested, ranged), writes (functions,
 * out of bounds, forbidden immediates, half a WRPKRU at a seam), seals, publishes, atomic and
 * large live patches, retires, entries into published code, spawns (also from a thread that
 * holds a window), signals (also compiling inside the handler), callbacks that throw inside
 * withWindow, and key pressure (1..3
 * hardware keys for 2..4 regions), run as host coroutines interleaved by
 * machine.scheduler({ seed }) over many seeds.  After every step the machine-level invariants
 * of property-invariants.ts hold and every SDK answer matches the model; at the end the audit
 * log verifies intact with no violation.  fast-check's seeds are fixed: runs are deterministic.
 *
 * A run costs ~20 ms, so npm test runs a quick set; PROPERTY_RUNS=n multiplies every count
 * (PROPERTY_RUNS=4 runs at least the counts of the former default: 800, 80, 200 and 400).  The
 * two `fixed:` tests keep enough runs to meet their bug again: with each fix undone, the first
 * failing run is the 26th (withWindow) and the 104th (seams) of these seeds, and about one run
 * in 30 (withWindow) and in 60 (seams) fails.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarios, type Scenario } from './property-ops.js';
import { World, type Flags, type RunStats } from './property-world.js';

const SCALE = Math.max(1, Number(process.env['PROPERTY_RUNS'] ?? 1));
/** The runs of each test: its quick count times PROPERTY_RUNS. */
const RUNS = { main: 200 * SCALE, long: 20 * SCALE, nested: 100 * SCALE, seams: 200 * SCALE };

/** One run, every step checked by the World; the log must verify intact with no violation. */
function runClean(s: Scenario, flags: Flags = {}): World {
  const w = new World(s, flags);
  const { result, report } = w.run();
  expect(result.reason).toBe('done');
  expect(report.status).toBe('intact');
  expect(report.violations).toEqual([]);
  return w;
}

describe('SDK properties over random programs and scheduler seeds', () => {
  it(`the invariants hold after every step, answers match the model, the log verifies (${RUNS.main} runs)`, () => {
    const stats: RunStats[] = [];
    const codes = new Set<string>();
    fc.assert(fc.property(scenarios(2), (s) => {
      const w = runClean(s);
      stats.push(w.stats);
      for (const c of w.refusedCodes.keys()) codes.add(c);
    }), { seed: 0x5d4c0de, numRuns: RUNS.main });
    // The runs exercised what they claim to.
    const total = (k: keyof RunStats): number => stats.reduce((n, x) => n + x[k], 0);
    for (const k of ['entries', 'traps', 'signals', 'spawns', 'patches', 'seals', 'evictions', 'handlerCompiles'] as const) {
      expect(total(k), k).toBeGreaterThan(0);
    }
    expect([...codes].sort()).toEqual(expect.arrayContaining(['ALLOC_STATE', 'ENTER_UNPUBLISHED', 'KEYS_EXHAUSTED', 'NOT_QUIESCED',
      'RETIRE_WINDOW_OPEN', 'SEAL_WINDOW_OPEN', 'VERIFY_FAILED', 'WINDOW_BOUNDS', 'WINDOW_CLOSED', 'WINDOW_NESTED']));
  });

  it(`long programs under the tightest key pressure: codeKeys 1, 4 regions (${RUNS.long} runs)`, () => {
    fc.assert(fc.property(scenarios(5).map((s) => ({ ...s, codeKeys: 1, regions: 4 })), (s) => {
      runClean(s);
    }), { seed: 0x1ce, numRuns: RUNS.long });
  });

  // BUG (sdk/windows.ts withWindow): when the callback throws while a nested window it opened
  // (nesting: 'count', with openWindow) is still open, withWindow's `finally` calls w.close(),
  // which throws WINDOW_ORDER: the callback's own error is lost, and neither window is closed,
  // so the thread keeps write rights on both regions' keys after withWindow has returned.
  // Shrunk (seed 1, codeKeys 2): one compiler reserves r0#0, then withWindow(r0#0) writes a
  // function, opens a nested window on a fresh r1#0 and throws: withWindow throws "window w0
  // closed before w1, opened after it" instead of the callback's error; w0 and w1 stay open.
  it(`fixed: withWindow whose callback throws with a nested window open closes both, innermost first (${RUNS.nested} runs)`, () => {
    fc.assert(fc.property(scenarios(2), (s) => {
      runClean(s, { leakNested: true });
    }), { seed: 0xb06, numRuns: RUNS.nested });
  });

  // BUG (sdk/windows.ts + sdk/seal.ts, seams): seal() checks the 2 bytes of each neighbour as
  // they are at that moment, but nothing checks them again: a later write through a window on
  // the NEXT allocation can complete a forbidden sequence that starts in sealed or published
  // code (its own seal refuses it, but the bytes are in executable memory already, and publish
  // does not re-verify).  Found (seed 1, codeKeys 1, after 104 runs): r0#0 ends in `0F 01`
  // (harmless next to r0#1's `B8`), is sealed; another compiler writes `EF` at r0#1's offset 0;
  // r0#0 is published holding WRPKRU at offset 14.  Entering r0#0 at offset 14 (or jumping
  // there) runs WRPKRU: PKRU becomes 0 while JIT code runs, seen only on return (pkru.unaudited).
  it(`fixed: a write next to sealed code cannot complete a forbidden sequence across the seam (${RUNS.seams} runs)`, () => {
    fc.assert(fc.property(scenarios(3), (s) => {
      runClean(s, { checkSeams: true });
    }), { seed: 0xb06, numRuns: RUNS.seams });
  });
});
