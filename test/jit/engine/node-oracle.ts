/**
 * node as the oracle of program tables: each program runs as a file under `node` (a fresh
 * directory whose package.json makes it a sloppy-mode script, as pkjit compiles it), started
 * when the table is registered, two at a time, so node's ~70 ms per process overlaps the tests
 * that run pkjit; each test waits for its own program's run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram, type RunOptions } from '../../../jit/engine/engine.js';
import { checkInvariants } from '../../../sdk/audit/check.js';
import { MemorySink } from '../../../sdk/audit/log.js';

/** What node did with a program: stdout, exit status and the uncaught error's `Error: message` line, if any. */
export interface NodeRun {
  readonly stdout: string;
  readonly status: number | null;
  readonly thrown: string | null;
}

function runNode(dir: string, name: string, source: string): Promise<NodeRun> {
  const file = join(dir, `${name}.js`);
  writeFileSync(file, source);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file]);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', (e) => resolve({ stdout, status: null, thrown: `spawn failed: ${e.message}` }));
    child.on('close', (status) => resolve({ stdout, status, thrown: /^\w*Error: .*$/m.exec(stderr)?.[0] ?? null }));
  });
}

/** Starts node on every [name, source] now; returns the lookup of each run by name. */
export function nodeRuns(programs: ReadonlyArray<readonly [string, string]>): (name: string) => Promise<NodeRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pkjit-node-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  const runs = new Map<string, Promise<NodeRun>>();
  const lanes: Array<Promise<unknown>> = [Promise.resolve(), Promise.resolve()];
  programs.forEach(([name, source], i) => {
    if (runs.has(name)) throw new Error(`two programs named ${name}`);
    const run = (lanes[i % lanes.length] ?? Promise.resolve()).then(() => runNode(dir, name, source));
    lanes[i % lanes.length] = run;
    runs.set(name, run);
  });
  return (name) => runs.get(name) ?? Promise.reject(new Error(`no node run of ${name}`));
}

/** Lines as printed (each with its newline). */
export const joined = (lines: readonly string[]): string => lines.map((l) => l + '\n').join('');

/** Programs node ends with an uncaught error, and pkjit's message after `FILE: ` (node's own error line). */
export type ThrowTable = Readonly<Record<string, { readonly source: string; readonly error: string; readonly at?: string }>>;

/**
 * The tests of two tables against node: every RUNS program prints node's stdout and exits 0;
 * every THROWS program exits as node does (1) after node's stdout with `uncaught <node's error line>`.
 */
export function describeAgainstNode(title: string, runs: Readonly<Record<string, string>>, throws: ThrowTable): (name: string) => Promise<NodeRun> {
  const node = nodeRuns([...Object.entries(runs), ...Object.entries(throws).map(([n, t]): [string, string] => [n, t.source])]);
  describe(`${title}: pkjit prints what node prints`, () => {
    for (const [name, source] of Object.entries(runs)) {
      it(name, async () => {
        const expected = await node(name);
        expect(expected.status).toBe(0);
        const r = runProgram(source, `${name}.js`);
        expect(r.error).toBeUndefined();
        expect(r.exitCode).toBe(0);
        expect(joined(r.output)).toBe(expected.stdout);
      });
    }
  });
  describe(`${title}: the errors node throws`, () => {
    for (const [name, { source, error, at }] of Object.entries(throws)) {
      it(name, async () => {
        const expected = await node(name);
        expect(expected.status).toBe(1);
        expect(`uncaught ${expected.thrown}`).toBe(error);
        const r = runProgram(source, `${name}.js`);
        expect(r.exitCode).toBe(expected.status); // node's 1 for an uncaught exception
        expect(r.error).toBe(`${name}.js${at === undefined ? '' : `:${at}`}: ${error}`);
        expect(joined(r.output)).toBe(expected.stdout);
      });
    }
  });
  return node;
}

/**
 * Program `name` of a table (its node run from `node`) on several executors under both W^X
 * policies and without the translator: every executor prints node's stdout, and the audit log
 * passes the invariant checks.
 */
export function describeOnExecutors(title: string, name: string, source: string, node: (name: string) => Promise<NodeRun>): void {
  const variants: Array<[string, RunOptions]> = [
    ['4 executors, pkey', { executors: 4 }],
    ['4 executors, mprotect', { executors: 4, policy: 'mprotect' }],
    ['2 executors, interpreter only', { executors: 2, translate: false }],
  ];
  describe(title, () => {
    it.each(variants)(`%s: every executor prints node's output for ${name}; the log verifies`, async (_variant, opts) => {
      const sink = new MemorySink();
      const r = runProgram(source, `${name}.js`, { ...opts, audit: [sink] });
      const expected = (await node(name)).stdout;
      expect(r.error).toBeUndefined();
      expect(r.outputs.map(joined)).toEqual(Array.from({ length: opts.executors ?? 1 }, () => expected));
      expect(checkInvariants(sink.records)).toEqual([]);
    });
  });
}
