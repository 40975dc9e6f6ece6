/**
 * Constants that never put a forbidden byte sequence into code.  The SDK refuses to seal code
 * holding WRPKRU (0F 01 EF), an XRSTOR-family encoding (0F AE /5, 0F C7 /3) or a system-call
 * encoding (0F 05, 0F 34, CD 80) at ANY byte offset, immediates included, so a JavaScript
 * literal such as 0xef010f must not appear verbatim.  `movConstant` loads a 64-bit constant
 * into a register with the shortest plain encoding when its bytes are clean, and otherwise as
 * `mov reg, v ^ k ; xor reg, k` with a blinding key k for which both instructions (and the
 * pair) are clean and the pair neither starts nor ends with a byte that could complete such a
 * sequence with its neighbours.  (JIT spraying defences blind constants the same way.)
 */
import { forbiddenBytes } from '../../sdk/verifier.js';
import { Assembler, type Gpr64 } from '../x64/index.js';
import { JitError } from '../errors.js';

const U64 = (1n << 64n) - 1n;

/**
 * Blinding keys tried in order (fixed, so code generation stays deterministic).  Only the low
 * 32 bits are used, sign-extended as `xor r64, imm32` does: keys with bit 31 clear leave the
 * high half alone, keys with it set complement the high half, so between them a forbidden
 * sequence in either half is broken.
 */
const KEYS: readonly bigint[] = [
  0x5a5a5a5an, 0xa5a5a5a5n, 0x3c3c3c3cn, 0xc3c3c3c3n, 0x25252525n, 0x96969696n,
  0x6b6b6b6bn, 0xe1e1e1e1n, 0x11111111n, 0xd2d2d2d2n, 0x47474747n, 0xb4b4b4b4n,
];

/** Whether `bytes` hold no forbidden sequence and cannot complete one at either end. */
export function isSafeSnippet(bytes: Uint8Array): boolean {
  const found = forbiddenBytes.check({ bytes, before: 0, after: 0, address: 0, allowSyscall: false });
  if (found.length > 0) return false;
  const last = bytes[bytes.length - 1];
  const prev = bytes[bytes.length - 2];
  // A trailing 0F or CD, or 0F 01 / 0F AE / 0F C7, could become a sequence with the next bytes.
  if (last === 0x0f || last === 0xcd || (prev === 0x0f && (last === 0x01 || last === 0xae || last === 0xc7))) return false;
  // A leading byte that finishes a sequence begun by the previous instruction's last bytes.
  const first = bytes[0];
  return first !== 0xef && first !== 0x05 && first !== 0x34 && first !== 0x80 && first !== 0x01;
}

function encodeMov(reg: Gpr64, v: bigint): Uint8Array {
  const a = new Assembler();
  if (v <= 0x7fffffffn || v >= U64 - 0x7fffffffn) a.mov(reg, BigInt.asIntN(64, v));
  else a.movabs(reg, v);
  return a.finish();
}

/** The bytes `movConstant` emits for `value` in `reg` (a fresh snippet). */
export function constantBytes(reg: Gpr64, value: bigint): Uint8Array {
  const v = BigInt.asUintN(64, value);
  const plain = encodeMov(reg, v);
  if (isSafeSnippet(plain)) return plain;
  for (const k of KEYS) {
    const pair = blindedPair(reg, v, k);
    if (isSafeSnippet(pair)) return pair;
  }
  throw new JitError('INVARIANT', `no blinding key makes constant 0x${v.toString(16)} safe`, { value: v.toString(16) });
}

/** `movabs reg, v ^ k'` then `xor reg, imm32` where k' is the key's low 32 bits sign-extended (as the CPU extends imm32). */
function blindedPair(reg: Gpr64, v: bigint, k: bigint): Uint8Array {
  const k32 = BigInt.asIntN(32, k & 0xffffffffn);
  const a = new Assembler();
  a.movabs(reg, v ^ BigInt.asUintN(64, k32)).xor(reg, k32);
  return a.finish();
}

/** Snippets already made, by register and value (the fast paths load the same few tags often). */
const snippets = new Map<string, Uint8Array>();
/** Entries kept at most (the cache starts over when full). */
const MAX_SNIPPETS = 1024;

/** Emits `reg = value` into `a` without any forbidden byte sequence. */
export function movConstant(a: Assembler, reg: Gpr64, value: bigint): void {
  const key = `${reg.num}:${BigInt.asUintN(64, value)}`;
  let bytes = snippets.get(key);
  if (bytes === undefined) {
    if (snippets.size >= MAX_SNIPPETS) snippets.clear();
    snippets.set(key, (bytes = constantBytes(reg, value)));
  }
  a.data(bytes); // copies the bytes
}
