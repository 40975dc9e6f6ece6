import { describe, expect, it } from 'vitest';
import { Machine, PROT_READ, PROT_WRITE, SIGSEGV, SEGV_PKUERR, PKEY_DISABLE_ACCESS, pkruWithKeyBits } from '../../mpk-hw/index.js';

describe('smoke', () => {
  it('pkey fault delivers SEGV_PKUERR and the handler can zero PKRU in the frame', () => {
    const m = new Machine();
    const t = m.spawn();
    const p = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
    expect(p).toBeGreaterThan(0);
    t.write32(p, 0x1234);
    const k = t.pkeyAlloc(0, 0);
    expect(k).toBe(1);
    expect(t.pkeyMprotect(p, 4096, PROT_READ | PROT_WRITE, k)).toBe(0);
    const seen: Array<{ code: number; pkey: number; slot: number }> = [];
    t.sigaction(SIGSEGV, (ctx) => {
      const si = ctx.readSiginfo();
      seen.push({ code: si.code, pkey: si.pkey, slot: ctx.thread.read32(ctx.pkruSlotAddr) });
      ctx.thread.write32(ctx.pkruSlotAddr, 0);
    });
    const before = t.rdpkru();
    t.wrpkru(pkruWithKeyBits(before, k, PKEY_DISABLE_ACCESS));
    expect(t.read32(p)).toBe(0x1234);
    expect(seen).toEqual([{ code: SEGV_PKUERR, pkey: k, slot: pkruWithKeyBits(before, k, 1) }]);
    expect(t.rdpkru()).toBe(0);
    expect(m.smaps(t.pid)).toContain('ProtectionKey:         1');
  });
});
