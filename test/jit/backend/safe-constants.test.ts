/**
 * movConstant (jit/backend/safe-constants.ts): every 64-bit value has a load that is safe next
 * to anything, in every register, proved with the SDK's own verifier over adversarial values
 * (every forbidden sequence at every byte offset, as written and complemented, in one half or
 * both) and random ones, and the CPU loads exactly the value.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Machine, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../mpk-hw/index.js';
import { Assembler, GPR64, rax, rsp, rbp } from '../../../jit/x64/index.js';
import { blindingKey, constantBytes, isSafeSnippet, movConstant } from '../../../jit/backend/safe-constants.js';
import { forbiddenBytes } from '../../../sdk/verifier.js';

/** Each forbidden sequence; XRSTOR and XRSTORS with several memory ModRMs. */
const FORBIDDEN: readonly (readonly number[])[] = [
  [0x0f, 0x01, 0xef], [0x0f, 0xae, 0x28], [0x0f, 0xae, 0x2f], [0x0f, 0xae, 0x6d], [0x0f, 0xae, 0xae],
  [0x0f, 0xc7, 0x18], [0x0f, 0xc7, 0x1f], [0x0f, 0xc7, 0x5d], [0x0f, 0xc7, 0x9f],
  [0x0f, 0x05], [0x0f, 0x34], [0xcd, 0x80],
];
const U64 = (1n << 64n) - 1n;
const FILLS = [0x00, 0xff, 0x0f, 0xcd, 0x01, 0x05, 0x80, 0xef, 0xae, 0xc7, 0x5a];

const u64 = (b: Uint8Array): bigint => new DataView(b.buffer).getBigUint64(0, true);

/**
 * Every value with a forbidden sequence at every byte offset (over each fill), its complement,
 * each half's pattern copied to the other half, and two sequences at once.
 */
function adversarial(): bigint[] {
  const out = new Set<bigint>();
  for (const seq of FORBIDDEN) {
    for (let at = 0; at + seq.length <= 8; at++) {
      for (const fill of FILLS) {
        const b = new Uint8Array(8).fill(fill);
        b.set(seq, at);
        const v = u64(b);
        const lo = v & 0xffff_ffffn;
        const hi = v >> 32n;
        for (const x of [v, ~v & U64, (lo << 32n) | lo, (hi << 32n) | hi, (hi << 32n) | (~hi & 0xffff_ffffn)]) out.add(x);
      }
      for (const other of FORBIDDEN) {
        for (let at2 = 0; at2 + other.length <= 8; at2++) {
          const b = new Uint8Array(8).fill(0xff);
          b.set(seq, at);
          b.set(other, at2);
          out.add(u64(b));
        }
      }
    }
  }
  // The review's double 2.688286900694378e-284: high word 0x050FFAF0, 0F 05 as written and complemented.
  out.add(0x050f_faf0_0000_0000n);
  return [...out];
}

const clean = (bytes: Uint8Array): boolean =>
  forbiddenBytes.check({ bytes, before: 0, after: 0, address: 0, allowSyscall: false }).length === 0;

/** Registers movConstant may load (never RSP or RBP: the stack and frame pointers). */
const REGS = GPR64.filter((r) => r !== rsp && r !== rbp);

describe('constants without forbidden byte sequences', () => {
  it('a plain constant keeps the plain encoding', () => {
    expect([...constantBytes(rax, 42n)]).toEqual([0x48, 0xc7, 0xc0, 0x2a, 0, 0, 0]);
  });

  it('0xef010f (WRPKRU in an imm32) is blinded: movabs of 0xef010e (0F made 0E), then xor with 1', () => {
    expect([...constantBytes(rax, 0xef010fn)]).toEqual([
      0x48, 0xb8, 0x0e, 0x01, 0xef, 0, 0, 0, 0, 0, // movabs rax, 0xef010e
      0x48, 0x83, 0xf0, 0x01, //                      xor rax, 1
    ]);
  });

  it('the review\'s double 2.688286900694378e-284 (0x050ffaf000000000) loads through the high-half key', () => {
    const v = 0x050f_faf0_0000_0000n;
    expect(new DataView(new Float64Array([2.688286900694378e-284]).buffer).getBigUint64(0, true)).toBe(v);
    expect(blindingKey(v)).toBe(0x0001_0000_0000_0000n);
    expect(isSafeSnippet(constantBytes(rax, v))).toBe(true);
  });

  it('every adversarial value, in every register, is safe next to anything', () => {
    const values = adversarial();
    expect(values.length).toBeGreaterThan(5000);
    for (const v of values) {
      for (const reg of REGS) {
        const b = constantBytes(reg, v);
        if (!isSafeSnippet(b) || !clean(b)) expect.fail(`0x${v.toString(16)} in ${reg.name}: ${Buffer.from(b).toString('hex')}`);
      }
    }
  });

  it('property: random values, and values made of forbidden bytes, are safe in every register', () => {
    const anyU64 = fc.bigInt({ min: 0n, max: U64 });
    const byteSoup = fc.array(fc.constantFrom(0x0f, 0xcd, 0x01, 0x05, 0x34, 0x80, 0xef, 0xae, 0xc7, 0x28, 0x18, 0x00, 0xff),
      { minLength: 8, maxLength: 8 }).map((b) => u64(Uint8Array.from(b)));
    fc.assert(fc.property(fc.oneof(anyU64, byteSoup), fc.constantFrom(...REGS), (v, reg) => {
      const b = constantBytes(reg, v);
      return isSafeSnippet(b) && clean(b);
    }), { seed: 7, numRuns: 20_000 });
  });

  it('the CPU loads exactly the value, plain or blinded', () => {
    const t = new Machine().spawn();
    const page = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
    const values = [...adversarial().filter((_, i) => i % 97 === 0), 0n, U64, 1n << 63n, 0x7fff_ffffn, 0x8000_0000n];
    fc.sample(fc.bigInt({ min: 0n, max: U64 }), { seed: 3, numRuns: 40 }).forEach((v) => values.push(v));
    for (const v of values) {
      const a = new Assembler();
      movConstant(a, rax, v);
      a.ret();
      const code = a.finish();
      expect(clean(code)).toBe(true);
      t.mprotect(page, 4096, PROT_READ | PROT_WRITE);
      t.write(page, code);
      t.mprotect(page, 4096, PROT_READ | PROT_EXEC);
      expect(t.call(page).rax, `0x${v.toString(16)}`).toBe(v);
    }
  });
});
