import { describe, expect, it } from 'vitest';
import { Machine } from '../../mpk-hw/index.js';
import { rax, rdi, qword } from '../../jit/x64/index.js';
import { MemorySink } from '../../sdk/audit/log.js';
import { verifyLog } from '../../sdk/audit/check.js';
import { Sandbox } from '../../sdk/sandbox.js';
import { emitPublished } from './emit.js';
import { PkeyFaultError } from '../../sdk/faults.js';


describe('runtime data and statistics', () => {
  it('JIT code reads runtime data but cannot change it; compiler threads can', () => {
    const mem = new MemorySink();
    const sbx = new Sandbox(new Machine(), { audit: [mem] });
    const compiler = sbx.spawn(sbx.owner, 'compiler');
    const executor = sbx.spawn(sbx.owner, 'executor');
    const table = sbx.createRuntimeData('function table', 4096);
    compiler.ut.write64(table, 1234n);
    const region = sbx.createRegion('code', 4096);
    const load = sbx.reserve(region, 16, 'load');
    const store = sbx.reserve(region, 16, 'store');
    emitPublished(sbx, compiler, load, (x) => x.mov(rax, qword(rdi)).ret());
    emitPublished(sbx, compiler, store, (x) => x.mov(qword(rdi), rax).ret());
    expect(sbx.enter(executor, load, [table]).rax).toBe(1234n);
    let err: unknown;
    try { sbx.enter(executor, store, [table]); } catch (e) { err = e; }
    expect((err as PkeyFaultError).diagnosis).toMatchObject({ access: 'write', key: sbx.runtimeDataKey, pitfall: 'write to runtime data by an executor' });
    expect(compiler.ut.read64(table)).toBe(1234n);
    sbx.close();
    expect(verifyLog(mem.text())).toMatchObject({ status: 'intact', violations: [] });
  });

  it('stats report regions, threads, key cache and the policy\'s costs', () => {
    const sbx = new Sandbox(new Machine());
    const compiler = sbx.spawn(sbx.owner, 'compiler');
    const region = sbx.createRegion('code', 4096);
    const a = sbx.reserve(region, 16, 'f');
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(0xc3, 0xc3)));
    sbx.withWindow(compiler, a, { reason: 'unused' }, () => undefined);
    const s = sbx.stats();
    expect(s.regions).toEqual([expect.objectContaining({ name: 'code', windows: 2, bytes: 2, unusedWindows: 1, writers: 1 })]);
    expect(s.keys).toMatchObject({ misses: 1, hits: 1 });
    expect(s.costs).toMatchObject({ policy: 'pkey', wrpkru: sbx.owner.ut.task.process.counters.wrpkru, mprotectCalls: 0 });
    expect(s.costs.permissionCycles).toBeGreaterThan(0);
  });
});
