/**
 * Golden assembly listings of the back end: for three small programs, every function's code
 * (lowered with the fixed environment of lower-env.ts, so addresses and constants never
 * change) disassembled objdump-style at address 0, interleaved with nothing but a header per
 * function. Review changes to __snapshots__/*.asm as diffs (`vitest -u` rewrites them).
 */
import { describe, expect, it } from 'vitest';
import { lowerFunction } from '../../../jit/backend/lower.js';
import { printFunction } from '../../../jit/ir/print.js';
import { disassemble } from '../../../jit/engine/listing.js';
import { TEST_ENV, irFunctions } from './lower-env.js';

const PROGRAMS: ReadonlyArray<readonly [string, string]> = [
  ['doubles', `function poly(x) { return x * x * 0.5 - x / 3 + 1; }
function clamp(a, b) { if (a < b) return -a; return a === b ? 0 : b; }
console.log(poly(2), clamp(1, 2));`],
  ['int32', `function mix(h, i) { return ((h ^ (h << 5)) & 0xffff) | (i % 7) | (h >>> 3); }
console.log(mix(12345, 10), ~mix(1, 2));`],
  ['arrays', `function sum(a) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = s + a[i];
  a[a.length] = s;
  a.push(Math.floor(s));
  return s;
}
console.log(sum([1, 2, 3]));`],
];

/** Each function's IR (as comments) and its disassembly. */
function listing(source: string): string {
  return irFunctions(source).map((f) => {
    const ir = printFunction(f).trimEnd().split('\n').map((l) => `; ${l}`);
    return [...ir, ...disassemble(lowerFunction(f, TEST_ENV), 0), ''].join('\n');
  }).join('\n');
}

describe('golden listings', () => {
  for (const [name, source] of PROGRAMS) {
    it(name, async () => {
      await expect(listing(source)).toMatchFileSnapshot(`./__snapshots__/${name}.asm`);
    });
  }
});
