/** The oracle (fuzz/oracle.ts) runs the real node on the real file and reports what it did. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeOracle, uncaughtError } from '../../../fuzz/oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'pkjit-oracle-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('NodeOracle', () => {
  const saved = process.env.FORCE_COLOR;
  afterEach(() => {
    if (saved === undefined) delete process.env.FORCE_COLOR;
    else process.env.FORCE_COLOR = saved;
  });

  it("captures stdout byte for byte, as node prints it", async () => {
    const o = new NodeOracle({ parallel: 2, timeoutMs: 10_000 });
    const r = await o.run(file('ok.js', 'console.log(-0, [1, , "a"], "\\u00e9", 0.1 + 0.2); console.log("%d|%s", "7", [2]);'));
    expect(r).toEqual({ stdout: Buffer.from("-0 [ 1, <1 empty item>, 'a' ] \u00e9 0.30000000000000004\n7|[ 2 ]\n"), exitCode: 0 });
  });

  it('ignores FORCE_COLOR in its own environment (no color codes in console.log)', async () => {
    process.env.FORCE_COLOR = '1';
    const o = new NodeOracle({ parallel: 1, timeoutMs: 10_000 });
    expect((await o.run(file('color.js', 'console.log(1, "s", [true]);'))).stdout.toString()).toBe("1 s [ true ]\n");
  });

  it('reports an uncaught error with the output before it', async () => {
    const o = new NodeOracle({ parallel: 1, timeoutMs: 10_000 });
    const r = await o.run(file('throws.js', 'console.log("before");\nlet u;\nconsole.log(u[0]);\n'));
    expect(r).toEqual({ stdout: Buffer.from('before\n'), exitCode: 1, error: "TypeError: Cannot read properties of undefined (reading '0')" });
  });

  it('kills a program at the time limit, keeping what it printed', async () => {
    const o = new NodeOracle({ parallel: 1, timeoutMs: 1000 });
    const r = await o.run(file('loop.js', 'console.log("x"); while (true) {}'));
    expect(r).toEqual({ stdout: Buffer.from('x\n'), exitCode: null, killed: 'timeout' });
  });

  it('cuts the output at the cap, and says so', async () => {
    const o = new NodeOracle({ parallel: 1, timeoutMs: 10_000, maxOutputBytes: 10_240 });
    const r = await o.run(file('chatty.js', 'for (let i = 0; i < 1000; i++) console.log("y".repeat(99));'));
    expect(r.killed).toBe('output');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.length).toBeGreaterThanOrEqual(10_240);
    expect(r.stdout.length).toBeLessThan(100_000);
    expect(r.stdout.toString()).toMatch(/^(y{99}\n)+y*$/);
  });

  it('keeps every byte printed before an uncaught error, however late it reads them', async () => {
    const o = new NodeOracle({ parallel: 1, timeoutMs: 10_000 });
    const p = o.run(file('late.js', 'for (let i = 0; i < 300; i++) console.log(i);\nnull[0];'));
    const until = Date.now() + 300;
    while (Date.now() < until) { /* busy, as when pkjit runs in this thread */ }
    const r = await p;
    expect(r.stdout.toString()).toBe(Array.from({ length: 300 }, (_, i) => `${i}\n`).join(''));
    expect(r.exitCode).toBe(1);
  });

  it('runs more programs than `parallel`, each with its own output', async () => {
    const o = new NodeOracle({ parallel: 2, timeoutMs: 10_000 });
    const rs = await Promise.all([1, 2, 3, 4, 5].map((i) => o.run(file(`n${i}.js`, `console.log(${i});`))));
    expect(rs.map((r) => r.stdout.toString())).toEqual(['1\n', '2\n', '3\n', '4\n', '5\n']);
  });

  it("finds the error line in node's stderr", () => {
    const stderr = '/tmp/x.js:3\nconsole.log(u[0]);\n             ^\n\nTypeError: Cannot read properties of undefined\n    at Object.<anonymous>';
    expect(uncaughtError(stderr)).toBe('TypeError: Cannot read properties of undefined');
    expect(uncaughtError('')).toBeUndefined();
  });
});
