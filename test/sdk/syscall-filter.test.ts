import { describe, expect, it } from 'vitest';
import { Errno, Machine, PROT_READ, PROT_WRITE, PROT_EXEC, SYS } from '../../mpk-hw/index.js';
import { MemorySink } from '../../sdk/audit/log.js';
import { Sandbox } from '../../sdk/sandbox.js';

describe('executor system-call filter', () => {
  it.each([
    ['mprotect', (t: import('../../mpk-hw/index.js').UserThread) => t.mprotect(0x10000, 4096, PROT_READ | PROT_WRITE | PROT_EXEC)],
    ['pkey_mprotect', (t: import('../../mpk-hw/index.js').UserThread) => t.pkeyMprotect(0x10000, 4096, PROT_READ, 0)],
    ['mmap', (t: import('../../mpk-hw/index.js').UserThread) => t.mmap(0, 4096, PROT_READ)],
    ['pkey_alloc', (t: import('../../mpk-hw/index.js').UserThread) => t.pkeyAlloc(0, 0)],
    ['pkey_free', (t: import('../../mpk-hw/index.js').UserThread) => t.pkeyFree(1)],
    ['munmap', (t: import('../../mpk-hw/index.js').UserThread) => t.munmap(0x10000, 4096)],
  ])('refuses %s with EPERM and records it', (name, call) => {
    const mem = new MemorySink();
    const sbx = new Sandbox(new Machine(), { audit: [mem] });
    const ex = sbx.spawn(sbx.owner, 'executor');
    expect(call(ex.ut)).toBe(-Errno.EPERM);
    expect(mem.records.at(-1)).toMatchObject({ kind: 'syscall.refused', tid: ex.tid, detail: { name, action: 'EPERM' } });
  });

  it('allows the runtime calls, and does not filter the compiler', () => {
    const sbx = new Sandbox(new Machine());
    const ex = sbx.spawn(sbx.owner, 'executor');
    const comp = sbx.spawn(sbx.owner, 'compiler');
    expect(ex.ut.syscall(SYS.getpid)).toBe(ex.ut.pid);
    expect(comp.ut.mmap(0, 4096, PROT_READ)).toBeGreaterThan(0);
  });

  it('strict mode kills the executor thread', () => {
    const sbx = new Sandbox(new Machine(), { strict: true });
    const ex = sbx.spawn(sbx.owner, 'executor');
    expect(() => ex.ut.pkeyAlloc(0, 0)).toThrow(/killed by seccomp/);
    expect(ex.ut.alive).toBe(false);
    expect(sbx.owner.ut.alive).toBe(true);
  });
});
