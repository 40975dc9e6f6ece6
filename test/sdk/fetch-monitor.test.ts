/**
 * The fetch monitor (test/sdk/fetch-monitor.ts) on small sandboxes: it follows publish, patch
 * and retire from the log alone, counts INT3 as a refused fetch, and it can fail: code changed
 * after publish, and code an executor jumps to before it is published, are violations.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../mpk-hw/machine.js';
import { eax, rax, rdi, rsi, qword } from '../../jit/x64/index.js';
import type { Allocation } from '../../sdk/code-region.js';
import { Sandbox } from '../../sdk/sandbox.js';
import type { SdkThread } from '../../sdk/threads.js';
import { emitPublished } from './emit.js';
import { FetchMonitor, type FetchViolation, type RefusedFetch } from './fetch-monitor.js';
import { thrown } from './thrown.js';

/** A monitored sandbox: a compiler, an executor and a one-page region. */
function setup() {
  const machine = new Machine();
  const mon = new FetchMonitor(machine);
  const sbx = new Sandbox(machine, { audit: [mon.sink] });
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const executor = sbx.spawn(sbx.owner, 'executor');
  const region = sbx.createRegion('code', 4096);
  return { machine, mon, sbx, compiler, executor, region };
}

/** `jmp rdi` (ff e7), published: the threat model's arbitrary control flow on an executor. */
function trampoline(s: ReturnType<typeof setup>): Allocation {
  const a = s.sbx.reserve(s.region, 16, 'trampoline');
  emitPublished(s.sbx, s.compiler, a, (x) => x.jmp(rdi));
  return a;
}

/** The error `fn` throws, or null. */

/** Whether an address lies in an allocation. */
function inside(a: Allocation): (x: FetchViolation | RefusedFetch) => boolean {
  return (x) => x.rip >= a.start && x.rip < a.start + a.size;
}

describe('fetch monitor: sealed and published code passes', () => {
  it('checks every instruction an executor retires, and none of the other threads', () => {
    const s = setup();
    const add = s.sbx.reserve(s.region, 32, 'function');
    emitPublished(s.sbx, s.compiler, add, (x) => x.lea(rax, qword({ base: rdi, index: rsi, scale: 1 })).ret());
    expect(s.sbx.enter(s.executor, add, [40, 2]).rax).toBe(42n);
    expect(s.mon.violations).toEqual([]);
    expect([s.mon.checked, s.mon.ignored, s.mon.refusedFetches.length]).toEqual([2, 0, 0]);
    // The runtime thread may run guest code (it is the process's main thread); it is not monitored.
    s.sbx.owner.ut.call(add.start, [1, 2]);
    expect([s.mon.checked, s.mon.ignored]).toEqual([2, 2]);
  });

  it('follows a live patch from its record: the patched bytes are the new sealed ones', () => {
    const s = setup();
    const f = s.sbx.reserve(s.region, 16, 'function');
    emitPublished(s.sbx, s.compiler, f, (x) => x.mov(eax, 7).ret()); // b8 07 00 00 00 c3
    expect(s.sbx.enter(s.executor, f).rax).toBe(7n);
    s.sbx.patch(s.compiler, f, 1, Uint8Array.of(9, 0, 0, 0), { reason: 'new constant' });
    expect(s.sbx.enter(s.executor, f).rax).toBe(9n);
    expect(s.mon.violations).toEqual([]);
    expect(s.mon.checked).toBe(4);
  });

  it('counts an executed INT3 as a refused fetch, in published and in retired code', () => {
    const s = setup();
    const jmp = trampoline(s);
    const brk = s.sbx.reserve(s.region, 16, 'function');
    emitPublished(s.sbx, s.compiler, brk, (x) => x.int3());
    expect(thrown(() => s.sbx.enter(s.executor, brk))).toMatchObject({ code: 'PKEY_FAULT' });
    const old = s.sbx.reserve(s.region, 16, 'function');
    emitPublished(s.sbx, s.compiler, old, (x) => x.mov(eax, 1).ret());
    s.sbx.retire(old);
    const second = s.sbx.spawn(s.sbx.owner, 'executor');
    expect(thrown(() => s.sbx.enter(second, jmp, [old.start]))).toMatchObject({ code: 'PKEY_FAULT' });
    expect(s.mon.violations).toEqual([]);
    expect(s.mon.refusedFetches).toEqual([
      { tid: s.executor.tid, rip: brk.start, alloc: brk.id },
      { tid: second.tid, rip: old.start, alloc: old.id },
    ]);
  });

  it('is alone on its machine, and stops checking once detached', () => {
    const s = setup();
    expect(() => new FetchMonitor(s.machine)).toThrow('FetchMonitor.attach: the machine already has a retire hook');
    const f = s.sbx.reserve(s.region, 16, 'function');
    emitPublished(s.sbx, s.compiler, f, (x) => x.mov(eax, 5).ret());
    s.mon.detach();
    expect(s.sbx.enter(s.executor, f).rax).toBe(5n);
    expect(s.mon.checked).toBe(0);
  });

  it('monitors a custom role (JIT code may run on one) like an executor', () => {
    const s = setup();
    const f = s.sbx.reserve(s.region, 16, 'function');
    emitPublished(s.sbx, s.compiler, f, (x) => x.mov(eax, 3).ret());
    const worker = s.sbx.spawn(s.sbx.owner, { name: 'worker', rights: { code: 'none', runtimeData: 'read' } });
    expect(s.sbx.enter(worker, f).rax).toBe(3n);
    expect([s.mon.checked, s.mon.violations.length]).toEqual([2, 0]);
  });
});

describe('fetch monitor: it can fail', () => {
  // (Not under PKJIT_TRANSLATE=0, which turns the default off.)
  it.skipIf(process.env['PKJIT_TRANSLATE'] === '0')('the translator is on by default: a monitor turns it off while attached, so a planted change in hot code is still caught', () => {
    const s = setup();
    const tr = s.machine.translator;
    expect(tr).not.toBeNull();
    const f = s.sbx.reserve(s.region, 16, 'function');
    emitPublished(s.sbx, s.compiler, f, (x) => x.mov(eax, 1).ret());
    // Hot: far past the translator's threshold, and every instruction checked one by one.
    for (let i = 0; i < 50; i++) expect(s.sbx.enter(s.executor, f).rax).toBe(1n);
    expect(s.mon.checked).toBe(100);
    expect(tr?.stats.executions).toBe(0);
    expect(s.machine.poke(s.sbx.owner.ut.pid, f.start + 1, Uint8Array.of(0x2a))).toBe(true);
    expect(s.sbx.enter(s.executor, f).rax).toBe(42n);
    expect(s.mon.violations).toHaveLength(1);
    expect(s.mon.violations[0]?.rip).toBe(f.start);
    // Detached, the same hot code runs translated.
    s.mon.detach();
    for (let i = 0; i < 50; i++) expect(s.sbx.enter(s.executor, f).rax).toBe(42n);
    expect(tr?.stats.executions).toBeGreaterThan(0);
  });

  it('published code changed after its first entry (machine.poke) is a violation; the SDK checks only before the first', () => {
    const s = setup();
    const f = s.sbx.reserve(s.region, 16, 'function');
    emitPublished(s.sbx, s.compiler, f, (x) => x.mov(eax, 1).ret()); // b8 01 00 00 00 c3
    expect(s.sbx.enter(s.executor, f).rax).toBe(1n);
    expect(s.machine.poke(s.sbx.owner.ut.pid, f.start + 1, Uint8Array.of(0x2a))).toBe(true);
    expect(s.sbx.enter(s.executor, f).rax).toBe(42n);
    expect(s.mon.violations).toEqual([{ tid: s.executor.tid, rip: f.start, bytes: 'b8 2a 00 00 00',
      why: `differs from the sealed bytes of ${f.id} at +0x0 (sealed: b8 01 00 00 00)` }]);
  });

  it('publish of bytes that are not the sealed ones is a violation (read from the log and memory only)', () => {
    const s = setup();
    const f = s.sbx.reserve(s.region, 16, 'function');
    s.sbx.withWindow(s.compiler, f, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(0xb8, 1, 0, 0, 0, 0xc3)));
    s.sbx.seal(f);
    // The SDK copies the staged bytes in at publish and refuses staged bytes changed since the
    // seal, so the monitor is shown a publish record for code pages changed behind its back.
    s.sbx.publish(f);
    s.machine.poke(s.sbx.owner.ut.pid, f.start + 1, Uint8Array.of(2));
    const rec = s.sbx.records().find((r) => r.kind === 'publish' && r.alloc === f.id);
    if (rec === undefined) throw new Error('no publish record');
    s.mon.sink.write({ ...rec, seq: rec.seq + 1000 });
    expect(s.mon.violations).toHaveLength(1);
    expect(s.mon.violations[0]?.why).toMatch(new RegExp(`^seq \\d+: publish of ${f.id}: its bytes hash to [0-9a-f]{12}, not to its latest ok seal`));
  });

  /**
   * Code an executor reaches before it is published: an allocation still being written (its
   * window open), and one whose seal a verifier refused (the WRPKRU immediate of issue 9 hole 1).
   */
  const UNPUBLISHED: ReadonlyArray<readonly [string, (s: ReturnType<typeof setup>, a: Allocation) => void]> = [
    ['being written (a window open, not sealed)', (s, a) => {
      s.sbx.openWindow(s.compiler, a, { reason: 'emit' }).write(0, Uint8Array.of(0xb8, 0x2a, 0, 0, 0, 0xc3)); // mov eax,42; ret
    }],
    ['refused by the verifier (seal threw VerifyError)', (s, a) => {
      s.sbx.withWindow(s.compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(0xb8, 0x0f, 0x01, 0xef, 0, 0xc3))); // mov eax,0xef010f; ret
      expect(thrown(() => s.sbx.seal(a))).toMatchObject({ name: 'VerifyError' });
    }],
  ];

  /** An executor jumps (through published `jmp rdi`) into an unpublished allocation. */
  function jumpInto(prepare: (s: ReturnType<typeof setup>, a: Allocation) => void): { s: ReturnType<typeof setup>; a: Allocation } {
    const s = setup();
    const jmp = trampoline(s);
    const a = s.sbx.reserve(s.region, 16, 'function');
    prepare(s, a);
    thrown(() => s.sbx.enter(s.executor, jmp, [a.start]));
    expect(s.mon.checked).toBeGreaterThan(0); // the jmp itself, at least
    return { s, a };
  }

  it.each(UNPUBLISHED)('a jump into an allocation %s is reported: a violation, or a refused int3 fetch', (_what, prepare) => {
    const { s, a } = jumpInto(prepare);
    expect(s.mon.violations.filter(inside(a)).length + s.mon.refusedFetches.filter(inside(a)).length).toBeGreaterThan(0);
  });

  // Failed before staging (issue 9 hole 1): the bytes of an unpublished allocation were
  // executable, so the executor ran `mov eax, ...; ret` there.  Now windows write a staging
  // image that is never executable, and the code pages hold int3 until a seal copies verified bytes in.
  it.each(UNPUBLISHED)('no instruction other than int3 retires from an allocation %s', (_what, prepare) => {
    const { s, a } = jumpInto(prepare);
    expect(s.mon.violations.filter(inside(a))).toEqual([]);
  });
});
