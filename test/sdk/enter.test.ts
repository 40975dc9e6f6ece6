import { describe, expect, it } from 'vitest';
import { Machine } from '../../mpk-hw/index.js';
import { rax, rdi, rsi, qword, byte, al } from '../../jit/x64/index.js';
import { Sandbox } from '../../sdk/sandbox.js';
import { emitPublished } from './emit.js';
import { PkeyFaultError } from '../../sdk/faults.js';

function setup() {
  const sbx = new Sandbox(new Machine());
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const executor = sbx.spawn(sbx.owner, 'executor');
  const region = sbx.createRegion('code', 8192);
  return { sbx, compiler, executor, region };
}


describe('entering published code', () => {
  it('an executor runs sealed code and gets the result', () => {
    const { sbx, compiler, executor, region } = setup();
    const add = sbx.reserve(region, 32, 'function');
    emitPublished(sbx, compiler, add, (x) => x.lea(rax, qword({ base: rdi, index: rsi, scale: 1 })).ret());
    expect(sbx.enter(executor, add, [40, 2]).rax).toBe(42n);
    expect(executor.stats.entries).toBe(1);
  });

  it('a data read of execute-only code comes back as a typed fault with its diagnosis', () => {
    const { sbx, compiler, executor, region } = setup();
    const peek = sbx.reserve(region, 32, 'function');
    emitPublished(sbx, compiler, peek, (x) => x.mov(rax, qword(rdi)).ret());
    let err: unknown;
    try { sbx.enter(executor, peek, [peek.start]); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(PkeyFaultError);
    expect((err as PkeyFaultError).diagnosis).toMatchObject({ access: 'read', code: 'SEGV_PKUERR', region: 'code',
      alloc: peek.id, pitfall: 'data read of execute-only code', key: sbx.keyOf(region) });
    expect(sbx.records().at(-1)).toMatchObject({ kind: 'fault', tid: executor.tid, detail: { diagnosis: 'data read of execute-only code' } });
  });

  it('an executor that writes code faults: executor write to code', () => {
    const { sbx, compiler, executor, region } = setup();
    const poke = sbx.reserve(region, 32, 'function');
    emitPublished(sbx, compiler, poke, (x) => x.mov(byte(rdi), al).ret());
    expect(() => sbx.enter(executor, poke, [poke.start])).toThrow(/executor write to code/);
  });

  it('refuses unpublished code, a thread that can write the region, and code changed since its seal', () => {
    const { sbx, compiler, executor, region } = setup();
    const a = sbx.reserve(region, 16, 'function');
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(0xc3)));
    expect(() => sbx.enter(executor, a)).toThrow(/is writing, not published/);
    sbx.seal(a);
    sbx.publish(a);
    const b = sbx.reserve(region, 16, 'function');
    const w = sbx.openWindow(compiler, b, { reason: 'emit b' });
    expect(() => sbx.enter(compiler, a)).toThrow(/is a compiler thread; JIT code runs on executor threads/);
    w.close();
    sbx.machine.poke(sbx.owner.ut.pid, a.start, Uint8Array.of(0xcc));
    expect(() => sbx.enter(executor, a)).toThrow(/changed since it was sealed/);
  });
});
