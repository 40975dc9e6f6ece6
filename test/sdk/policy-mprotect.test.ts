import { describe, expect, it } from 'vitest';
import { Machine } from '../../mpk-hw/index.js';
import { Assembler, eax, ecx, rcx } from '../../jit/x64/index.js';
import { MemorySink } from '../../sdk/audit/log.js';
import { verifyLog } from '../../sdk/audit/check.js';
import { Sandbox } from '../../sdk/sandbox.js';
import { PkeyFaultError } from '../../sdk/faults.js';

function ret7(): Uint8Array {
  const a = new Assembler();
  a.mov(eax, 7).ret();
  return a.finish();
}

/** Emits, seals and runs `n` functions; returns the process counters and the log. */
function workload(policy: 'pkey' | 'mprotect', n: number) {
  const mem = new MemorySink();
  const m = new Machine({ cpus: 2 });
  const sbx = new Sandbox(m, { audit: [mem], policy });
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const executor = sbx.spawn(sbx.owner, 'executor');
  const region = sbx.createRegion('code', 64 * 1024);
  for (let i = 0; i < n; i++) {
    const a = sbx.reserve(region, 16, 'function');
    sbx.withWindow(compiler, a, { reason: `emit f${i}` }, (w) => w.write(0, ret7()));
    sbx.seal(a);
    sbx.publish(a);
    expect(sbx.enter(executor, a).rax).toBe(7n);
  }
  const stats = sbx.stats();
  sbx.close();
  return { c: sbx.owner.ut.task.process.counters, log: verifyLog(mem.text()), mem, stats };
}

describe('the mprotect policy, side by side with pkeys', () => {
  it('runs the same workload; mprotect flips pages process-wide and costs syscalls and shootdowns', () => {
    const pk = workload('pkey', 8);
    const mp = workload('mprotect', 8);
    expect(pk.log).toMatchObject({ status: 'intact', violations: [] });
    expect(mp.log).toMatchObject({ status: 'intact', violations: [] });
    // Per function: the staging pages RW and back to R for the JIT's window, then the code
    // pages RW (not executable) and back to RX for the seal's copy.
    expect(mp.c.mprotectCalls).toBe(32);
    expect(pk.c.mprotectCalls).toBe(0);
    expect(mp.mem.records.filter((r) => r.kind === 'mprotect').map((r) => r.detail?.['prot'])).toEqual(
      Array.from({ length: 8 }, () => ['RW', 'R', 'RW', 'RX']).flat());
    expect(mp.c.tlbShootdowns).toBeGreaterThan(pk.c.tlbShootdowns);
    expect(pk.c.wrpkru).toBeGreaterThan(mp.c.wrpkru);
    // Executors stall while mprotect windows have the pages RW; with pkeys they never do.
    expect(pk.stats.costs.executorStallCycles).toBe(0);
    const quiesces = mp.mem.records.filter((r) => r.kind === 'quiesce');
    expect(quiesces).toHaveLength(8);
    expect(mp.stats.costs.executorStallCycles).toBe(quiesces.reduce((n, r) => n + Number(r.detail?.['stalledCycles']), 0));
    expect(mp.stats.costs.executorStallCycles).toBeGreaterThan(0);
    expect(mp.stats.costs.permissionCycles).toBeGreaterThan(pk.stats.costs.permissionCycles);
  });

  it('under mprotect an executor cannot enter a region while a window has it RW', () => {
    const sbx = new Sandbox(new Machine(), { policy: 'mprotect' });
    const compiler = sbx.spawn(sbx.owner, 'compiler');
    const executor = sbx.spawn(sbx.owner, 'executor');
    const region = sbx.createRegion('code', 4096);
    const a = sbx.reserve(region, 16, 'f');
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, ret7()));
    sbx.seal(a);
    sbx.publish(a);
    const b = sbx.reserve(region, 16, 'g');
    const w = sbx.openWindow(compiler, b, { reason: 'emit g' });
    expect(() => sbx.enter(executor, a)).toThrow(/executors stall until it closes/);
    w.close();
    expect(sbx.enter(executor, a).rax).toBe(7n);
    expect(sbx.patch(compiler, a, 1, Uint8Array.of(9, 0, 0, 0), { reason: 'ic' }).atomic).toBe(true);
    expect(sbx.enter(executor, a).rax).toBe(9n);
  });
});

describe('traps in JIT code', () => {
  it('a divide error ends only the executor, as a typed fault', () => {
    const sbx = new Sandbox(new Machine());
    const compiler = sbx.spawn(sbx.owner, 'compiler');
    const executor = sbx.spawn(sbx.owner, 'executor');
    const a = sbx.reserve(sbx.createRegion('code', 4096), 16, 'f');
    const asm = new Assembler();
    asm.xor(ecx, ecx).emit('div', rcx).ret();
    const code = asm.finish();
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, code));
    sbx.seal(a);
    sbx.publish(a);
    let err: unknown;
    try { sbx.enter(executor, a); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(PkeyFaultError);
    expect((err as PkeyFaultError).diagnosis).toMatchObject({ code: 'SIGFPE', pitfall: 'divide error', address: a.start + 2 });
    expect(sbx.owner.ut.alive).toBe(true);
    expect(compiler.ut.alive).toBe(true);
  });
});
