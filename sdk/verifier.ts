/**
 * Pre-seal verification of the exact bytes that become executable.  The built-in verifier
 * looks at EVERY byte offset, not only instruction boundaries, because a jump into the middle
 * of an instruction executes whatever the bytes there encode (ERIM's observation):
 *
 *   WRPKRU             0F 01 EF                   writes PKRU               (SDM Vol.2 WRPKRU)
 *   XRSTOR/XRSTOR64    0F AE /5, ModRM.mod != 3   may load PKRU             (SDM Vol.2 XRSTOR)
 *   XRSTORS/XRSTORS64  0F C7 /3, ModRM.mod != 3   may load PKRU             (SDM Vol.2 XRSTORS)
 *   SYSCALL            0F 05                      kernel entry              (unless allowed)
 *   SYSENTER           0F 34                      kernel entry              (unless allowed)
 *   INT 80h            CD 80                      32-bit kernel entry       (unless allowed)
 *
 * (0F AE with mod = 3 and /5 is LFENCE, harmless.)  The scan covers the seams: bytes of the
 * neighbouring code just before and after, so a sequence split across two allocations is seen.
 */

/** One forbidden sequence found. */
export interface Finding {
  /** Verifier that found it. */
  readonly verifier: string;
  /** What was found, e.g. `WRPKRU`. */
  readonly pattern: string;
  /** Offset from the start of the allocation (negative: in the code just before it). */
  readonly offset: number;
  /** Absolute address of the first byte of the sequence. */
  readonly address: number;
  /** The instruction the sequence sits in, as the disassembler prints it (when known). */
  readonly instruction: string | null;
}

/** The bytes a verifier looks at. */
export interface VerifyInput {
  /** The allocation's bytes, with `before` bytes of preceding and `after` bytes of following code. */
  readonly bytes: Uint8Array;
  /** How many bytes at the front belong to the preceding code (the seam). */
  readonly before: number;
  /** How many bytes at the end belong to the following code. */
  readonly after: number;
  /** Address of bytes[0]. */
  readonly address: number;
  /** Whether the sandbox policy lets this code make system calls directly. */
  readonly allowSyscall: boolean;
  /** Names the instruction that contains an allocation offset (linear disassembly), if available. */
  readonly describe?: (offset: number) => string | null;
}

/** A verifier in the pipeline. */
export interface Verifier {
  readonly name: string;
  check(input: VerifyInput): Finding[];
}

/** Bytes of context a seam check needs on each side (the longest pattern is 3 bytes). */
export const SEAM_BYTES = 2;

type Matcher = (b: Uint8Array, i: number) => boolean;

const PATTERNS: ReadonlyArray<{ name: string; syscall: boolean; len: number; match: Matcher }> = [
  { name: 'WRPKRU', syscall: false, len: 3, match: (b, i) => b[i] === 0x0f && b[i + 1] === 0x01 && b[i + 2] === 0xef },
  { name: 'XRSTOR', syscall: false, len: 3, match: (b, i) => b[i] === 0x0f && b[i + 1] === 0xae && modrmIs(b[i + 2], 5) },
  { name: 'XRSTORS', syscall: false, len: 3, match: (b, i) => b[i] === 0x0f && b[i + 1] === 0xc7 && modrmIs(b[i + 2], 3) },
  { name: 'SYSCALL', syscall: true, len: 2, match: (b, i) => b[i] === 0x0f && b[i + 1] === 0x05 },
  { name: 'SYSENTER', syscall: true, len: 2, match: (b, i) => b[i] === 0x0f && b[i + 1] === 0x34 },
  { name: 'INT 80h', syscall: true, len: 2, match: (b, i) => b[i] === 0xcd && b[i + 1] === 0x80 },
];

/** A memory-form ModRM (mod != 3) with reg field `digit`. */
function modrmIs(m: number | undefined, digit: number): boolean {
  return m !== undefined && m >> 6 !== 3 && ((m >> 3) & 7) === digit;
}

/**
 * The built-in verifier: every forbidden sequence that overlaps the allocation, at any offset,
 * including sequences that start in the code just before it.
 */
export const forbiddenBytes: Verifier = {
  name: 'forbidden-bytes',
  check(input: VerifyInput): Finding[] {
    const { bytes, before } = input;
    const out: Finding[] = [];
    // Sequences that start in the following code belong to it, and are checked when it is sealed.
    for (let i = 0; i < bytes.length - input.after; i++) {
      for (const p of PATTERNS) {
        if (p.syscall && input.allowSyscall) continue;
        if (i + p.len <= before || !p.match(bytes, i)) continue; // wholly in the preceding code: not ours
        const offset = i - before;
        out.push({ verifier: 'forbidden-bytes', pattern: p.name, offset, address: input.address + i,
          instruction: offset >= 0 ? input.describe?.(offset) ?? null : null });
      }
    }
    return out;
  },
};
