/**
 * The four holes of issue 9, each tried as an attacker would through the public API (and the
 * fetch monitor, which knows nothing of the SDK, watching what executors retire).  Each failed
 * on the main of 2026-11-26: unsealed and refused bytes were executable, seams stopped at
 * region edges with regions mapped back to back, window ranges were not checked, and a signal
 * handler's return adopted a rogue PKRU.
 */
import { describe, expect, it } from 'vitest';
import { Machine, PAGE_SIZE, SIGTRAP, pkruAllowsWrite } from '../../mpk-hw/index.js';
import { Assembler, qword, rax, rdi } from '../../jit/x64/index.js';
import { AuditLog as AuditLogCtor, MemorySink, PkeyFaultError, Sandbox, SdkError, VerifyError, verifyLog, type Allocation, type SdkThread } from '../../sdk/index.js';
import { emitPublished } from './emit.js';
import { FetchMonitor } from './fetch-monitor.js';
import { thrown } from './thrown.js';

function setup(strict = false) {
  const machine = new Machine();
  const mon = new FetchMonitor(machine);
  const mem = new MemorySink();
  const sbx = new Sandbox(machine, { audit: [mem, mon.sink], strict });
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const executor = sbx.spawn(sbx.owner, 'executor');
  const region = sbx.createRegion('code', 4096);
  return { machine, mon, mem, sbx, compiler, executor, region };
}
type World = ReturnType<typeof setup>;


const peek = (w: World, addr: number, n: number): Uint8Array => w.machine.peek(w.sbx.owner.ut.pid, addr, n) ?? new Uint8Array(0);
const int3s = (n: number): Uint8Array => new Uint8Array(n).fill(0xcc);
/** movabs rax, 0xc3ef010f...; ret: WRPKRU; RET at offset 2. */
const GADGET = Uint8Array.of(0x48, 0xb8, 0x0f, 0x01, 0xef, 0xc3, 0, 0, 0, 0, 0xc3);

/** `jmp rdi`, published: the threat model's arbitrary control flow on an executor. */
function trampoline(w: World): Allocation {
  const a = w.sbx.reserve(w.region, 16, 'trampoline');
  emitPublished(w.sbx, w.compiler, a, (x) => x.jmp(rdi));
  return a;
}

/** A published victim returning 7, entered once (so its integrity is not checked again). */
function victim(w: World): Allocation {
  const a = w.sbx.reserve(w.region, 16, 'victim');
  emitPublished(w.sbx, w.compiler, a, (x) => x.mov(rax, 7).ret());
  expect(w.sbx.enter(w.executor, a).rax).toBe(7n);
  return a;
}

describe('hole 1: bytes being written or refused are never executable', () => {
  const STAGES: ReadonlyArray<readonly [string, (w: World, a: Allocation) => void]> = [
    ['being written (window open)', (w, a) => void w.sbx.openWindow(w.compiler, a, { reason: 'emit' }).write(0, GADGET)],
    ['written, not sealed', (w, a) => w.sbx.withWindow(w.compiler, a, { reason: 'emit' }, (x) => x.write(0, GADGET))],
    ['refused by the verifier', (w, a) => {
      w.sbx.withWindow(w.compiler, a, { reason: 'emit' }, (x) => x.write(0, GADGET));
      expect(thrown(() => w.sbx.seal(a))).toBeInstanceOf(VerifyError);
    }],
  ];

  it.each(STAGES)('an executor jumping into an allocation %s, at every offset, hits int3', (_what, prepare) => {
    const w = setup();
    const jmp = trampoline(w);
    const v = victim(w);
    const bad = w.sbx.reserve(w.region, GADGET.length, 'attacker');
    prepare(w, bad);
    expect(peek(w, bad.start, bad.size)).toEqual(int3s(bad.size));
    for (let off = 0; off < bad.size; off++) {
      const executor = w.sbx.spawn(w.sbx.owner, 'executor'); // the fault ends the thread
      const err = thrown(() => w.sbx.enter(executor, jmp, [bad.start + off]));
      expect(err).toBeInstanceOf(PkeyFaultError);
      expect((err as PkeyFaultError).diagnosis).toMatchObject({ pitfall: 'breakpoint (int3: retired or unfinished code)', alloc: bad.id });
    }
    expect(w.sbx.enter(w.executor, v).rax).toBe(7n); // the victim still runs its sealed bytes
    expect(w.mon.violations).toEqual([]);
    expect(w.mon.refusedFetches.filter((f) => f.rip >= bad.start && f.rip < bad.start + bad.size)).toHaveLength(bad.size);
  });

  it('new regions, padding and retired code are int3; the staged bytes land only at publish, after a clean seal', () => {
    const w = setup();
    expect(peek(w, w.region.start, w.region.size)).toEqual(int3s(w.region.size));
    const a = w.sbx.reserve(w.region, 5, 'f');
    w.sbx.withWindow(w.compiler, a, { reason: 'emit' }, (x) => x.write(0, Uint8Array.of(0xb8, 1, 0, 0, 0)));
    expect(peek(w, a.start, 16)).toEqual(int3s(16));
    w.sbx.seal(a);
    expect(peek(w, a.start, 16)).toEqual(int3s(16)); // sealed is verified, not yet executable
    w.sbx.publish(a);
    expect(peek(w, a.start, 16)).toEqual(Uint8Array.of(0xb8, 1, 0, 0, 0, ...int3s(11)));
    w.sbx.retire(a);
    expect(peek(w, a.start, 16)).toEqual(int3s(16));
  });

  it('a sealed allocation written again is int3 until it is sealed again', () => {
    const w = setup();
    const a = w.sbx.reserve(w.region, 6, 'f');
    w.sbx.withWindow(w.compiler, a, { reason: 'emit' }, (x) => x.write(0, Uint8Array.of(0xb8, 1, 0, 0, 0, 0xc3)));
    w.sbx.seal(a);
    w.sbx.withWindow(w.compiler, a, { reason: 'rewrite' }, (x) => x.write(1, Uint8Array.of(0x0f, 0x01, 0xef)));
    expect(peek(w, a.start, 6)).toEqual(int3s(6));
    expect(thrown(() => w.sbx.seal(a))).toBeInstanceOf(VerifyError);
    expect(peek(w, a.start, 6)).toEqual(int3s(6));
  });

  it('the log of an attempted attack verifies, and says what happened', () => {
    const w = setup();
    const jmp = trampoline(w);
    const bad = w.sbx.reserve(w.region, GADGET.length, 'attacker');
    STAGES[2]?.[1](w, bad);
    expect(thrown(() => w.sbx.enter(w.executor, jmp, [bad.start + 2]))).toBeInstanceOf(PkeyFaultError);
    w.sbx.close();
    const report = verifyLog(w.mem.text());
    expect(report).toMatchObject({ status: 'intact', violations: [] });
    expect(w.mem.records.filter((r) => r.kind === 'fault').map((r) => r.detail?.['diagnosis'])).toEqual(['breakpoint (int3: retired or unfinished code)']);
    expect(w.mem.records.some((r) => r.kind === 'pkru.unaudited')).toBe(false);
  });
});

describe('hole 2: no seam crosses a region edge', () => {
  it('regions are separated by guard pages; a gadget split across two regions cannot be fetched', () => {
    const w = setup();
    const other = w.sbx.createRegion('code2', 4096);
    const [low, high] = other.start < w.region.start ? [other, w.region] : [w.region, other];
    expect(high.start - (low.start + low.size)).toBeGreaterThanOrEqual(2 * PAGE_SIZE);
    // Both halves seal clean: nothing executable lies beyond either region's edge.
    const tail = w.sbx.reserve(low, low.size, 'tail');
    const head = w.sbx.reserve(high, 16, 'head');
    const tailBytes = int3s(low.size);
    tailBytes.set([0x0f, 0x01], low.size - 2);
    w.sbx.withWindow(w.compiler, tail, { reason: 'emit' }, (x) => x.write(0, tailBytes));
    w.sbx.withWindow(w.compiler, head, { reason: 'emit' }, (x) => x.write(0, Uint8Array.of(0xef, 0xc3)));
    expect(w.sbx.seal(tail).verifiers[0]?.ok).toBe(true);
    expect(w.sbx.seal(head).verifiers[0]?.ok).toBe(true);
    w.sbx.publish(tail);
    // Entered at the last two bytes, the fetch runs into the guard page: a fetch fault, PKRU untouched.
    const err = thrown(() => w.sbx.enter(w.executor, tail, [], { offset: low.size - 2 }));
    expect(err).toBeInstanceOf(PkeyFaultError);
    expect((err as PkeyFaultError).diagnosis).toMatchObject({ access: 'fetch', code: 'SEGV_ACCERR', pkru: w.sbx.baseline('executor') });
    expect(w.mon.violations).toEqual([]);
  });
});

describe('hole 2, same region: a publish whose seam became forbidden since its seal', () => {
  it('is refused with VerifyError naming publish, leaves a violation record, and the allocation stays sealed and int3', () => {
    const w = setup();
    const first = w.sbx.reserve(w.region, 16, 'first');
    const second = w.sbx.reserve(w.region, 16, 'second');
    const one = int3s(16);
    one.set([0xb8, 7, 0, 0, 0, 0xc3], 0);
    one.set([0x0f, 0x01], 14);
    w.sbx.withWindow(w.compiler, first, { reason: 'emit' }, (x) => x.write(0, one));
    w.sbx.withWindow(w.compiler, second, { reason: 'emit' }, (x) => x.write(0, Uint8Array.of(0xef, 0xc3)));
    // Both seal clean: neither neighbour is executable yet.
    w.sbx.seal(first);
    w.sbx.seal(second);
    w.sbx.publish(first);
    const from = w.mem.records.length;
    const err = thrown(() => w.sbx.publish(second));
    expect(err).toBeInstanceOf(VerifyError);
    expect((err as Error).message).toMatch(/not published \(it stays sealed/);
    expect(second.state).toBe('sealed');
    expect(peek(w, second.start, 16)).toEqual(int3s(16));
    const after = w.mem.records.slice(from);
    expect(after.map((r) => r.kind)).toEqual(['violation']);
    expect(after[0]).toMatchObject({ alloc: second.id, detail: { code: 'VERIFY_FAILED', stage: 'publish' } });
    w.sbx.close();
    expect(verifyLog(w.mem.text()).ok).toBe(true);
  });
});

describe('hole 3: a window range outside its allocation is refused', () => {
  const BAD: ReadonlyArray<unknown> = [
    { offset: -16, length: 32 }, { offset: 0, length: 17 }, { offset: 16, length: 1 }, { offset: Number.NaN, length: 4 },
    { offset: 0, length: Number.NaN }, { offset: 1.5, length: 2 }, { offset: '0', length: 4 }, { offset: 0, length: -1 },
    { offset: 0, length: Infinity }, { offset: 0 }, { offset: 0, length: 4, extra: 1 }, null, 'all',
  ];

  it.each(BAD)('range %j: WINDOW_RANGE, the values shown, nothing opened and the neighbour untouched', (range) => {
    const w = setup();
    const before = w.sbx.reserve(w.region, 16, 'neighbour');
    emitPublished(w.sbx, w.compiler, before, (x) => x.mov(rax, 7).ret());
    const a = w.sbx.reserve(w.region, 16, 'f');
    const pkru = w.compiler.ut.rdpkru();
    const records = w.mem.records.length;
    const err = thrown(() => w.sbx.openWindow(w.compiler, a, { reason: 'emit', range } as never));
    expect(err).toBeInstanceOf(SdkError);
    expect((err as SdkError).code).toBe('WINDOW_RANGE');
    expect((err as SdkError).message).toMatch(/range|offset/);
    expect(w.compiler.ut.rdpkru()).toBe(pkru);
    expect(w.compiler.openWindows).toEqual([]);
    expect(w.mem.records.length).toBe(records);
    expect(w.sbx.enter(w.executor, before).rax).toBe(7n);
  });

  it('audit verify flags a window.open whose range lies outside its allocation', () => {
    const w = setup();
    const a = w.sbx.reserve(w.region, 16, 'f');
    w.sbx.withWindow(w.compiler, a, { reason: 'emit' }, () => undefined);
    w.sbx.close();
    const lines = w.mem.text().split('\n');
    const i = lines.findIndex((l) => l.includes('"kind":"window.open"'));
    const forged = w.mem.records.map((r) => (r.kind === 'window.open' ? { ...r, range: [r.range?.[0], '0x' + (a.start + 64).toString(16)] } : r));
    // Re-chained by someone who can rewrite the log (the chain is unkeyed today, issue 14): the invariant still catches it.
    const { chainRecords } = rechain(forged);
    const report = verifyLog(chainRecords);
    expect(i).toBeGreaterThan(0);
    expect(report.violations.map((v) => [v.invariant, v.message])).toEqual([[2, expect.stringMatching(/outside its allocation code#0/)]]);
  });

  it('audit verify flags an SDK-looking window.open flip that no window.open follows', () => {
    const w = setup();
    const a = w.sbx.reserve(w.region, 16, 'f');
    w.sbx.withWindow(w.compiler, a, { reason: 'emit' }, () => undefined);
    w.sbx.close();
    const forged = w.mem.records.filter((r) => r.kind !== 'window.open' && r.kind !== 'window.close');
    const report = verifyLog(rechain(forged).chainRecords);
    expect(report.violations.map((v) => v.invariant)).toContain(3);
  });
});

describe('hole 4: a signal never hands a thread a PKRU the SDK did not set', () => {
  /** JIT code that gets PKRU 0 (a runtime function stands in for a stray WRPKRU), then traps. */
  function rogue(w: World): Allocation {
    w.sbx.runtime.define('rogue', (_args, caller: SdkThread) => {
      caller.ut.wrpkru(0);
      return 0n;
    });
    const gate = w.sbx.runtime.install(w.compiler);
    const a = w.sbx.reserve(w.region, 32, 'rogue');
    emitPublished(w.sbx, w.compiler, a, (x: Assembler) => x.movabs(rax, gate.table).call(qword(rax)).int3().mov(rax, 5).ret());
    return a;
  }

  it('non-strict: the interrupted PKRU is repaired at signal entry and the handler returns to the SDK\'s value', () => {
    const w = setup(false);
    const a = rogue(w);
    const seen: number[] = [];
    w.sbx.sigaction(SIGTRAP, (ctx) => { seen.push(ctx.thread.read32(ctx.pkruSlotAddr)); });
    expect(w.sbx.enter(w.executor, a).rax).toBe(5n);
    const pkru = w.executor.ut.rdpkru();
    expect(pkru).toBe(w.sbx.baseline('executor'));
    for (const k of w.sbx.heldKeys()) expect(pkruAllowsWrite(pkru, k)).toBe(false);
    expect(seen).toEqual([w.sbx.baseline('executor')]); // the frame already holds the SDK's value
    expect(w.mem.records.find((r) => r.kind === 'pkru.unaudited')).toMatchObject({ tid: w.executor.tid, pkruAfter: '0x00000000',
      detail: { where: 'before the signal', action: 'repair' } });
  });

  it('strict: the thread ends at signal entry; the handler never runs', () => {
    const w = setup(true);
    const a = rogue(w);
    let ran = false;
    w.sbx.sigaction(SIGTRAP, () => { ran = true; });
    expect(thrown(() => w.sbx.enter(w.executor, a))).toBeInstanceOf(Error);
    expect(ran).toBe(false);
    expect(w.executor.ut.alive).toBe(false);
    expect(w.mem.records.find((r) => r.kind === 'pkru.unaudited')).toMatchObject({ detail: { action: 'kill-thread' } });
  });

  it('strict: the kill at signal entry is the SDK\'s own exit, not a seccomp kill, and leaves one pkru.unaudited', () => {
    const w = setup(true);
    const a = rogue(w);
    w.sbx.sigaction(SIGTRAP, () => undefined);
    const from = w.mem.records.length;
    const err = thrown(() => w.sbx.enter(w.executor, a));
    expect(err).toBeInstanceOf(SdkError);
    expect((err as Error).message).toContain(`thread ${w.executor.tid} exited with 137`);
    const after = w.mem.records.slice(from);
    // The handler ran under init_pkru_value (0x55555554, Linux 6.12 signal delivery): the SDK sets the
    // role's baseline through the gate, recorded, before its exit system call.
    expect(after.filter((r) => r.kind === 'pkru.unaudited')).toEqual([expect.objectContaining({ pkruAfter: '0x00000000',
      detail: { where: 'before the signal', signo: SIGTRAP, action: 'kill-thread' } })]);
    const baseline = w.sbx.baseline('executor');
    expect(after.filter((r) => r.kind === 'pkru')).toEqual([expect.objectContaining({ tid: w.executor.tid, pkruBefore: '0x55555554',
      pkruAfter: `0x${baseline.toString(16).padStart(8, '0')}`, detail: { cause: 'signal.enter', signo: SIGTRAP, action: 'kill-thread' } })]);
    expect(w.executor.shadow).toBe(baseline);
  });

  it.each([false, true])('strict %s: a handler that edits the frame\'s PKRU never changes the shadow', (strict) => {
    const w = setup(strict);
    const a = w.sbx.reserve(w.region, 16, 'trap');
    emitPublished(w.sbx, w.compiler, a, (x) => x.int3().mov(rax, 5).ret());
    w.sbx.sigaction(SIGTRAP, (ctx) => ctx.thread.write32(ctx.pkruSlotAddr, 0));
    const r = thrown(() => expect(w.sbx.enter(w.executor, a).rax).toBe(5n));
    expect(r === null).toBe(!strict);
    expect(w.executor.ut.alive).toBe(!strict);
    if (!strict) expect(w.executor.ut.rdpkru()).toBe(w.sbx.baseline('executor'));
  });
});

/** Recomputes the (unkeyed) hash chain of edited records: what a log rewriter can do today. */
function rechain(records: readonly object[]): { chainRecords: string } {
  return { chainRecords: new MemorySinkReplay(records).text() };
}

/** Writes records again through a fresh AuditLog, which recomputes seq and the chain. */
class MemorySinkReplay {
  private readonly out: string;
  constructor(records: readonly object[]) {
    const sink = new MemorySink();
    const log = new AuditLogCtor([sink]);
    for (const r of records) {
      const { v: _v, seq: _s, prev: _p, hash: _h, ...event } = r as Record<string, unknown>;
      if (event['kind'] === 'log.close') continue;
      log.emit(event as never);
    }
    log.close(0);
    this.out = sink.text();
  }

  text(): string {
    return this.out;
  }
}
