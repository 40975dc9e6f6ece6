/**
 * Every samples/js/NAME.js under pkjit prints exactly NAME.expected, which is exactly what node
 * prints for it today (samples/js/package.json makes node run them as sloppy scripts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../../jit/engine/engine.js';

const SAMPLES_DIR = fileURLToPath(new URL('../../../samples/js/', import.meta.url));
/** The sample files, sorted, so a new sample is picked up without editing this test. */
const SAMPLES = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.js')).sort();

describe('samples/js', () => {
  it('has at least 12 samples, each with its .expected file', () => {
    expect(SAMPLES.length).toBeGreaterThanOrEqual(12);
    const expected = new Set(readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.expected')));
    expect(SAMPLES.filter((f) => !expected.has(f.replace(/\.js$/, '.expected')))).toEqual([]);
  });

  for (const name of SAMPLES) {
    it(`${name}: pkjit prints the .expected file, which is node's output`, () => {
      const file = join(SAMPLES_DIR, name);
      const expected = readFileSync(file.replace(/\.js$/, '.expected'), 'utf8');
      expect(execFileSync(process.execPath, [file], { encoding: 'utf8' })).toBe(expected);
      const r = runProgram(readFileSync(file, 'utf8'), name);
      expect(r.error).toBeUndefined();
      expect(r.exitCode).toBe(0);
      expect(r.output.map((l) => l + '\n').join('')).toBe(expected);
    });
  }
});
