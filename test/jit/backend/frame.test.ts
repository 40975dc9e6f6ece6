/**
 * Program-derived operands (jit/backend/frame.ts, safe-operands.ts): frame words at safe
 * displacements, and immediates and displacements that take R11 when they are not safe. Each
 * instruction form the back end uses them in is proved safe next to anything with the SDK's
 * verifier, and the CPU computes the same address or comparison either way.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Machine, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../mpk-hw/index.js';
import {
  Assembler, eax, qword, rax, rbp, rcx, rdi, rdx, rsi, rsp, r8, r9, r10, r11, r15, xmm0, xmm1, type Mem,
} from '../../../jit/x64/index.js';
import { frameBytes, frameDisp, frameWord } from '../../../jit/backend/frame.js';
import { isSafeSnippet } from '../../../jit/backend/safe-bytes.js';
import { safeImmOp, safeQword } from '../../../jit/backend/safe-operands.js';

/** Every instruction form in which the back end uses a frame word (lower.ts, runtime-call.ts, fast-*.ts). */
const FORMS: ReadonlyArray<(a: Assembler, m: Mem) => void> = [
  ...[rax, rcx, rdx, rdi, rsi, r8, r9, r10].map((r) => (a: Assembler, m: Mem) => { a.mov(r, m).mov(m, r); }),
  (a, m) => { a.movq(xmm0, m).movq(m, xmm0).movq(xmm1, m); },
  (a, m) => { a.cmp(m, rcx).cmp(rdx, m); },
  (a, m) => { a.ucomisd(xmm0, m).ucomisd(xmm1, m).addsd(xmm0, m).subsd(xmm0, m).mulsd(xmm0, m).divsd(xmm0, m); },
  (a, m) => { a.cvttsd2si(eax, m).cvttsd2si(rdx, m).sqrtsd(xmm0, m).roundsd(xmm0, m, 0b1011); },
];

const encoded = (emit: (a: Assembler) => void): Uint8Array => {
  const a = new Assembler();
  emit(a);
  return a.finish();
};

/** Values built from forbidden sequences (as 32-bit operands) and their neighbours. */
const ADVERSARIAL = [0x050f, 0x340f, 0x80cd, 0x01ef010f, 0x28ae0f00, 0x0f, -51, 0x050f08, 0x0f050000, -0xfaf1, -0x7f3300,
  0x0f340f05, 0x7fffffff, -0x80000000].flatMap((v) => [v - 8, v - 1, v, v + 1, v + 8]).filter((v) => v >= -0x80000000 && v <= 0x7fffffff);

describe('frame words', () => {
  it('are -8, -16, ... up to a million words, then skip the unsafe ones (bytes xx CD 80 FF)', () => {
    for (const n of [0, 1, 15, 16, 8191, 8192, 100_000, 1_041_983]) expect(frameDisp(n)).toBe(-8 * (n + 1));
    // -0x7f3208 .. -0x7f3300 are 0xff80cdxx: 32 displacements skipped.
    expect(frameDisp(1_041_984)).toBe(-0x7f3308);
    expect(frameBytes(0)).toBe(0);
    expect(frameBytes(3)).toBe(32);
    expect(frameBytes(4)).toBe(32);
  });

  it('the skipped displacement would put INT 80h into mov rax, [rbp + disp]', () => {
    expect(isSafeSnippet(encoded((a) => a.mov(rax, qword({ base: rbp, disp: -0x7f3300 }))))).toBe(false);
  });

  it('property: every instruction form on any frame word is safe next to anything', () => {
    const word = fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 1 << 22 }),
      fc.constantFrom(1_041_983, 1_041_984, 1_670_623, 1_670_624, 2_055_615, 2_055_616));
    fc.assert(fc.property(word, fc.constantFrom(...FORMS), (n, form) => isSafeSnippet(encoded((a) => form(a, frameWord(n))))),
      { seed: 5, numRuns: 5_000 });
  });
});

describe('safeQword and safeImmOp', () => {
  it('a safe displacement or immediate stays raw; an unsafe one goes through R11', () => {
    expect(encoded((a) => a.mov(rax, safeQword(a, r15, 8 * 3)))).toEqual(encoded((a) => a.mov(rax, qword({ base: r15, disp: 24 }))));
    const viaR11 = encoded((a) => a.mov(rax, safeQword(a, r15, 0x050f08)));
    expect([...viaR11.slice(0, 2)]).toEqual([0x49, 0xbb]); // movabs r11 (blinded: 0x050f08 holds 0F 05)
    expect(encoded((a) => safeImmOp(a, 'cmp', rcx, 3))).toEqual(encoded((a) => a.cmp(rcx, 3)));
    expect(encoded((a) => safeImmOp(a, 'cmp', rcx, 0x050f)).length).toBeGreaterThan(encoded((a) => a.cmp(rcx, 0x0510)).length);
  });

  it('property: adversarial and random operands give code safe next to anything', () => {
    const value = fc.oneof(fc.constantFrom(...ADVERSARIAL), fc.integer({ min: -0x80000000, max: 0x7fffffff }));
    fc.assert(fc.property(value, (v) => {
      const uses = [
        encoded((a) => a.mov(rax, safeQword(a, rbp, v))), encoded((a) => a.mov(safeQword(a, r15, v), rax)),
        encoded((a) => a.mov(r11, safeQword(a, rsp, v))),
        encoded((a) => safeImmOp(a, 'cmp', rcx, v)), encoded((a) => safeImmOp(a, 'sub', rsp, v)), encoded((a) => safeImmOp(a, 'add', rsp, v)),
      ];
      return uses.every(isSafeSnippet);
    }), { seed: 9, numRuns: 3_000 });
  });

  it('the CPU reads the same QWORD and compares the same way, raw or through R11', () => {
    const t = new Machine().spawn();
    const code = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
    const data = t.mmap(0, 1 << 21, PROT_READ | PROT_WRITE);
    const base = data + (1 << 20);
    for (const d of [-8, 0x050f08, -0xfaf1 & ~7, 0x80cd0, 0x0f0500, 512]) {
      const want = BigInt.asUintN(64, BigInt(d) * 3n + 1n);
      t.write64(base + d, want);
      // f(base, x): [base + d] through R15 (as globals are read) when x === d, else 0 (cmp x, d).
      const bytes = encoded((a) => {
        const ne = a.newLabel();
        a.push(r15).mov(r15, rdi);
        a.mov(rax, safeQword(a, r15, d));
        a.pop(r15).mov(rcx, rsi);
        safeImmOp(a, 'cmp', rcx, d);
        a.jcc('ne', ne).ret().bind(ne).xor(eax, eax).ret();
      });
      t.mprotect(code, 4096, PROT_READ | PROT_WRITE);
      t.write(code, bytes);
      t.mprotect(code, 4096, PROT_READ | PROT_EXEC);
      expect(t.call(code, [base, d]).rax, `disp ${d}`).toBe(want);
      expect(t.call(code, [base, d + 1]).rax, `cmp ${d}`).toBe(0n);
    }
  });
});
