/**
 * The sbx.load example of docs/sdk.md ("Loading code in one call"), run as a test: the code
 * between the markers below is what the guide shows (with the package's import paths), and the
 * second test checks that they still match.  The packed-tarball test runs the guide's copy too.
 */
import { describe, expect, it } from 'vitest';
import { examplePair } from './doc-example.js';
// example:begin
import { Machine } from '../../mpk-hw/index.js';
import { Assembler, absolute, qword, rax, rdi, rip, rsi } from '../../jit/x64/index.js';
import { Sandbox } from '../../sdk/index.js';

const sbx = new Sandbox(new Machine());
const executor = sbx.spawn(sbx.owner, 'executor');
const region = sbx.createRegion('tier1', 64 * 1024);

// One call: reserve, stage, verify, seal, publish.  The handle's slot holds its entry.
const add = sbx.load(region, new Assembler().lea(rax, qword({ base: rdi, index: rsi, scale: 1 })).ret().finish(),
  { reason: 'add' });

// Code as a function of its address: a call through add's slot, encoded rip-relative.
const twice = sbx.load(region, (at) => new Assembler()
  .call(qword(rip(absolute(add.slot)))).add(rax, rax).ret().finish({ origin: at }), { reason: 'twice' });

const before = twice.call(executor, 20, 1); // (20 + 1) * 2 = 42n

// A new body for add: verified first, then the slot switches; the old body is retired and
// its space reclaimed once no thread can be in it.
add.replace(new Assembler().mov(rax, rdi).sub(rax, rsi).ret().finish(), { reason: 'sub' });
const after = twice.call(executor, 20, 1); // (20 - 1) * 2 = 38n

sbx.close();
// example:end

describe('the sbx.load example of docs/sdk.md', () => {
  it('runs: 42 before the replace, 38 after; the old body was retired and reclaimed', () => {
    expect(before).toBe(42n);
    expect(after).toBe(38n);
    const kinds = sbx.records().map((r) => r.kind);
    expect(kinds.filter((k) => k === 'replace').length).toBe(3);
    expect(kinds).toEqual(expect.arrayContaining(['retire', 'reclaim', 'log.close']));
  });

  it('is exactly the code docs/sdk.md shows', () => {
    const [mine, guide] = examplePair(new URL('./load-example.test.ts', import.meta.url), 'load-example');
    expect(guide).toBe(mine);
  });
});
