/**
 * The fuzzer's programs: each is a pure function of a 32-bit seed, from one of the two
 * generators (the seed picks which), so a failing program is reproduced from its seed alone.
 * Both write only subset code (docs/js-subset.md), never `print(` (node has none), bound every
 * loop and recursion, and print every value they compute.
 */
import { structuredProgram } from './gen-program.js';
import { straightLineProgram } from './gen-straight.js';
import { Rng } from './rng.js';

/** Which generator wrote a program. */
export type GeneratorName = 'straight' | 'structured';

/** A generated program. */
export interface FuzzProgram {
  /** The seed it was made from (a 32-bit integer). */
  readonly seed: number;
  readonly generator: GeneratorName;
  readonly source: string;
}

/** The program for `seed`: straight-line arithmetic half the time, structured code otherwise. */
export function generate(seed: number): FuzzProgram {
  const generator: GeneratorName = new Rng(seed ^ 0x5eed).int(2) === 0 ? 'straight' : 'structured';
  const source = generator === 'straight' ? straightLineProgram(seed) : structuredProgram(seed);
  return { seed, generator, source };
}
