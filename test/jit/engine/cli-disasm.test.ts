/**
 * `pkjit disasm`: the listing shows every compiled function, and the bytes written with
 * --bytes decode in GNU objdump with no (bad) and to the same instructions at the same
 * addresses (objdump is the outside referee; skipped, with the reason, when it is missing).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import type { Io } from '../../../cli/io.js';
import { binutilsMissing, normalize } from '../x64/binutils.js';

function capture(): Io & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (l) => outs.push(l), err: (l) => errs.push(l), color: false };
}

const PROGRAM = `
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
function greet(s) { return 'hello ' + s + '!'; }
let a = [1, 2.5, -0, 'x'];
a.push(fib(10));
console.log(a, greet('you'), Math.max(3, 4) | 0, 0xEF010F);
`;

/** address -> instruction text, from lines `addr:\\tbytes\\ttext`. */
function instructions(lines: readonly string[]): Map<number, string> {
  const m = new Map<number, string>();
  for (const l of lines) {
    const f = /^\s*([0-9a-f]+):\t[0-9a-f ]+\t(.+)$/.exec(l);
    if (f !== null && f[1] !== undefined && f[2] !== undefined) m.set(parseInt(f[1], 16), normalize(f[2]));
  }
  return m;
}

describe('pkjit disasm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pkjit-disasm-'));
  const src = join(dir, 'p.js');
  writeFileSync(src, PROGRAM);

  it('lists the engine stubs, the script and every function', () => {
    const io = capture();
    expect(main(['disasm', src], io)).toBe(0);
    const heads = io.outs.filter((l) => /^[0-9a-f]{16} </.test(l)).map((l) => /<(.*)>/.exec(l)?.[1]);
    expect(heads).toEqual(['script', 'engine stubs', 'function fib', 'function greet']);
    expect(io.outs.some((l) => l.includes('(bad)'))).toBe(false);
    expect(io.outs.some((l) => /\tcall +QWORD PTR \[r11\]/.test(l))).toBe(true);
  });

  const missing = binutilsMissing();
  it.skipIf(missing !== undefined)(`--bytes decodes in objdump to the same instructions${missing !== undefined ? ` (skipped: ${missing})` : ''}`, () => {
    const io = capture();
    const bin = join(dir, 'p.bin');
    expect(main(['disasm', src, '--bytes', bin], io)).toBe(0);
    const vma = /--adjust-vma=(0x[0-9a-f]+)/.exec(io.errs.join('\n'))?.[1];
    expect(vma).toBeDefined();
    const r = spawnSync('objdump', ['-D', '-b', 'binary', '-m', 'i386:x86-64', '-M', 'intel', `--adjust-vma=${vma}`, bin], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/\(bad\)/);
    const theirs = instructions(r.stdout.split('\n'));
    const ours = instructions(io.outs);
    expect(ours.size).toBeGreaterThan(100);
    for (const [addr, text] of ours) {
      // objdump prints what follows "# " after [rip+disp]; we print the same; compare the whole text.
      expect({ addr: addr.toString(16), text: theirs.get(addr) }).toEqual({ addr: addr.toString(16), text });
    }
  });

  it('a refused program: exit 2 with FILE:L:C; no file: usage error', () => {
    const bad = join(dir, 'bad.js');
    writeFileSync(bad, 'class A {}');
    const io = capture();
    expect(main(['disasm', bad], io)).toBe(2);
    expect(io.errs[0]).toMatch(/bad\.js:1:1: /);
    const io2 = capture();
    expect(main(['disasm'], io2)).toBe(2);
    expect(io2.errs[0]).toMatch(/^pkjit: disasm: missing FILE\.js/);
  });
});
