import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkInvariants, verifyLog } from '../../../sdk/audit/check.js';
import type { AuditEvent, AuditRecord } from '../../../sdk/audit/schema.js';
import { Machine, SIGTRAP } from '../../../mpk-hw/index.js';
import { rax } from '../../../jit/x64/index.js';
import { MemorySink, Sandbox } from '../../../sdk/index.js';
import { emitPublished } from '../emit.js';
import { BASE, TEST_KEY, closeW0, LogBuilder, life, openW0, PKRU, pkru, sandboxRun, seal, sealRun, setup, soundEvents, write } from './logs.js';

/** [seq, invariant] of each violation in the log of `events`. */
function broken(events: readonly AuditEvent[], close = true): Array<[number, number]> {
  const b = new LogBuilder();
  b.add(...events);
  const r = verifyLog(b.text(close));
  expect(r.status).toBe(close ? 'intact' : 'truncated');
  return r.violations.map((v) => [v.seq, v.invariant]);
}

describe('audit verify: real sandbox logs hold every invariant', () => {
  it('windows, writes, a refused write and an executor fault: intact, 0 violations', () => {
    const run = sandboxRun();
    const r = verifyLog(run.text);
    expect(r).toMatchObject({ status: 'intact', ok: true, replayed: true, partial: false, violations: [] });
    expect(run.records.map((x) => x.kind)).toEqual(expect.arrayContaining(['window.write', 'violation', 'fault']));
  });

  it('seal, a failed seal, publish, integrity check, retire and a refused syscall: intact, 0 violations', () => {
    const run = sealRun();
    expect(run.records.map((x) => x.kind)).toEqual(expect.arrayContaining(['seal', 'publish', 'retire', 'syscall.refused']));
    expect(run.records.filter((x) => x.kind === 'seal').map((x) => x.detail?.['ok'])).toEqual([true, false]);
    expect(verifyLog(run.text)).toMatchObject({ status: 'intact', ok: true, violations: [] });
  });

  it('key pressure (2 hardware keys, 5 regions, evictions): intact, 0 violations', () => {
    const { sbx, mem, compiler } = setup(2);
    const allocs = Array.from({ length: 5 }, (_, i) => sbx.reserve(sbx.createRegion(`r${i}`, 4096), 16, 'f'));
    for (let round = 0; round < 2; round++) {
      for (const a of allocs) sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(round + 1)));
    }
    sbx.close();
    expect(verifyLog(mem.text())).toMatchObject({ status: 'intact', ok: true, violations: [] });
  });

  it('a stray WRPKRU on an executor, seen at the next SDK entry, breaks invariant 3', () => {
    const { sbx, mem, executor } = setup();
    const a = sbx.reserve(sbx.createRegion('r', 4096), 16, 'f');
    executor.ut.wrpkru(0);
    expect(() => sbx.openWindow(executor, a, { reason: 'x' })).toThrow(/may not write code/);
    sbx.close();
    const r = verifyLog(mem.text());
    const unaudited = mem.records.find((x) => x.kind === 'pkru.unaudited');
    expect(r.status).toBe('intact');
    expect(r.violations.map((v) => [v.seq, v.invariant])).toEqual([[unaudited?.seq, 3]]);
    // The only code key so far is the cold key the new region was retagged to.
    expect(r.violations[0]?.message).toBe(`executor thread ${executor.tid} holds write rights on code key k${sbx.coldKey} (PKRU 0x00000000) after its pkru.unaudited record`);
  });

  it('a stray WRPKRU on a compiler is invariant 3 (write rights outside a window); an executor it spawns still starts from its baseline', () => {
    const { sbx, mem, compiler } = setup();
    sbx.createRegion('r', 4096);
    compiler.ut.wrpkru(0);
    const ex = sbx.spawn(compiler, 'executor');
    sbx.close();
    const child = mem.records.filter((x) => x.kind === 'thread.spawn').at(-1);
    expect(child).toMatchObject({ tid: ex.tid, pkruBefore: `0x${sbx.baseline('executor').toString(16).padStart(8, '0')}`,
      // the compiler's PKRU was repaired at the spawn (an SDK entry) before the clone copied it
      detail: { role: 'executor', inherited: `0x${sbx.baseline('compiler').toString(16).padStart(8, '0')}` } });
    const stray = mem.records.find((x) => x.kind === 'pkru.unaudited');
    expect(stray).toMatchObject({ tid: compiler.tid, pkruAfter: '0x00000000' });
    const v = verifyLog(mem.text()).violations;
    expect(v.map((x) => [x.seq, x.invariant])).toEqual([[stray?.seq, 3]]);
    expect(v[0]?.message).toMatch(new RegExp(`thread ${compiler.tid} \\(compiler\\) holds write rights on code key .* outside a window`));
  });
});

describe('audit verify: a signal frame edited in the handler is not the thread\'s PKRU', () => {
  it.each([true, false])('strict %s: the edited slot is recorded, never loaded, and breaks no invariant', (strict) => {
    const mem = new MemorySink();
    const sbx = new Sandbox(new Machine(), { audit: [mem], strict });
    const compiler = sbx.spawn(sbx.owner, 'compiler');
    const executor = sbx.spawn(sbx.owner, 'executor');
    const a = sbx.reserve(sbx.createRegion('code', 4096), 16, 'trap');
    emitPublished(sbx, compiler, a, (x) => x.int3().mov(rax, 5).ret());
    sbx.sigaction(SIGTRAP, (ctx) => ctx.thread.write32(ctx.pkruSlotAddr, 0));
    try {
      sbx.enter(executor, a);
      if (!strict) sbx.enter(executor, a); // repaired: it enters again with the SDK's value
    } catch {
      // strict: the thread ended before rt_sigreturn
    }
    sbx.close();
    const edited = mem.records.filter((r) => r.kind === 'pkru.unaudited');
    expect(edited.map((r) => [r.pkruAfter, r.detail?.['where'], r.detail?.['action']]))
      .toEqual(Array(strict ? 1 : 2).fill(['0x00000000', 'signal frame edited', strict ? 'kill-thread' : 'repair']));
    expect(verifyLog(mem.text())).toMatchObject({ status: 'intact', ok: true, violations: [] });
  });
});

describe('audit verify: hand-made logs, one per broken invariant', () => {
  it('the sound hand-made log holds every invariant', () => {
    expect(broken(soundEvents())).toEqual([]);
  });

  it.each<[string, AuditEvent[], Array<[number, number]>]>([
    ['1: a window that never closes (reported at its open)', [...BASE, ...openW0(100), write(110, 0x10000, 0x10010)], [[9, 1]]],
    ['1: a window.close of a window that is not open', [...BASE, ...closeW0(100)], [[9, 1]]],
    ['1: a window id that opens again before closing', [...BASE, ...openW0(100), ...openW0(110), ...closeW0(120)], [[9, 1]]],
    ['2: a write past the window\'s end', [...BASE, ...openW0(100), write(110, 0x10030, 0x10041), ...closeW0(120)], [[10, 2]]],
    ['2: a write before the window\'s start', [...BASE, ...openW0(100), write(110, 0xfff0, 0x10001), ...closeW0(120)], [[10, 2]]],
    ['2: a write through another thread\'s window', [...BASE, ...openW0(100), write(110, 0x10000, 0x10004, 3), ...closeW0(120)], [[10, 2]]],
    ['2: a write after the window closed', [...BASE, ...openW0(100), ...closeW0(120), write(130, 0x10000, 0x10004)], [[12, 2]]],
    ['2: a write through a window that never opened', [...BASE, write(110, 0x10000, 0x10004, 2, 'w9')], [[8, 2]]],
    ['3: an audited flip gives the executor write rights on the code key', [...BASE, pkru(100, 3, PKRU.base, PKRU.k1rw)], [[8, 3]]],
    ['3: an unaudited PKRU change on the executor', [...BASE, pkru(100, 3, PKRU.base, PKRU.all, 'pkru.unaudited')], [[8, 3]]],
    ['3: an executor spawned with write rights', [...BASE, { kind: 'thread.spawn', cycle: 70, tid: 4, pkruBefore: PKRU.all, detail: { role: 'executor' } }], [[8, 3]]],
    ['3: a key becomes a code key while an executor can write it', [...BASE.slice(0, 3),
      { kind: 'thread.spawn', cycle: 20, tid: 3, pkruBefore: PKRU.k1rw, detail: { role: 'executor' } }, ...BASE.slice(4, 6)], [[5, 3]]],
    ['4: the compiler enters code of the region it holds a window on', [...BASE, seal(70, 'r#1'), life('publish', 80, 'r#1'),
      ...openW0(100), life('enter', 105, 'r#1', 2), ...closeW0(120)], [[12, 4]]],
    ['3+4: an executor with write rights enters', [...BASE, seal(70, 'r#0'), life('publish', 80, 'r#0'), pkru(90, 3, PKRU.base, PKRU.k1rw),
      life('enter', 100, 'r#0')], [[10, 3], [11, 4]]],
    ['5: entry to code never sealed', [...BASE, life('enter', 100, 'r#0')], [[8, 5]]],
    ['5: entry to code whose seal failed', [...BASE, seal(70, 'r#0', false), life('publish', 80, 'r#0'), life('enter', 100, 'r#0')], [[10, 5]]],
    ['5: entry to sealed code never published', [...BASE, seal(70, 'r#0'), life('enter', 100, 'r#0')], [[9, 5]]],
    ['5: entry after a new seal without a new publish', [...BASE, seal(70, 'r#0'), life('publish', 80, 'r#0'), seal(90, 'r#0'), life('enter', 100, 'r#0')], [[11, 5]]],
    ['5: entry to retired code', [...BASE, seal(70, 'r#0'), life('publish', 80, 'r#0'), life('retire', 90, 'r#0'), life('enter', 100, 'r#0')], [[11, 5]]],
    ['5: a publish before the seal does not count', [...BASE, life('publish', 70, 'r#0'), seal(80, 'r#0'), life('enter', 100, 'r#0')], [[10, 5]]],
  ])('invariant %s', (_name, events, expected) => {
    expect(broken(events)).toEqual(expected);
  });

  /** A pkru.unaudited record of the executor (tid 3) from the SDK's signal policy. */
  const signalUnaudited = (cycle: number, where: string, action: string): AuditEvent =>
    ({ kind: 'pkru.unaudited', cycle, tid: 3, pkruBefore: PKRU.base, pkruAfter: PKRU.all, detail: { where, signo: 5, action } });

  it.each<[string, AuditEvent[], Array<[number, number]>]>([
    // The frame's slot was edited while the handler ran: the thread died before rt_sigreturn could load it.
    ['an edited frame found at return, thread killed', [...BASE, signalUnaudited(100, 'signal frame edited', 'kill-thread')], []],
    // ... or the slot was put back: the thread returned to the SDK's value and may enter code again.
    ['an edited frame found at return, repaired', [...BASE, seal(70, 'r#0'), life('publish', 80, 'r#0'),
      signalUnaudited(100, 'signal frame edited', 'repair'), life('enter', 110, 'r#0')], []],
    // The kernel saved the interrupted PKRU in the frame: the thread ran JIT code with it until the signal.
    ['a rogue PKRU the signal interrupted, thread killed', [...BASE, signalUnaudited(100, 'before the signal', 'kill-thread')], [[8, 3]]],
    ['a rogue PKRU found at a system call', [...BASE, { ...signalUnaudited(100, 'syscall', ''), detail: { where: 'syscall' } }], [[8, 3]]],
  ])('invariant 3 and pkru.unaudited: %s', (_name, events, expected) => {
    expect(broken(events)).toEqual(expected);
  });

  it('read rights on code are not write rights (read-execute executors are fine)', () => {
    expect(broken([...BASE, pkru(100, 3, PKRU.base, PKRU.k1read)])).toEqual([]);
  });

  it('messages name the thread, window, ranges and keys', () => {
    const b = new LogBuilder();
    b.add(...BASE, ...openW0(100), write(110, 0x10030, 0x10041), ...closeW0(120));
    expect(verifyLog(b.text()).violations).toEqual([{ seq: 10, invariant: 2,
      message: "thread 2 writes [0x10030, 0x10041) outside window w0's range [0x10000, 0x10040)" }]);
  });

  it('unknown kinds are ignored by the replay', () => {
    const records = [...BASE, { kind: 'future.kind', cycle: 1, tid: 3, pkruAfter: PKRU.all }].map((e, seq) => ({ ...e, v: 1, seq, prev: '', hash: '' }));
    expect(checkInvariants(records as unknown as AuditRecord[])).toEqual([]);
  });
});

describe('audit verify: truncated and tampered logs', () => {
  it('a truncated log is checked as far as it goes and reported as partial', () => {
    expect(broken([...BASE, ...openW0(100)], false)).toEqual([]); // the close may be in the missing part
    expect(broken([...BASE, ...openW0(100), write(110, 0x10040, 0x10044)], false)).toEqual([[10, 2]]);
    const r = verifyLog(sandboxRun().text.split('\n').slice(0, 12).join('\n'));
    expect(r).toMatchObject({ status: 'truncated', replayed: true, partial: true, ok: false });
  });

  it('a tampered log is not replayed', () => {
    const lines = sandboxRun().text.split('\n');
    lines[5] = (lines[5] ?? '').replace('"cycle":', '"cycle":1');
    const r = verifyLog(lines.join('\n'), { key: TEST_KEY });
    expect(r).toMatchObject({ status: 'tampered', replayed: false, violations: [], ok: false });
    expect(r.problems[0]).toMatchObject({ line: 6, seq: 5 });
  });

  // Bit 0 (a digit or letter becomes its neighbour), bit 5 (a hex digit changes case) and bit 7
  // (no longer UTF-8).  Each verify reads the whole ~11 KB log, so npm test flips one of them
  // at every byte, in turn; AUDIT_FLIPS_FULL=1 flips all three at every byte (~35,000 verifies).
  const MASKS = [0x01, 0x20, 0x80];
  const FULL = process.env['AUDIT_FLIPS_FULL'] === '1';

  it(`every single flipped byte of a real sandbox log is detected (exhaustive over positions${FULL ? ', three masks each' : ''})`, () => {
    const bytes = new TextEncoder().encode(sandboxRun().text);
    for (let at = 0; at < bytes.length; at++) {
      for (const x of FULL ? MASKS : [MASKS[at % MASKS.length] ?? 0x01]) {
        const copy = bytes.slice();
        copy[at] = (copy[at] ?? 0) ^ x;
        const r = verifyLog(new TextDecoder().decode(copy), { key: TEST_KEY });
        if (r.ok || r.status === 'intact') expect.fail(`flip ${x} at byte ${at} went unnoticed`);
      }
    }
  });

  it('property: any byte replaced by any other value is never intact', () => {
    const bytes = new TextEncoder().encode(sandboxRun().text);
    fc.assert(fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const copy = bytes.slice();
      copy[at] = (copy[at] ?? 0) ^ x;
      return verifyLog(new TextDecoder().decode(copy), { key: TEST_KEY }).status !== 'intact';
    }), { seed: 7, numRuns: 2000 });
  });
});
