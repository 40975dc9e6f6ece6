/**
 * `verifyLog` catches a single flipped byte anywhere in an audit log: logs come from random
 * runs of the SDK property tests (property-world.ts), and each is flipped at sampled byte
 * positions (plus its first and last byte and the newline of a random record) with a random
 * non-zero XOR mask.  Every flip must make the log `tampered`: a record that no longer parses,
 * or whose hash no longer matches, or bytes after the last record.  And the log of a run is
 * deterministic: the same programs and scheduler seed write the same bytes.
 *
 * PROPERTY_RUNS=n multiplies the runs, as in property.test.ts (PROPERTY_RUNS=3 runs at least the
 * former 60 logs and 40 runs).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyLog } from '../../sdk/audit/check.js';
import { scenarios } from './property-ops.js';
import { World } from './property-world.js';

const SCALE = Math.max(1, Number(process.env['PROPERTY_RUNS'] ?? 1));
const LOGS = 20 * SCALE;
const TWICE = 15 * SCALE;

/** The log text with byte `at` XORed with `mask` (decoded as UTF-8; a broken sequence becomes U+FFFD). */
function flip(log: Buffer, at: number, mask: number): string {
  const b = Buffer.from(log);
  b[at] = (b[at] ?? 0) ^ mask;
  return new TextDecoder().decode(b);
}

describe('audit logs of random runs', () => {
  it(`verify catches a single flipped byte anywhere (${LOGS} logs, 40 flips each)`, () => {
    const flips = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 255 })),
      { minLength: 37, maxLength: 37 });
    fc.assert(fc.property(scenarios(), flips, fc.nat(), (s, sampled, line) => {
      const { text, report } = new World(s).run();
      expect(report.ok).toBe(true);
      const log = Buffer.from(text, 'utf8');
      const newlines = [...log.keys()].filter((i) => log[i] === 0x0a);
      const positions: Array<[number, number]> = [
        [0, 0x01], [log.length - 1, 0x20], [newlines[line % newlines.length] ?? 0, 0x2a],
        ...sampled.map(([f, mask]): [number, number] => [Math.floor(f * log.length), mask]),
      ];
      for (const [at, mask] of positions) {
        const r = verifyLog(flip(log, at, mask));
        expect(r.status, `byte ${at} ^ 0x${mask.toString(16)}: ${JSON.stringify(r.problems.slice(0, 2))}`).toBe('tampered');
        expect(r.ok).toBe(false);
      }
    }), { seed: 0xf11b, numRuns: LOGS });
  });

  it(`the same programs and scheduler seed write the same log, byte for byte (${TWICE} runs)`, () => {
    fc.assert(fc.property(scenarios(), (s) => {
      expect(new World(s).run().text).toBe(new World(s).run().text);
    }), { seed: 0xdede, numRuns: TWICE });
  });
});
