/**
 * The lowering keeps node's semantics: running the IR with the reference interpreter
 * (interpret.ts, host operations) prints what node prints, and throws when node throws (same
 * error class). Golden programs and random subset programs; runs that loop past the budget
 * or overflow the stack on either side are skipped.
 */

import fc from 'fast-check';
import { format } from 'node:util';
import { Script, createContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../jit/frontend/parse.js';
import { checkSubset } from '../../../jit/frontend/subset.js';
import { buildProgram } from '../../../jit/ir/build.js';
import { randomProgram } from '../frontend/random-program.js';
import { GOLDEN_PROGRAMS } from './golden-programs.js';
import { OutOfSteps, interpret } from './interpret.js';

const RUNS = 300;

interface Outcome {
  readonly lines: readonly string[];
  /** The thrown error's class name, or 'none'; 'skip' for budget/timeout/stack overflow. */
  readonly error: string;
}

function outcome(lines: readonly string[], e: unknown): Outcome {
  if (e === undefined) return { lines, error: 'none' };
  const name = (e as { name?: unknown }).name;
  const skip = e instanceof OutOfSteps || name === 'RangeError' || /timed out/.test(String(e));
  return { lines, error: skip ? 'skip' : String(name) };
}

function underNode(source: string): Outcome {
  const lines: string[] = [];
  const log = (...args: unknown[]): void => void lines.push(format(...args));
  try {
    new Script(source).runInContext(createContext({ console: { log }, print: log }), { timeout: 50 });
    return outcome(lines, undefined);
  } catch (e) {
    return outcome(lines, e);
  }
}

function underIr(source: string): Outcome {
  const program = parseProgram(source, 't.js');
  const ir = buildProgram(program, checkSubset(program, 't.js'), 't.js');
  const texts = new Map<string, string>();
  for (const s of program.body) if (s.type === 'FunctionDeclaration') texts.set(s.id.name, source.slice(s.start, s.end));
  const lines: string[] = [];
  try {
    interpret(ir, texts, lines);
    return outcome(lines, undefined);
  } catch (e) {
    return outcome(lines, e);
  }
}

function same(source: string): boolean {
  const node = underNode(source);
  const ir = underIr(source);
  if (node.error === 'skip' || ir.error === 'skip') return false;
  expect(ir, `--- program ---\n${source}`).toEqual(node);
  return true;
}

describe('IR semantics match node', () => {
  it.each(GOLDEN_PROGRAMS)('golden program %s', (_name, source) => {
    expect(same(source)).toBe(true);
  });

  it(`${RUNS} random programs`, () => {
    let compared = 0;
    fc.assert(fc.property(fc.integer(), (seed) => {
      if (same(randomProgram(seed))) compared++;
    }), { seed: 0x5e11, numRuns: RUNS });
    expect(compared).toBeGreaterThan(RUNS / 2);
  });
});
