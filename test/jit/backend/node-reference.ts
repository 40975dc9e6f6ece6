/**
 * Test helper: runs a program under pkjit and under node (`node -e`, a sloppy-mode script as
 * pkjit compiles it) and checks that pkjit prints exactly node's stdout.
 */
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { runProgram, type RunResult } from '../../../jit/engine/engine.js';

/** node's stdout and exit status for `src`. */
export function nodeRun(src: string): { stdout: string; status: number | null } {
  const r = spawnSync(process.execPath, ['-e', src], { encoding: 'utf8' });
  return { stdout: r.stdout, status: r.status };
}

/** Runs `src` under pkjit, expects node's stdout and a normal exit, and returns the run. */
export function expectSameAsNode(src: string): RunResult {
  const node = nodeRun(src);
  expect(node.status).toBe(0);
  const r = runProgram(src, 't.js');
  expect(r.error).toBeUndefined();
  expect(r.exitCode).toBe(0);
  expect(r.output.map((l) => l + '\n').join('')).toBe(node.stdout);
  return r;
}

/** Runs `src`, which node ends with an uncaught error: pkjit stops (exit 3) after node's stdout. */
export function expectSameStop(src: string, error: string): RunResult {
  const node = nodeRun(src);
  expect(node.status).toBe(1);
  const r = runProgram(src, 't.js');
  expect(r.exitCode).toBe(1); // node's exit status for an uncaught exception
  expect(r.error).toBe(error);
  expect(r.output.map((l) => l + '\n').join('')).toBe(node.stdout);
  return r;
}

/**
 * Edge values, as source text: signed zeros, NaN, infinities, the int32 and uint32 borders,
 * 2^53, the smallest subnormal, 1e21 (where printing switches to exponents), inexact sums,
 * fractions, and one value of every other type.
 */
export const EDGE_VALUES: readonly string[] = [
  '-0', '0', 'NaN', 'Infinity', '-Infinity', '2 ** 31', '-(2 ** 31)', '2 ** 31 - 1', '2 ** 32', '2 ** 32 - 1',
  '2 ** 53', '5e-324', '1e21', '0.1 + 0.2', '1', '-1', '1.5', '-1.5', '2.5', '3', '-7', '33',
  "'a'", "'1'", "''", 'null', 'undefined', 'true', 'false', '[]', '[1, 2]',
];

/** `const V = [...]` holding EDGE_VALUES (plus `extra`). */
export function valuesArray(extra: readonly string[] = []): string {
  return `const V = [${[...EDGE_VALUES, ...extra].join(', ')}];`;
}
