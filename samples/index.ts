/**
 * The list of samples `npm run samples` runs (samples/run-all.ts).  To add one, write a module
 * that exports `main(print): number` (the exit code; every line goes through `print`) and an
 * `expected: Expected`, then append it to SAMPLES below.
 */
import * as brainfuck from './embed/brainfuck.js';
import * as rpn from './embed/rpn.js';
import { ATTACK_SAMPLES } from './attacks/index.js';
import type { Instrument } from './instrument.js';

/** What a sample documents: run-all passes it when main() returns 0 and every `contains` line appears. */
export interface Expected {
  /** One line: what the sample shows. */
  readonly description: string;
  /** Substrings its output must contain (each found in some line). */
  readonly contains: readonly string[];
}

/** A runnable sample. */
export interface Sample {
  /** Path under samples/, without the extension: 'embed/brainfuck'. */
  readonly name: string;
  readonly expected: Expected;
  /** Runs the sample, printing through `print` (and `instrument` on each machine it makes); returns the exit code. */
  readonly main: (print: (line: string) => void, instrument?: Instrument) => number;
}

/** Every sample, in the order run-all runs them.  Append new ones (samples/attacks/...) here. */
export const SAMPLES: readonly Sample[] = [
  { name: 'embed/brainfuck', expected: brainfuck.expected, main: brainfuck.main },
  { name: 'embed/rpn', expected: rpn.expected, main: rpn.main },
  ...ATTACK_SAMPLES,
];
