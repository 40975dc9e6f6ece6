/**
 * A real log of a code lifetime, for the summary and explain tests and their CLI tests: code
 * loaded through sbx.load (reserve, window, seal, publish, replace), entered, patched as an
 * inline cache, replaced as a tier-up and a deopt (the old bodies retired and reclaimed), run
 * by a started thread that exits through the return trampoline, then a window whose
 * out-of-bounds write is refused, and last the compiler writing the code pages with no window
 * open (a fault: its last flip is the close of that window).
 */
import { Machine } from '../../../mpk-hw/index.js';
import { Assembler, rax } from '../../../jit/x64/index.js';
import { MemorySink } from '../../../sdk/audit/log.js';
import type { AuditRecord } from '../../../sdk/audit/schema.js';
import type { Allocation } from '../../../sdk/code-region.js';
import { Sandbox } from '../../../sdk/sandbox.js';
import type { SdkThread } from '../../../sdk/threads.js';

/** The life run and the objects it touched. */
export interface LifeRun {
  readonly text: string;
  readonly records: readonly AuditRecord[];
  readonly sbx: Sandbox;
  readonly compiler: SdkThread;
  readonly executor: SdkThread;
  /** The handle's body when the compiler faulted on it (the deopt's body). */
  readonly body: Allocation;
  /** The allocation of the window whose write was refused. */
  readonly stub: Allocation;
}

/** `mov rax, v; ret` after NOPs, 16 bytes: the NOPs are what the inline-cache patch rewrites. */
function constant(v: number): Uint8Array {
  const tail = new Assembler().mov(rax, v).ret().finish();
  const b = new Uint8Array(16).fill(0x90);
  b.set(tail, 16 - tail.length);
  return b;
}

/** Runs the life described above on a fresh sandbox; the log is closed. */
export function lifeRun(): LifeRun {
  const mem = new MemorySink();
  const sbx = new Sandbox(new Machine(), { audit: [mem] });
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const executor = sbx.spawn(sbx.owner, 'executor');
  const region = sbx.createRegion('jit', 8192);
  const h = sbx.load(region, constant(1), { reason: 'compile add', site: 'engine.ts:40' });
  h.call(executor);
  sbx.patch(compiler, h.body, 0, Uint8Array.of(0x90, 0x90, 0x90, 0x90), { reason: 'ic: add shape 1', site: 'ic.ts:12' });
  h.call(executor);
  h.replace(constant(2), { reason: 'tier-up add', site: 'tiers.ts:7' });
  h.call(executor);
  h.replace(constant(3), { reason: 'deopt add', site: 'tiers.ts:9' });
  const sched = sbx.machine.scheduler({ seed: 1 });
  h.start(sched, sbx.spawn(sbx.owner, 'executor'));
  sched.run();
  const stub = sbx.reserve(region, 32, 'stub');
  const w = sbx.openWindow(compiler, stub, { reason: 'emit stub', site: 'stubs.ts:21', range: { offset: 0, length: 8 } });
  w.write(0, Uint8Array.of(0xc3));
  try {
    w.write(8, Uint8Array.of(0xc3));
  } catch {
    // refused: WINDOW_BOUNDS, recorded as a violation
  }
  w.close();
  try {
    compiler.ut.write8(h.body.start, 0xcc);
  } catch {
    // SEGV_PKUERR: the SDK's handler records the fault and ends the thread
  }
  const body = h.body;
  sbx.close();
  return { text: mem.text(), records: mem.records, sbx, compiler, executor, body, stub };
}
