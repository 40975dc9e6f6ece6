import { describe, expect, it } from 'vitest';
import { Machine } from '../../mpk-hw/index.js';
import { rax, rdi, qword } from '../../jit/x64/index.js';
import { MemorySink } from '../../sdk/audit/log.js';
import { checkInvariants, verifyLog } from '../../sdk/audit/check.js';
import type { AuditRecord } from '../../sdk/audit/schema.js';
import { Sandbox } from '../../sdk/sandbox.js';
import { SdkError } from '../../sdk/errors.js';
import { emitPublished } from './emit.js';

describe('guest data (a JIT heap on its own key)', () => {
  it('is on its own key, which every role (executors included) reads and writes; the log verifies', () => {
    const mem = new MemorySink();
    const sbx = new Sandbox(new Machine(), { audit: [mem], guestData: true });
    const compiler = sbx.spawn(sbx.owner, 'compiler');
    const executor = sbx.spawn(sbx.owner, 'executor');
    const key = sbx.guestDataKey;
    expect(key).not.toBeNull();
    expect([0, sbx.runtimeDataKey, sbx.coldKey]).not.toContain(key);
    const heap = sbx.createGuestData('heap', 100);
    const smaps = sbx.machine.smaps(sbx.owner.ut.pid) ?? '';
    const block = smaps.split(/\n(?=[0-9a-f]+-)/).find((b) => b.startsWith(heap.toString(16).padStart(8, '0') + '-')) ?? '';
    expect(block).toMatch(new RegExp(`ProtectionKey:\\s+${key}\\b`));
    const region = sbx.createRegion('code', 4096);
    const load = sbx.reserve(region, 16, 'load');
    const store = sbx.reserve(region, 16, 'store');
    emitPublished(sbx, compiler, load, (x) => x.mov(rax, qword(rdi)).ret());
    emitPublished(sbx, compiler, store, (x) => x.mov(rax, 77).mov(qword(rdi), rax).ret());
    sbx.owner.ut.write64(heap, 5n);
    expect(sbx.enter(executor, load, [heap]).rax).toBe(5n);
    sbx.enter(executor, store, [heap]);
    expect(compiler.ut.read64(heap)).toBe(77n);
    sbx.close();
    const v = verifyLog(mem.text());
    expect(v).toMatchObject({ status: 'intact', violations: [] });
    // The guest-data retag does not make the key a code key (a write to it is not a code write).
    expect(v.records.some((r) => r.kind === 'key.retag' && r.key === key && r.detail?.['guestData'] === true)).toBe(true);
  });

  it('without the option there is no guest-data key and createGuestData refuses', () => {
    const sbx = new Sandbox(new Machine());
    expect(sbx.guestDataKey).toBeNull();
    expect(() => sbx.createGuestData('heap', 4096)).toThrow(SdkError);
  });
});

describe('the guest-data flag in the audit replay', () => {
  it('is honoured only for the key allocated for guest data: a forged flag on a code key hides nothing', () => {
    const mem = new MemorySink();
    const sbx = new Sandbox(new Machine(), { audit: [mem], guestData: true });
    const executor = sbx.spawn(sbx.owner, 'executor');
    sbx.createRegion('code', 4096);
    sbx.close();
    const records = mem.records.map((r) => ({ ...r }));
    const codeRetag = records.findIndex((r) => r.kind === 'key.retag' && r.region === 'code');
    expect(codeRetag).toBeGreaterThan(0);
    const flip = records.find((r) => r.kind === 'pkru' && r.tid === executor.tid);
    expect(flip).toBeDefined();
    // The executor gets every right (PKRU 0) after the code key exists: invariant 3 is broken...
    const grant = { ...(flip as AuditRecord), seq: records.length, cycle: 1, pkruBefore: flip?.pkruAfter, pkruAfter: '0x00000000' } as AuditRecord;
    const honest = [...records.slice(0, -1), grant];
    expect(checkInvariants(honest).some((v) => v.invariant === 3)).toBe(true);
    // ...and stays broken when the code key's retag claims to be guest data.
    const forged = honest.map((r, i) => (i === codeRetag ? { ...r, detail: { ...r.detail, guestData: true } } : r));
    expect(checkInvariants(forged).some((v) => v.invariant === 3)).toBe(true);
  });
});

describe('key budget', () => {
  it('codeKeys is checked against the 16 hardware keys (one fewer with guest data)', () => {
    expect(() => new Sandbox(new Machine(), { codeKeys: 12, guestData: true })).toThrow(/option codeKeys \(with guestData\) must be an integer in 1\.\.11 \(got 12\)/);
    expect(() => new Sandbox(new Machine(), { codeKeys: 13 })).toThrow(/option codeKeys must be an integer in 1\.\.12 \(got 13\)/);
    expect(() => new Sandbox(new Machine(), { codeKeys: 0 })).toThrow(SdkError);
    expect(new Sandbox(new Machine(), { guestData: true }).options.codeKeys).toBe(11);
    expect(new Sandbox(new Machine()).options.codeKeys).toBe(12);
  });
});
