import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Machine, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../mpk-hw/index.js';
import { Assembler, rax, rcx, r11 } from '../../../jit/x64/index.js';
import { constantBytes, isSafeSnippet, movConstant } from '../../../jit/backend/safe-constants.js';
import { forbiddenBytes } from '../../../sdk/verifier.js';

const FORBIDDEN = [[0x0f, 0x01, 0xef], [0x0f, 0xae, 0x28], [0x0f, 0xc7, 0x1f], [0x0f, 0x05], [0x0f, 0x34], [0xcd, 0x80]];

/** Every 64-bit value with a forbidden sequence at every byte position of its immediate. */
function adversarial(): bigint[] {
  const out: bigint[] = [];
  for (const seq of FORBIDDEN) {
    for (let at = 0; at + seq.length <= 8; at++) {
      for (const fill of [0x00, 0xff, 0x0f]) {
        const b = new Uint8Array(8).fill(fill);
        b.set(seq, at);
        out.push(new DataView(b.buffer).getBigUint64(0, true));
      }
    }
  }
  return out;
}

const clean = (bytes: Uint8Array): boolean =>
  forbiddenBytes.check({ bytes, before: 0, after: 0, address: 0, allowSyscall: false }).length === 0;

describe('constants without forbidden byte sequences', () => {
  it('a plain constant keeps the plain encoding', () => {
    expect([...constantBytes(rax, 42n)]).toEqual([0x48, 0xc7, 0xc0, 0x2a, 0, 0, 0]);
  });

  it('0xef010f (WRPKRU in an imm32) is blinded into a clean mov/xor pair', () => {
    const b = constantBytes(rax, 0xef010fn);
    expect(clean(b)).toBe(true);
    expect(b.length).toBeGreaterThan(7);
  });

  it('every adversarial constant, in several registers, is clean and safe at both ends', () => {
    for (const v of adversarial()) {
      for (const reg of [rax, rcx, r11]) expect(isSafeSnippet(constantBytes(reg, v)), `0x${v.toString(16)}`).toBe(true);
    }
  });

  it('property: random constants are clean, and the CPU loads exactly the value', () => {
    const t = new Machine().spawn();
    const page = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
    const values = [...adversarial().slice(0, 40)];
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (v) => { values.push(v); return isSafeSnippet(constantBytes(rax, v)); }),
      { seed: 7, numRuns: 2000 });
    for (const v of values.slice(0, 120)) {
      const a = new Assembler();
      movConstant(a, rax, v);
      a.ret();
      const code = a.finish();
      expect(clean(code)).toBe(true);
      t.mprotect(page, 4096, PROT_READ | PROT_WRITE);
      t.write(page, code);
      t.mprotect(page, 4096, PROT_READ | PROT_EXEC);
      expect(t.call(page).rax).toBe(v);
    }
  });
});
