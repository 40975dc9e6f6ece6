/**
 * What "safe" means for bytes the back end emits. The SDK refuses to seal code holding a
 * forbidden sequence at ANY byte offset (sdk/verifier.ts):
 *
 *   WRPKRU 0F 01 EF | XRSTOR 0F AE /5 (memory ModRM) | XRSTORS 0F C7 /3 (memory ModRM)
 *   SYSCALL 0F 05   | SYSENTER 0F 34                 | INT 80h CD 80
 *
 * (SDM Vol.2 WRPKRU, XRSTOR, XRSTORS, SYSCALL, SYSENTER, INT n.) A piece of code is *safe next
 * to anything* when it holds no such sequence and no bytes before or after it can complete
 * one with its own: those are the only two ways a sequence can overlap it. Both are checked
 * with the SDK's own verifier, over every way a sequence can be split at the piece's edges:
 *
 *   HEADS: every proper prefix of a sequence (what the bytes before could end with);
 *   TAILS: every proper suffix (what the bytes after could begin with).
 *
 * For XRSTOR and XRSTORS the verifier looks only at the ModRM's mod and reg fields, so 0x28
 * (mod 0, reg 5) and 0x18 (mod 0, reg 3) stand for every memory ModRM with reg 5 and reg 3.
 */
import { forbiddenBytes } from '../../sdk/verifier.js';

/** Every proper prefix of a forbidden sequence. */
const HEADS: readonly (readonly number[])[] = [[0x0f], [0xcd], [0x0f, 0x01], [0x0f, 0xae], [0x0f, 0xc7]];

/** Every proper suffix of a forbidden sequence (ModRMs as in the file comment). */
const TAILS: readonly (readonly number[])[] = [
  [0x05], [0x34], [0x80], [0x01, 0xef], [0xef], [0xae, 0x28], [0x28], [0xc7, 0x18], [0x18],
];

/** Whether the verifier finds a sequence overlapping the `bytes.length - before - after` bytes in the middle. */
function found(bytes: Uint8Array, before: number, after: number): boolean {
  return forbiddenBytes.check({ bytes, before, after, address: 0, allowSyscall: false }).length > 0;
}

function joined(...parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Whether `bytes` hold no forbidden sequence and no bytes after them can complete one they
 * begin. (The caller argues for the bytes before: an operand's are its instruction's own.)
 */
export function isSafeOperand(bytes: Uint8Array): boolean {
  // Every sequence begins with 0F or CD: without them no sequence begins in `bytes` (fast path).
  if (!bytes.some((b) => b === 0x0f || b === 0xcd)) return true;
  if (found(bytes, 0, 0)) return false;
  // A sequence across the end begins in the last two bytes (the longest is three).
  const end = bytes.subarray(Math.max(0, bytes.length - 2));
  return !TAILS.some((t) => found(joined(end, t), 0, t.length));
}

/** Whether `bytes` are safe next to anything: no forbidden sequence in them or across either edge. */
export function isSafeSnippet(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return true;
  if (!isSafeOperand(bytes)) return false;
  const start = bytes.subarray(0, 2);
  if (HEADS.some((h) => found(joined(h, start), h.length, 0))) return false;
  // One byte can be the middle of a three-byte sequence (0F 01 EF): both edges at once.
  return bytes.length > 1 || !HEADS.some((h) => TAILS.some((t) => found(joined(h, bytes, t), h.length, t.length)));
}

/** The little-endian bytes of `v` (an integer in the signed or unsigned range of `size` bytes). */
export function littleEndian(v: number | bigint, size: 1 | 4 | 8): Uint8Array {
  const out = new Uint8Array(size);
  if (typeof v === 'number' && size <= 4) {
    for (let i = 0; i < size; i++) out[i] = (v >> (8 * i)) & 0xff; // two's complement, as `>>` works on int32
    return out;
  }
  let x = BigInt.asUintN(8 * size, BigInt(v));
  for (let i = 0; i < size; i++, x >>= 8n) out[i] = Number(x & 0xffn);
  return out;
}

/**
 * Whether the 32-bit immediate or displacement `v` is safe as an operand in either width the
 * assembler may pick for it: 1 byte when it fits int8, else 4 (SDM Vol.2 2.1.5, 2.2.1.3).
 */
export function isSafeInt32(v: number): boolean {
  if (!Number.isInteger(v) || v < -0x8000_0000 || v > 0x7fff_ffff) return false;
  return isSafeOperand(littleEndian(v, 4)) && (v < -128 || v > 127 || isSafeOperand(littleEndian(v, 1)));
}
