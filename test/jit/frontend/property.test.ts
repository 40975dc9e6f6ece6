/**
 * Properties of generated subset programs (random-program.ts), fast-check seed fixed:
 *   1. checkSubset accepts each, and node's own parser (V8, vm.Script, in this process)
 *      accepts it too;
 *   2. soundness of the run-time checks: each program runs under node (vm, a few ms each);
 *      when node throws a ReferenceError (TDZ, not defined), scope analysis marked a reference
 *      to that very name with a check; node never throws "Assignment to constant variable".
 */

import fc from 'fast-check';
import { Script, createContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../jit/frontend/parse.js';
import type { ScopeInfo } from '../../../jit/frontend/scope.js';
import { checkSubset } from '../../../jit/frontend/subset.js';
import { randomProgram } from './random-program.js';

const RUNS = 1000;
const seeds = fc.integer({ min: 0, max: 0x7fffffff });

/** The name in node's ReferenceError message, if it is one of the two scope errors. */
function referenceErrorName(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || (e as { name?: unknown }).name !== 'ReferenceError') return undefined;
  const m = /^Cannot access '(.+)' before initialization$|^(.+) is not defined$/.exec(String((e as { message?: unknown }).message));
  return m?.[1] ?? m?.[2];
}

/** Runs `source` under node briefly; returns the error it throws, or undefined. */
function runUnderNode(source: string): unknown {
  const quiet = (): void => undefined;
  try {
    new Script(source).runInContext(createContext({ console: { log: quiet }, print: quiet }), { timeout: 5 });
    return undefined;
  } catch (e) {
    return e;
  }
}

function checkedNames(info: ScopeInfo): Set<string> {
  return new Set([...info.references.values()].filter((r) => r.check !== 'none').map((r) => r.node.name));
}

describe('generated subset programs', () => {
  it(`${RUNS} random programs: checkSubset accepts them and node parses them`, () => {
    let lines = 0;
    fc.assert(fc.property(seeds, (seed) => {
      const source = randomProgram(seed);
      lines += source.split('\n').length;
      try {
        checkSubset(parseProgram(source, 'gen.js'), 'gen.js');
        new Script(source, { filename: 'gen.js' });
      } catch (e) {
        throw new Error(`${(e as Error).message}\n--- program (seed ${seed}) ---\n${source}`);
      }
    }), { seed: 0x5e7, numRuns: RUNS });
    expect(lines).toBeGreaterThan(RUNS * 5);
  });

  it('every ReferenceError node throws is at a name scope analysis marked with a check', () => {
    let thrown = 0;
    fc.assert(fc.property(seeds, (seed) => {
      const source = randomProgram(seed);
      const info = checkSubset(parseProgram(source, 'gen.js'), 'gen.js');
      const error = runUnderNode(source);
      expect(String(error)).not.toContain('Assignment to constant variable');
      const name = referenceErrorName(error);
      if (name === undefined) return;
      thrown++;
      if (!checkedNames(info).has(name)) throw new Error(`node: ${String(error)}, but no reference to ${name} is checked\n--- program (seed ${seed}) ---\n${source}`);
    }), { seed: 0xc4ec, numRuns: 400 });
    expect(thrown).toBeGreaterThan(10);
  });

  it('the generator reaches every statement and expression form', () => {
    const all = fc.sample(seeds, { seed: 0x5e7, numRuns: RUNS }).map(randomProgram).join('\n');
    const forms = ['var ', 'let ', 'const ', 'function ', 'if (', 'else', 'while (', 'do {', 'for (let', ': for (', 'switch (', 'case ', 'default:',
      'break', 'continue', 'return ', 'typeof ', '**', '>>>', '??', '? ', '[', '.length', '.push(', '.pop(', 'Math.', 'Array(', 'new Array(',
      'console.log(', 'print(', '++', '--', '&&=', ', , ', 'ig', 'late'];
    expect(forms.filter((f) => !all.includes(f))).toEqual([]);
  });
});
