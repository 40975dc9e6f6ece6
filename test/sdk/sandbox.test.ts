import { describe, expect, it } from 'vitest';
import { Machine, SIGSEGV, SEGV_PKUERR, pkruKeyBits } from '../../mpk-hw/index.js';
import { MemorySink } from '../../sdk/audit/log.js';
import { readLog } from '../../sdk/audit/read.js';
import { Sandbox } from '../../sdk/sandbox.js';

function setup(codeKeys = 12) {
  const mem = new MemorySink();
  const sbx = new Sandbox(new Machine(), { audit: [mem], codeKeys });
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const executor = sbx.spawn(sbx.owner, 'executor');
  return { sbx, mem, compiler, executor };
}

describe('sandbox: windows and keys', () => {
  it('a window gives only its thread write access, and closing restores the exact previous PKRU', () => {
    const { sbx, compiler, executor } = setup();
    const region = sbx.createRegion('tier1', 8192);
    const a = sbx.reserve(region, 64, 'function');
    const before = compiler.ut.rdpkru();
    const w = sbx.openWindow(compiler, a, { reason: 'emit f' });
    const key = sbx.keyOf(region) as number;
    expect(pkruKeyBits(compiler.ut.rdpkru(), key)).toBe(0);
    expect(pkruKeyBits(executor.ut.rdpkru(), key)).toBe(1); // AD: execute-only
    w.write(0, Uint8Array.of(0x90, 0xc3));
    expect(w.close()).toMatchObject({ bytesWritten: 2 });
    expect(compiler.ut.rdpkru()).toBe(before);
    // The bytes are staged, never executable: the code pages stay int3 until a seal copies them in.
    expect(sbx.machine.peek(sbx.owner.ut.pid, a.stagingStart, 2)).toEqual(Uint8Array.of(0x90, 0xc3));
    expect(sbx.machine.peek(sbx.owner.ut.pid, a.start, 2)).toEqual(Uint8Array.of(0xcc, 0xcc));
    sbx.seal(a);
    expect(sbx.machine.peek(sbx.owner.ut.pid, a.start, 2)).toEqual(Uint8Array.of(0xcc, 0xcc));
    sbx.publish(a);
    expect(sbx.machine.peek(sbx.owner.ut.pid, a.start, 2)).toEqual(Uint8Array.of(0x90, 0xc3));
  });

  it('an executor write to code faults with SEGV_PKUERR on the region key', () => {
    const { sbx, executor } = setup();
    const region = sbx.createRegion('r', 4096);
    const a = sbx.reserve(region, 16, 'function');
    const seen: number[] = [];
    executor.ut.sigaction(SIGSEGV, (ctx) => {
      const si = ctx.readSiginfo();
      seen.push(si.code, si.pkey);
      ctx.thread.exit(0);
    });
    expect(() => executor.ut.write8(a.start, 0xcc)).toThrow(/exited/);
    expect(seen).toEqual([SEGV_PKUERR, sbx.coldKey]);
  });

  it('refuses writes outside the window, nested windows, executors and promise callbacks', () => {
    const { sbx, compiler, executor } = setup();
    const a = sbx.reserve(sbx.createRegion('r', 4096), 32, 'function');
    const w = sbx.openWindow(compiler, a, { reason: 'emit', range: { offset: 8, length: 8 } });
    expect(() => w.write(4, Uint8Array.of(1))).toThrow(/outside the window \[8, 16\)/);
    expect(() => w.write(12, new Uint8Array(8))).toThrow(/WINDOW_BOUNDS|outside/);
    expect(() => sbx.openWindow(compiler, a, { reason: 'again' })).toThrow(/already holds window w0/);
    w.close();
    expect(() => sbx.openWindow(executor, a, { reason: 'x' })).toThrow(/\(executor\) may not write code/);
    const pkru = compiler.ut.rdpkru();
    expect(() => sbx.withWindow(compiler, a, { reason: 'async' }, async () => 1)).toThrow(/returned a promise/);
    expect(compiler.ut.rdpkru()).toBe(pkru);
    expect(compiler.openWindows).toEqual([]);
  });

  it('key pressure: regions share hardware keys through LRU eviction, and windows still work', () => {
    const { sbx, compiler } = setup(2);
    const allocs = Array.from({ length: 5 }, (_, i) => sbx.reserve(sbx.createRegion(`r${i}`, 4096), 16, 'f'));
    for (let round = 0; round < 2; round++) {
      for (const a of allocs) sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(round + 1)));
    }
    expect(sbx.keyStats()).toMatchObject({ misses: 10, hits: 0, evictions: 8 });
    for (const a of allocs) expect(sbx.machine.peek(sbx.owner.ut.pid, a.stagingStart, 1)).toEqual(Uint8Array.of(2));
  });

  it('a spawned thread gets its role baseline, not the creator\'s open window', () => {
    const { sbx, compiler } = setup();
    const a = sbx.reserve(sbx.createRegion('r', 4096), 16, 'f');
    const w = sbx.openWindow(compiler, a, { reason: 'emit' });
    const key = sbx.keyOf(a.region) as number;
    const child = sbx.spawn(compiler, 'executor');
    expect(pkruKeyBits(child.ut.rdpkru(), key)).toBe(1);
    w.close();
  });

  it('the audit log is intact and records every flip', () => {
    const { sbx, mem, compiler } = setup();
    const a = sbx.reserve(sbx.createRegion('r', 4096), 16, 'f');
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(0xc3)));
    sbx.close();
    const log = readLog(mem.text());
    expect(log.status).toBe('intact');
    const kinds = log.records.map((r) => r.kind);
    expect(kinds).toContain('window.open');
    // The owner's and the executor's baselines, then the window's two flips; the compiler
    // inherits a PKRU equal to its baseline, so no flip is needed (or recorded) for it.
    const causes = log.records.filter((r) => r.kind === 'pkru').map((r) => [r.tid, r.detail?.['cause']]);
    expect(causes).toEqual([[sbx.owner.tid, 'thread.attach'], [compiler.tid + 1, 'thread.spawn'],
      [compiler.tid, 'window.open'], [compiler.tid, 'window.close']]);
  });

  it('a PKRU change the SDK did not make is recorded as unaudited', () => {
    const { sbx, mem, compiler } = setup();
    compiler.ut.wrpkru(0); // a stray WRPKRU: all keys open
    const a = sbx.reserve(sbx.createRegion('r', 4096), 16, 'f');
    expect(() => sbx.openWindow(compiler, a, { reason: 'emit' }).close()).not.toThrow();
    const rec = mem.records.find((r) => r.kind === 'pkru.unaudited');
    expect(rec).toMatchObject({ tid: compiler.tid, pkruAfter: '0x00000000', detail: { where: 'window.open' } });
  });
});

describe('nested windows', () => {
  it('with nesting: count, windows nest, are counted, and close innermost first restoring each PKRU', () => {
    const { sbx, compiler } = setup();
    const a = sbx.reserve(sbx.createRegion('r1', 4096), 16, 'f');
    const b = sbx.reserve(sbx.createRegion('r2', 4096), 16, 'g');
    const p0 = compiler.ut.rdpkru();
    const outer = sbx.openWindow(compiler, a, { reason: 'outer' });
    const p1 = compiler.ut.rdpkru();
    const inner = sbx.openWindow(compiler, b, { reason: 'inner', nesting: 'count' });
    expect(() => outer.close()).toThrow(/closed before w1, opened after it/);
    inner.close();
    expect(compiler.ut.rdpkru()).toBe(p1);
    outer.close();
    expect(compiler.ut.rdpkru()).toBe(p0);
    expect(compiler.stats.nestedWindows).toBe(1);
  });
});

describe('window limits and the using form', () => {
  it('`using` closes the window at the end of the block, also when it throws', () => {
    const { sbx, compiler } = setup();
    const a = sbx.reserve(sbx.createRegion('r', 4096), 16, 'f');
    const before = compiler.ut.rdpkru();
    {
      using w = sbx.openWindow(compiler, a, { reason: 'emit' });
      w.write(0, Uint8Array.of(0xc3));
      expect(compiler.ut.rdpkru()).not.toBe(before);
    }
    expect(compiler.ut.rdpkru()).toBe(before);
    expect(() => {
      using w = sbx.openWindow(compiler, a, { reason: 'emit' });
      w.write(0, Uint8Array.of(0xc3));
      throw new Error('emitter bug');
    }).toThrow('emitter bug');
    expect(compiler.ut.rdpkru()).toBe(before);
    expect(compiler.openWindows).toEqual([]);
  });

  it('maxBytes and maxCycles are enforced and recorded as violations', () => {
    const { sbx, mem, compiler } = setup();
    const a = sbx.reserve(sbx.createRegion('r', 4096), 64, 'f');
    sbx.withWindow(compiler, a, { reason: 'small', maxBytes: 4 }, (w) => {
      w.write(0, Uint8Array.of(1, 2, 3));
      expect(() => w.write(3, Uint8Array.of(4, 5))).toThrow(/exceed the window's 4-byte limit/);
    });
    sbx.withWindow(compiler, a, { reason: 'slow', maxCycles: 10 }, (w) => {
      w.write(0, new Uint8Array(8));
      compiler.ut.write(a.start + 8, new Uint8Array(64)); // the thread spends cycles (8 accesses)
      compiler.ut.syscall(39); // and a system call (300 cycles)
      expect(() => w.write(16, Uint8Array.of(1))).toThrow(/open for \d+ cycles, limit 10/);
    });
    expect(mem.records.filter((r) => r.kind === 'violation').map((r) => r.detail?.['code'])).toEqual(['WINDOW_BYTES', 'WINDOW_TIME']);
  });
});
