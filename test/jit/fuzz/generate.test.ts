/**
 * The generators (fuzz/generate.ts and the files it uses): deterministic, inside the subset
 * (the frontend accepts almost every program), never `print(`, and the hostile constants
 * really hold the byte sequences the SDK refuses to seal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileNumber } from '../../../fuzz/edge-values.js';
import { generate } from '../../../fuzz/generate.js';
import { Rng, programSeed } from '../../../fuzz/rng.js';
import { JitError } from '../../../jit/errors.js';
import { parseProgram } from '../../../jit/frontend/parse.js';
import { checkSubset } from '../../../jit/frontend/subset.js';
import { forbiddenBytes } from '../../../sdk/verifier.js';

/** The frontend's refusal of `source`, or undefined when it accepts it. */
function refusal(source: string): string | undefined {
  try {
    checkSubset(parseProgram(source, 'p.js'), 'p.js');
    return undefined;
  } catch (e) {
    if (e instanceof JitError) return e.message;
    throw e;
  }
}

describe('generate', () => {
  it('is a pure function of the seed', () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      expect(generate(seed)).toEqual(generate(seed));
    }), { seed: 0x6e1, numRuns: 50 });
    expect(generate(1).source).not.toBe(generate(2).source);
  });

  it('writes subset programs: fewer than 5% refused, none with print(', () => {
    const refused: string[] = [];
    const seen = { straight: 0, structured: 0 };
    for (let i = 0; i < 400; i++) {
      const p = generate(programSeed(0x5eb, i));
      seen[p.generator]++;
      expect(p.source).not.toMatch(/\bprint\(/);
      expect(p.source).toMatch(/console\.log\(/);
      const why = refusal(p.source);
      if (why !== undefined) refused.push(why);
    }
    expect(refused.length, refused.join('\n')).toBeLessThan(400 * 0.05);
    expect(seen.straight).toBeGreaterThan(120);
    expect(seen.structured).toBeGreaterThan(120);
  });

  it('draws program seeds that differ from one index to the next', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => programSeed(7, i)));
    expect(seeds.size).toBe(1000);
    expect(programSeed(7, 3)).toBe(programSeed(7, 3));
    expect(programSeed(7, 3)).not.toBe(programSeed(8, 3));
  });
});

describe('hostileNumber', () => {
  it('is a literal whose int32 or double bytes hold a sequence the SDK refuses', () => {
    const rng = new Rng(99);
    for (let i = 0; i < 200; i++) {
      const text = hostileNumber(rng);
      const x = Number(text.replace(/[()]/g, ''));
      const bytes = new Uint8Array(8);
      const view = new DataView(bytes.buffer);
      if (Number.isInteger(x) && Math.abs(x) < 2 ** 31) view.setInt32(0, x, true);
      else view.setFloat64(0, x, true);
      const found = forbiddenBytes.check({ bytes, before: 0, after: 0, address: 0, allowSyscall: false });
      expect(found.length, `${text} (${Buffer.from(bytes).toString('hex')})`).toBeGreaterThan(0);
    }
  });
});
