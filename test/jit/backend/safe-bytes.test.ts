/**
 * The "safe next to anything" rules of jit/backend/safe-bytes.ts, checked against the SDK's own
 * verifier: exact answers for each way a sequence can cross an edge, and a property that a
 * piece the rules call safe is clean between any bytes at all.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSafeInt32, isSafeOperand, isSafeSnippet, littleEndian } from '../../../jit/backend/safe-bytes.js';
import { forbiddenBytes } from '../../../sdk/verifier.js';

/** Whether the verifier finds a sequence overlapping `piece` placed between `before` and `after`. */
function dirtyBetween(before: number[], piece: number[], after: number[]): boolean {
  const bytes = Uint8Array.from([...before, ...piece, ...after]);
  return forbiddenBytes.check({ bytes, before: before.length, after: after.length, address: 0, allowSyscall: false }).length > 0;
}

/** Bytes that matter to some sequence, and a few that do not. */
const BYTES = [0x0f, 0xcd, 0x01, 0x05, 0x34, 0x80, 0xef, 0xae, 0xc7, 0x28, 0x2d, 0x6f, 0xaf, 0x18, 0x5b, 0x9f, 0xe8, 0x00, 0x48, 0xff];
const interesting = fc.oneof(fc.constantFrom(...BYTES), fc.integer({ min: 0, max: 255 }));

describe('isSafeSnippet and isSafeOperand', () => {
  // [piece, safe next to anything, safe with only the bytes after unknown]
  const TABLE: Array<[number[], boolean, boolean]> = [
    [[0x48, 0xc7, 0xc0, 0x2a, 0x00, 0x00, 0x00], true, true], // mov rax, 42
    [[0x0f, 0x05], false, false], //                               SYSCALL inside
    [[0x48, 0x0f], false, false], //                               0F + next 05
    [[0x48, 0xcd], false, false], //                               CD + next 80
    [[0x48, 0x0f, 0x01], false, false], //                         0F 01 + next EF
    [[0x48, 0x0f, 0xae], false, false], //                         0F AE + next memory ModRM /5
    [[0x48, 0x0f, 0xc7], false, false], //                         0F C7 + next memory ModRM /3
    [[0x48, 0x0f, 0x00], true, true], //                           0F 00 is nothing
    [[0x05, 0x48], false, true], //                                previous 0F + 05
    [[0x80, 0x48], false, true], //                                previous CD + 80
    [[0xef, 0x48], false, true], //                                previous 0F 01 + EF
    [[0x01, 0xef, 0x48], false, true], //                          previous 0F + 01 EF
    [[0x2d, 0x48], false, true], //                                previous 0F AE + [rbp+disp32] ModRM /5
    [[0x1f, 0x48], false, true], //                                previous 0F C7 + [rdi] ModRM /3
    [[0xe8, 0x48], true, true], //                                 previous 0F AE + E8 is LFENCE (mod 3)
    [[0x01], false, true], //                                      one byte between 0F and EF
    [[0xa8], false, true], //                                      0F AE before it, as a memory ModRM /5
    [[0xf8], true, true], //                                       disp8 -8
  ];
  it.each(TABLE)('%j: next to anything %s, as an operand %s', (piece, snippet, operand) => {
    expect(isSafeSnippet(Uint8Array.from(piece))).toBe(snippet);
    expect(isSafeOperand(Uint8Array.from(piece))).toBe(operand);
  });

  it('property: a safe snippet is clean between any two bytes before and any two after', () => {
    const bytes = (min: number) => fc.array(interesting, { minLength: min, maxLength: 6 });
    fc.assert(fc.property(bytes(2), bytes(1), bytes(2), (before, piece, after) => {
      const b = before.slice(-2);
      const a = after.slice(0, 2);
      return !isSafeSnippet(Uint8Array.from(piece)) || !dirtyBetween(b, piece, a);
    }), { seed: 11, numRuns: 50_000 });
  });

  it('property: a safe operand is clean before any two bytes after', () => {
    fc.assert(fc.property(fc.array(interesting, { minLength: 1, maxLength: 6 }), fc.array(interesting, { minLength: 2, maxLength: 2 }),
      (piece, after) => !isSafeOperand(Uint8Array.from(piece)) || !dirtyBetween([], piece, after)), { seed: 12, numRuns: 50_000 });
  });

  it('every one-byte piece: the rules agree with the verifier over all two-byte neighbours', () => {
    const pairs = Array.from({ length: 256 * 256 }, (_, i) => [i >> 8, i & 0xff]).filter(([x, y]) => BYTES.includes(x as number)
      || BYTES.includes(y as number));
    for (let b = 0; b < 256; b++) {
      const anyAfter = pairs.some((t) => dirtyBetween([], [b], t));
      const anyAround = anyAfter || pairs.some((h) => dirtyBetween(h, [b], [])) || BYTES.some((x) => BYTES.some((y) => dirtyBetween([x], [b], [y])));
      expect(isSafeOperand(Uint8Array.of(b)), `0x${b.toString(16)} as an operand`).toBe(!anyAfter);
      expect(isSafeSnippet(Uint8Array.of(b)), `0x${b.toString(16)} next to anything`).toBe(!anyAround);
    }
  });
});

describe('isSafeInt32', () => {
  it.each([
    [0, true], [-8, true], [0x1000, true], [-0x1000, true],
    [0x050f, false], [0x340f, false], [0x80cd, false], [0x0f, false], [-51, false], // 0xcd as imm8
    [0x0f00, true], [0x2878, true], [0x050f08, false], [0x7fffffff, true], [2 ** 31, false], [1.5, false],
  ])('%d: %s', (v, safe) => {
    expect(isSafeInt32(v)).toBe(safe);
  });

  it('littleEndian', () => {
    expect([...littleEndian(-8, 4)]).toEqual([0xf8, 0xff, 0xff, 0xff]);
    expect([...littleEndian(0x050fn, 8)]).toEqual([0x0f, 0x05, 0, 0, 0, 0, 0, 0]);
    expect([...littleEndian(0x050f08, 4)]).toEqual([0x08, 0x0f, 0x05, 0]);
    expect([...littleEndian(0xffffffff, 4)]).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect([...littleEndian(-51, 1)]).toEqual([0xcd]);
  });
});
