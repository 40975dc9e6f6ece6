/**
 * Immediates and displacements that come from the program (argument counts, frame sizes,
 * parameter and global indices) never reach the code raw unless they are safe: an operand is
 * used as it is only when its bytes hold no forbidden sequence and cannot begin one with any
 * bytes after them (isSafeInt32, safe-bytes.ts), in either width the assembler may pick.
 * Otherwise the value is loaded into R11 with movConstant, which is safe for every value, and
 * the instruction takes R11 instead (`[base + r11]` for a displacement).
 *
 * The bytes before such an operand are the instruction's own, and complete no sequence with it
 * (every sequence begins with 0F or CD, and a three-byte one needs 0F 01, 0F AE or 0F C7
 * before its last byte; SDM Vol.2 2.1.5 for the ModRM and SIB values):
 *   - displacements from RBP or R15 follow a ModRM with mod 01 or 10 and r/m 101 or 111
 *     (0x45, 0x47, 0x4D, ..., 0xBF), from RSP a SIB byte 0x24; none is 0F, CD, 01, AE or C7;
 *   - immediates follow the ModRM of `cmp rcx` (F9), `add rsp` (C4) or `sub rsp` (EC) after
 *     the group-1 opcode 81 or 83 (SDM Vol.2A ADD, CMP, SUB).
 * The `[base + r11]` forms have ModRM mod 00 r/m 100 and SIB 0x1C, 0x1D or 0x1F, no sequence
 * either; RBP as a base takes a disp8 of 0 (SDM Vol.2 Table 2-3: mod 00 base 101 has no base).
 * R11 is free wherever these are used: it only ever holds a call's target until the call.
 */
import { qword, r11, rbp, rcx, rsp, r15, type Assembler, type Gpr64, type Mem } from '../x64/index.js';
import { assert } from '../errors.js';
import { isSafeInt32 } from './safe-bytes.js';
import { movConstant } from './safe-constants.js';

/** The bases whose ModRM and SIB bytes the file comment covers. */
const BASES: readonly Gpr64[] = [rbp, r15, rsp];

/**
 * The QWORD at `base + disp` (disp in bytes): `[base + disp]` when the displacement is safe,
 * else R11 = disp (emitted into `a` now) and `[base + r11]`. Use the operand right away.
 */
export function safeQword(a: Assembler, base: Gpr64, disp: number): Mem {
  assert(BASES.includes(base), `safeQword: base ${base.name} is not one of rbp, r15, rsp`);
  if (isSafeInt32(disp)) return qword({ base, disp });
  movConstant(a, r11, BigInt(disp));
  return qword({ base, index: r11 });
}

/** The instructions that take a program-derived immediate: `op reg, imm`. */
type ImmOp = 'cmp' | 'add' | 'sub';

/** The registers whose ModRMs the file comment covers for each. */
const IMM_REGS: Readonly<Record<ImmOp, readonly Gpr64[]>> = { cmp: [rcx], add: [rsp], sub: [rsp] };

/** Emits `op reg, v` with `v` raw when safe, else through R11 (clobbered). */
export function safeImmOp(a: Assembler, op: ImmOp, reg: Gpr64, v: number): void {
  assert(IMM_REGS[op].includes(reg), `safeImmOp: ${op} ${reg.name} is not a form the back end argues for`);
  if (isSafeInt32(v)) {
    a[op](reg, v);
    return;
  }
  movConstant(a, r11, BigInt(v));
  a[op](reg, r11);
}
