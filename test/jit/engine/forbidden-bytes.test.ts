/**
 * Programs whose values put forbidden byte sequences (sdk/verifier.ts) into the operands the
 * back end emits: each used to crash `pkjit run` and `pkjit disasm` with a host stack trace
 * (a constant no fixed blinding key made safe; an argument count emitted raw as
 * `mov rcx, 0x50f`). Each now prints exactly what node prints, and disassembles. (A global
 * whose displacement holds 0F 05 is in test/jit/backend/lower.test.ts: 41,442 globals.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import type { Io } from '../../../cli/io.js';
import { runProgram } from '../../../jit/engine/engine.js';

const dir = mkdtempSync(join(tmpdir(), 'pkjit-forbidden-'));
writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');

/** `name`.js in the test directory holding `source`; its path. */
function file(name: string, source: string): string {
  const p = join(dir, `${name}.js`);
  writeFileSync(p, source);
  return p;
}

/** What node prints for `source` (a sloppy-mode script file: some sources are too long for `node -e`). */
function nodeStdout(name: string, source: string): string {
  return execFileSync(process.execPath, [file(name, source)], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

const SEQUENCES = [[0x0f, 0x01, 0xef], [0x0f, 0xae, 0x28], [0x0f, 0xc7, 0x1f], [0x0f, 0x05], [0x0f, 0x34], [0xcd, 0x80]];

/** Doubles whose bits hold each forbidden sequence at every byte offset, as written and complemented. */
function forbiddenDoubles(): number[] {
  const out: number[] = [];
  for (const seq of SEQUENCES) {
    for (let at = 0; at + seq.length <= 8; at++) {
      const b = new Uint8Array(8).fill(0x11);
      b.set(seq, at);
      const bits = new DataView(b.buffer).getBigUint64(0, true);
      for (const x of [bits, ~bits & ((1n << 64n) - 1n)]) {
        const d = new Float64Array(new BigUint64Array([x]).buffer)[0] as number;
        if (Number.isFinite(d)) out.push(d);
      }
    }
  }
  return out;
}

const list = (n: number): string => Array.from({ length: n }, (_, i) => i).join(', ');

/** Programs node runs; pkjit must print the same and exit 0. */
const RUNS: Readonly<Record<string, string>> = {
  // The review's double: high word 0x050FFAF0 holds 0F 05 as written and complemented.
  reviewDouble: 'console.log(2.688286900694378e-284);',
  doublesWithForbiddenBits: `const ds = [${forbiddenDoubles().map((d) => String(d)).join(', ')}];\nfor (let i = 0; i < ds.length; i++) console.log(i, ds[i], -ds[i], ds[i] * 2);\nconsole.log(ds);`,
  integersWithForbiddenBytes: 'console.log(1295, 13327, 0xef010f, 0x80cd, 0x050f050f, -1295, [1295, 0x340f].length);',
  // The review's call: `mov rcx, 0x50f` (the argument count) held SYSCALL.
  call1295Arguments: `function f(a, b) { return a + b; }\nconsole.log(f(${list(0x050f)}));`,
  log1295Values: `console.log(${list(0x050f)});`,
  array1295Elements: `const a = [${list(0x050f)}];\nconsole.log(a.length, a[1294]);`,
  function1295Parameters: `function f(${Array.from({ length: 0x050f }, (_, i) => `p${i}`).join(', ')}) { return p0 + p1294; }\nconsole.log(f(${list(0x050f)}), f(1));`,
};

describe('programs with forbidden bytes in their operands: pkjit prints what node prints', () => {
  for (const [name, source] of Object.entries(RUNS)) {
    it(name, () => {
      const want = nodeStdout(name, source);
      const r = runProgram(source, `${name}.js`);
      expect(r.error).toBeUndefined();
      expect(r.exitCode).toBe(0);
      expect(r.output.map((l) => `${l}\n`).join('')).toBe(want);
    });
  }
});

describe('pkjit run and disasm of the review\'s two programs', () => {
  const capture = (): Io & { outs: string[]; errs: string[] } => {
    const outs: string[] = [];
    const errs: string[] = [];
    return { outs, errs, out: (l) => outs.push(l), err: (l) => errs.push(l), color: false };
  };
  for (const name of ['reviewDouble', 'call1295Arguments'] as const) {
    it(name, () => {
      const p = file(`${name}-cli`, RUNS[name] as string);
      const run = capture();
      expect(main(['run', p], run)).toBe(0);
      expect(run.outs.map((l) => `${l}\n`).join('')).toBe(nodeStdout(name, RUNS[name] as string));
      const disasm = capture();
      expect(main(['disasm', p], disasm)).toBe(0);
      expect(disasm.outs.some((l) => /<script>/.test(l))).toBe(true);
      expect(disasm.errs).toEqual([]);
    });
  }
});
