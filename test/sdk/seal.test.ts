import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Machine } from '../../mpk-hw/index.js';
import { MemorySink } from '../../sdk/audit/log.js';
import { Sandbox } from '../../sdk/sandbox.js';
import { VerifyError } from '../../sdk/seal.js';

function setup() {
  const mem = new MemorySink();
  const sbx = new Sandbox(new Machine(), { audit: [mem] });
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const region = sbx.createRegion('r', 4096);
  return { sbx, mem, compiler, region };
}

describe('seal, publish, retire, integrity', () => {
  it('seals clean code with a receipt whose hash covers exactly the allocation', () => {
    const { sbx, compiler, region } = setup();
    const a = sbx.reserve(region, 4, 'function');
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(0x31, 0xc0, 0xc3, 0x90)));
    const r = sbx.seal(a);
    expect(r).toMatchObject({ alloc: 'r#0', verifiers: [{ name: 'forbidden-bytes', ok: true, findings: [] }], policyHash: sbx.policyHash });
    expect(r.sha256).toBe(createHash('sha256').update(Uint8Array.of(0x31, 0xc0, 0xc3, 0x90)).digest('hex'));
    expect(a.state).toBe('sealed');
    sbx.publish(a);
    expect(a.state).toBe('published');
    expect(sbx.checkIntegrity(a)).toBe(true);
  });

  it('refuses WRPKRU hidden in an immediate, naming the offset', () => {
    const { sbx, compiler, region } = setup();
    const a = sbx.reserve(region, 6, 'function');
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(0xb8, 0x0f, 0x01, 0xef, 0x00, 0xc3)));
    let err: unknown;
    try { sbx.seal(a); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(VerifyError);
    expect((err as VerifyError).findings.map((f) => [f.pattern, f.offset, f.address - a.start, f.instruction])).toEqual([['WRPKRU', 1, 1, 'mov eax,0xef010f']]);
    expect((err as VerifyError).message).toMatch(/WRPKRU at offset 1 \(0x[0-9a-f]+\) in 'mov eax,0xef010f'/);
    expect(a.state).toBe('writing');
    expect(() => sbx.publish(a)).toThrow(/cannot go from writing to published/);
  });

  it('finds WRPKRU split across two allocations at the seam', () => {
    const { sbx, compiler, region } = setup();
    const a = sbx.reserve(region, 16, 'function');
    const b = sbx.reserve(region, 16, 'function');
    sbx.withWindow(compiler, a, { reason: 'emit a' }, (w) => w.write(14, Uint8Array.of(0x0f, 0x01)));
    sbx.seal(a); // alone, a's last bytes are harmless
    sbx.publish(a);
    // The write that would complete WRPKRU across the seam with published `a` is refused outright.
    sbx.withWindow(compiler, b, { reason: 'emit b' }, (w) => {
      expect(() => w.write(0, Uint8Array.of(0xef))).toThrow(/complete WRPKRU at 0x[0-9a-f]+ with sealed code of r#0/);
    });
    // Both staged: each seal and each publish sees the real executable neighbour. d is published
    // first next to c's int3 filler; c is then refused next to d's bytes, and stays int3.
    const c = sbx.reserve(region, 16, 'function');
    const d = sbx.reserve(region, 16, 'function');
    sbx.withWindow(compiler, c, { reason: 'emit c' }, (w) => w.write(14, Uint8Array.of(0x0f, 0x01)));
    sbx.withWindow(compiler, d, { reason: 'emit d' }, (w) => w.write(0, Uint8Array.of(0xef)));
    sbx.seal(d);
    sbx.seal(c); // d is sealed, not executable: c's neighbour is still int3
    sbx.publish(d);
    expect(() => sbx.publish(c)).toThrow(/WRPKRU at offset 14/);
    expect(c.state).toBe('sealed');
    expect(sbx.machine.peek(sbx.owner.ut.pid, c.start, 16)).toEqual(new Uint8Array(16).fill(0xcc));
  });

  it('retired code is int3 and can never be published again', () => {
    const { sbx, compiler, region } = setup();
    const a = sbx.reserve(region, 4, 'function');
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(0xc3, 0xc3, 0xc3, 0xc3)));
    sbx.seal(a);
    sbx.publish(a);
    sbx.retire(a);
    expect(sbx.machine.peek(sbx.owner.ut.pid, a.start, 4)).toEqual(Uint8Array.of(0xcc, 0xcc, 0xcc, 0xcc));
    expect(() => sbx.publish(a)).toThrow(/retired to published/);
    expect('transition' in a).toBe(false); // lifetimes move only through the SDK's calls
  });

  it('a change behind the SDK\'s back fails the integrity check and is recorded', () => {
    const { sbx, mem, compiler, region } = setup();
    const a = sbx.reserve(region, 4, 'function');
    sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(0xc3, 0, 0, 0)));
    sbx.seal(a);
    sbx.publish(a);
    sbx.machine.poke(sbx.owner.ut.pid, a.start, Uint8Array.of(0xcc)); // e.g. via an alias mapping
    expect(sbx.checkIntegrity(a)).toBe(false);
    expect(mem.records.at(-1)).toMatchObject({ kind: 'violation', alloc: a.id, detail: { code: 'INTEGRITY' } });
  });

  it('cannot seal while a window is open on the allocation', () => {
    const { sbx, compiler, region } = setup();
    const a = sbx.reserve(region, 4, 'function');
    const w = sbx.openWindow(compiler, a, { reason: 'emit' });
    w.write(0, Uint8Array.of(0xc3));
    expect(() => sbx.seal(a)).toThrow(/open window \(w0\)/);
    w.close();
    expect(sbx.seal(a).verifiers[0]?.ok).toBe(true);
  });
});
