/**
 * The fast paths are taken: loops whose every operation has a fast path for the values they
 * meet make the same number of runtime calls whatever their trip count (console.log, array
 * allocation, one read past the end, the lazy compile requests and `finish` remain), so a
 * change that silently sends a common case back to the runtime fails here.
 */
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../../jit/engine/engine.js';
import { nodeRun } from './node-reference.js';

/** Loop bodies over `i` (0..N-1); `N` is substituted. */
const LOOPS: ReadonlyArray<readonly [string, string]> = [
  ['double arithmetic', 'let s = 0.5; for (let i = 0; i < N; i++) { s = s * 1.0001 + i / 3 - 0.25; s = -s; s = -s; } console.log(s);'],
  ['int32 operators and %', 'let h = 1; for (let i = 0; i < N; i++) { h = ((h ^ (h << 5) ^ (h >>> 3) ^ ~i) & 0xffff) | (i % 7) | (h >> 1); } console.log(h);'],
  ['comparisons and branches', `let c = 0; let t = true;
for (let i = 0; i < N; i++) { if (i === 3 || i !== i || (i >= 5 && i <= 9) || !(i > 2) || i == 11) c = c + 1; t = !t; if (t) c = c - 0.5; while (c) c = 0; }
console.log(c, t);`],
  ['array reads (holes too), writes, appends, length, push, pop', `const a = Array(N); const p = [0, 0, , 0, 0, 0, 0, 0];
let h = 0;
for (let i = 0; i < N; i++) { a[i] = i * 2; h = h + (a[i + 1] === undefined ? 1 : 0); p.pop(); p.push(i); p.pop(); p[p.length] = a[i] + a.length; }
let s = 0; for (let i = 0; i < a.length; i++) s = s + a[i] + p.length + p[i % 8 === 2 ? 0 : i % 8];
console.log(s, h, p, p[2]);`],
  ['Math functions', 'let m = 0; for (let i = 0; i < N; i++) m = Math.max(m, Math.floor(Math.sqrt(Math.abs(i - 50.5))) + Math.ceil(i / 7) - Math.trunc(-i / 9) + Math.min(i, 3)); console.log(m);'],
  ['calls', 'function sq(x) { return x * x; } let t = 0; for (let i = 0; i < N; i++) t = t + sq(i); console.log(t);'],
];

describe('runtime calls do not grow with the trip count', () => {
  for (const [name, body] of LOOPS) {
    it(name, () => {
      const small = runProgram(body.replaceAll('N', '10'), 't.js');
      const big = runProgram(body.replaceAll('N', '300'), 't.js');
      expect(big.output.join('\n') + '\n').toBe(nodeRun(body.replaceAll('N', '300')).stdout);
      expect(big.stats.runtimeCalls).toBe(small.stats.runtimeCalls);
      expect(big.stats.runtimeCalls).toBeLessThanOrEqual(6);
    });
  }
});
