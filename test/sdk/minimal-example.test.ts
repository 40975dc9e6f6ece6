/**
 * The minimal embedding example of docs/sdk.md, run as a test so that the guide cannot rot:
 * the code between the `example:begin` and `example:end` markers below is the code the guide
 * shows (with the package's import paths), and the second test checks that they still match.
 */
import { describe, expect, it } from 'vitest';
import { examplePair } from './doc-example.js';
// example:begin
import { Machine } from '../../mpk-hw/index.js';
import { Assembler, qword, rax, rdi, rsi } from '../../jit/x64/index.js';
import { MemorySink, Sandbox, verifyLog } from '../../sdk/index.js';

// A sandbox over a fresh simulated process; every audit record also goes to `log`.
const log = new MemorySink();
const sbx = new Sandbox(new Machine(), { audit: [log] });

// One thread that may write code, one that runs it.
const compiler = sbx.spawn(sbx.owner, 'compiler');
const executor = sbx.spawn(sbx.owner, 'executor');

// A code region (whole pages, on an SDK-owned key) and one allocation in it.
const region = sbx.createRegion('tier1', 4096);
const add = sbx.reserve(region, 16, 'function');

// `lea rax, [rdi+rsi]; ret`, written through a window that opens the region's key on the
// compiler thread only, for this allocation only, and closes (restoring PKRU) in `finally`.
const code = new Assembler().lea(rax, qword({ base: rdi, index: rsi, scale: 1 })).ret().finish();
sbx.withWindow(compiler, add, { reason: 'emit add', site: 'minimal.ts' }, (w) => w.write(0, code));

// Verify (no WRPKRU, XRSTOR or SYSCALL at any byte offset) and seal, then make it enterable.
const receipt = sbx.seal(add);
sbx.publish(add);

// Run it on the executor: System V arguments in RDI and RSI, the result in RAX.
const sum = sbx.enter(executor, add, [40, 2]).rax;

// Close the log (its last record counts the records) and check its chain and invariants.
sbx.close();
const report = verifyLog(log.text());
// example:end

describe('the minimal example of docs/sdk.md', () => {
  it('runs: 40 + 2 = 42, the receipt names the verifier and the bytes, the log verifies', () => {
    expect(sum).toBe(42n);
    expect(receipt).toMatchObject({ alloc: 'tier1#0', verifiers: [{ name: 'forbidden-bytes', ok: true, findings: [] }] });
    expect(receipt.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report).toMatchObject({ status: 'intact', ok: true, violations: [] });
    expect(report.records.map((r) => r.kind)).toEqual(expect.arrayContaining(['window.open', 'window.write', 'window.close',
      'seal', 'publish', 'enter', 'log.close']));
  });

  it('is exactly the code docs/sdk.md shows', () => {
    const [mine, guide] = examplePair(new URL('./minimal-example.test.ts', import.meta.url), 'minimal-example');
    expect(guide).toBe(mine);
  });
});
