/**
 * Constants that never put a forbidden byte sequence into code (safe-bytes.ts says which), so
 * a JavaScript literal such as 0xef010f, or a double whose bits hold `0f 05`, never appears
 * verbatim. `movConstant` loads a 64-bit constant into a register with the shortest plain
 * encoding when that is safe next to anything, and otherwise blinded (as JIT-spraying defences
 * blind constants), in a form that is safe by construction:
 *
 *   movabs reg, v ^ k          REX.W B8+r io        (SDM Vol.2B MOV)
 *   xor    reg, k[31:0]        REX.W 81 /6 id       (SDM Vol.2C XOR; imm32 sign-extended)
 *   rol    reg, 32             REX.W C1 /0 ib       (SDM Vol.2B RCL/RCR/ROL/ROR)
 *   xor    reg, k[63:32]
 *   rol    reg, 32
 *
 * The key k has 0x01 in each byte where v has 0x0F or 0xCD and 0x00 elsewhere; the xor lines
 * are left out for a zero key half, the rol lines with the high one. Why it is safe for every v:
 * every forbidden sequence begins with 0F or CD, and no byte above is either: the prefix
 * bytes are REX.W (48, 49), the opcodes B8-BF, 81/83/35 and C1, the ModRMs C0-C7 and F0-F7,
 * the count 20; the immediate v ^ k has 0F turned into 0E and CD into CC, the key bytes are
 * 00 or 01 (so k[31:0] has bit 31 clear and its sign extension leaves the high half alone).
 * So no sequence begins inside the snippet, and none begun before it is completed by its
 * first byte, a REX.W prefix (48 = 01 001 000, 49: neither a second or third byte of one, nor
 * a memory ModRM with reg 3 or 5). The tests prove it over adversarial and random values.
 */
import { Assembler, type Gpr64 } from '../x64/index.js';
import { assert } from '../errors.js';
import { isSafeSnippet } from './safe-bytes.js';

export { isSafeSnippet } from './safe-bytes.js';

const U64 = (1n << 64n) - 1n;

/** The shortest plain load of `v` (unsigned 64-bit): a sign-extended imm32 when it fits. */
function plainBytes(reg: Gpr64, v: bigint): Uint8Array {
  const a = new Assembler();
  if (v <= 0x7fffffffn || v >= U64 - 0x7fffffffn) a.mov(reg, BigInt.asIntN(64, v));
  else a.movabs(reg, v);
  return a.finish();
}

/** The blinding key of `v`: 0x01 in each byte that is 0x0F or 0xCD (the first bytes of every sequence). */
export function blindingKey(v: bigint): bigint {
  let k = 0n;
  for (let shift = 0n; shift < 64n; shift += 8n) {
    const b = (v >> shift) & 0xffn;
    if (b === 0x0fn || b === 0xcdn) k |= 1n << shift;
  }
  return k;
}

/** The blinded load of `v` (file comment). */
function blindedBytes(reg: Gpr64, v: bigint): Uint8Array {
  const k = blindingKey(v);
  const low = k & 0xffff_ffffn;
  const high = k >> 32n;
  const a = new Assembler();
  a.movabs(reg, v ^ k);
  if (low !== 0n) a.xor(reg, low);
  if (high !== 0n) a.rol(reg, 32).xor(reg, high).rol(reg, 32);
  return a.finish();
}

/** The bytes `movConstant` emits for `value` (taken modulo 2^64) in `reg` (a fresh snippet). */
export function constantBytes(reg: Gpr64, value: bigint): Uint8Array {
  const v = BigInt.asUintN(64, value);
  const plain = plainBytes(reg, v);
  if (isSafeSnippet(plain)) return plain;
  const blinded = blindedBytes(reg, v);
  assert(isSafeSnippet(blinded), `the blinded load of 0x${v.toString(16)} into ${reg.name} is not safe`);
  return blinded;
}

/** Snippets already made, by register and value (the fast paths load the same few tags often). */
const snippets = new Map<string, Uint8Array>();
/** Entries kept at most (the cache starts over when full). */
const MAX_SNIPPETS = 1024;

/** Emits `reg = value` into `a` without any forbidden byte sequence; may change the flags. */
export function movConstant(a: Assembler, reg: Gpr64, value: bigint): void {
  const key = `${reg.num}:${BigInt.asUintN(64, value)}`;
  let bytes = snippets.get(key);
  if (bytes === undefined) {
    if (snippets.size >= MAX_SNIPPETS) snippets.clear();
    snippets.set(key, (bytes = constantBytes(reg, value)));
  }
  a.data(bytes); // copies the bytes
}
