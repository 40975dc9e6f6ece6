import { describe, expect, it } from 'vitest';
import { Errno, Machine, SIGUSR1, SYS } from '../../mpk-hw/index.js';
import { Assembler, eax } from '../../jit/x64/index.js';
import { MemorySink } from '../../sdk/audit/log.js';
import { verifyLog } from '../../sdk/audit/check.js';
import { Sandbox } from '../../sdk/sandbox.js';

function setup(strict = false) {
  const mem = new MemorySink();
  const sbx = new Sandbox(new Machine(), { audit: [mem], strict });
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const executor = sbx.spawn(sbx.owner, 'executor');
  return { sbx, mem, compiler, executor };
}

describe('signal policy', () => {
  it('a handler runs with its role baseline; entry and return are recorded; PKRU comes back', () => {
    const { sbx, mem, compiler } = setup();
    const seen: number[] = [];
    sbx.sigaction(SIGUSR1, (ctx) => { seen.push(ctx.thread.rdpkru()); });
    const before = compiler.ut.rdpkru();
    expect(compiler.ut.raise(SIGUSR1)).toBe(0);
    expect(seen).toEqual([sbx.baseline('compiler')]);
    expect(compiler.ut.rdpkru()).toBe(before);
    expect(mem.records.map((r) => r.kind).filter((k) => k.startsWith('signal.'))).toEqual(['signal.enter', 'signal.return']);
    sbx.close();
    expect(verifyLog(mem.text())).toMatchObject({ status: 'intact', violations: [] });
  });

  it('an edited frame (PKRU slot changed by the handler) is recorded; strict mode ends the thread', () => {
    for (const strict of [false, true]) {
      const { sbx, mem, compiler } = setup(strict);
      sbx.sigaction(SIGUSR1, (ctx) => { ctx.thread.write32(ctx.pkruSlotAddr, 0); });
      if (strict) expect(() => compiler.ut.raise(SIGUSR1)).toThrow(/exited/);
      else expect(compiler.ut.raise(SIGUSR1)).toBe(0);
      expect(mem.records.find((r) => r.kind === 'pkru.unaudited')).toMatchObject({ tid: compiler.tid, pkruAfter: '0x00000000',
        detail: { where: 'signal frame edited' } });
      expect(compiler.ut.alive).toBe(!strict);
    }
  });

  it('a forged rt_sigreturn from JIT code is refused by the executor filter', () => {
    const { sbx, mem, compiler, executor } = setup();
    const a = sbx.reserve(sbx.createRegion('code', 4096), 32, 'function');
    const asm = new Assembler();
    asm.mov(eax, SYS.rt_sigreturn).syscall().ret();
    const code = asm.finish();
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, code));
    expect(() => sbx.seal(a)).toThrow(/SYSCALL at offset 5/);
    // With direct system calls allowed by policy, the seccomp filter still refuses it.
    const mem2 = new MemorySink();
    const sbx2 = new Sandbox(new Machine(), { audit: [mem2], allowSyscall: true });
    const c2 = sbx2.spawn(sbx2.owner, 'compiler');
    const e2 = sbx2.spawn(sbx2.owner, 'executor');
    const b = sbx2.reserve(sbx2.createRegion('code', 4096), 32, 'function');
    sbx2.withWindow(c2, b, { reason: 'emit' }, (w) => w.write(0, code));
    sbx2.seal(b);
    sbx2.publish(b);
    expect(sbx2.enter(e2, b).rax).toBe(BigInt(-Errno.EPERM) & 0xffffffffffffffffn);
    expect(mem2.records.find((r) => r.kind === 'syscall.refused')).toMatchObject({ tid: e2.tid, detail: { name: 'rt_sigreturn' } });
    expect(mem.records.some((r) => r.kind === 'seal' && r.detail?.['ok'] === false)).toBe(true);
    expect(executor.stats.entries).toBe(0);
  });

  it('a PKRU change the SDK did not make is caught at the next SDK entry and repaired', () => {
    const { sbx, mem, compiler, executor } = setup();
    const a = sbx.reserve(sbx.createRegion('code', 4096), 16, 'function');
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(0xc3)));
    sbx.seal(a);
    sbx.publish(a);
    const baseline = executor.ut.rdpkru();
    executor.ut.wrpkru(0); // as a stray WRPKRU would
    sbx.enter(executor, a);
    expect(executor.ut.rdpkru()).toBe(baseline);
    const i = mem.records.findIndex((r) => r.kind === 'pkru.unaudited');
    expect(mem.records[i]).toMatchObject({ tid: executor.tid, pkruAfter: '0x00000000', detail: { where: 'enter' } });
    expect(mem.records[i + 1]).toMatchObject({ kind: 'pkru', tid: executor.tid, pkruBefore: '0x00000000', detail: { cause: 'repair' } });
    sbx.close();
    expect(verifyLog(mem.text()).violations.map((v) => [v.seq, v.invariant])).toEqual([[i, 3]]);
  });
});

describe('PKRU checked at every system call', () => {
  it('a stray WRPKRU on a compiler thread is recorded at its next system call; strict mode ends the thread', () => {
    for (const strict of [false, true]) {
      const mem = new MemorySink();
      const sbx = new Sandbox(new Machine(), { audit: [mem], strict });
      const compiler = sbx.spawn(sbx.owner, 'compiler');
      compiler.ut.wrpkru(0);
      if (strict) expect(() => compiler.ut.syscall(SYS.getpid)).toThrow(/killed by seccomp/);
      else expect(compiler.ut.syscall(SYS.getpid)).toBe(compiler.ut.pid);
      expect(mem.records.filter((r) => r.kind === 'pkru.unaudited')).toEqual([
        expect.objectContaining({ tid: compiler.tid, pkruAfter: '0x00000000', detail: { where: 'syscall' } })]);
      expect(compiler.ut.alive).toBe(!strict);
    }
  });
});
