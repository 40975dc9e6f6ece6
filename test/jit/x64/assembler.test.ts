/**
 * Labels and fixups: short/near choice at the rel8 limits, forward and backward labels,
 * cascading growth, call rel32, [rip+label]; then the errors a caller can cause.
 */

import { describe, expect, it } from 'vitest';
import {
  Assembler, JitError, ah, al, dword, eax, mem, printInsn, qword, r8b, rax, rip, rsp, sil, xmm0,
  type Cond, type JitErrorCode, type Label,
} from '../../../jit/x64/index.js';
import { normalize } from './binutils.js';

/** [name, program (returns the index of the checked instruction, default 0), its hex, its objdump text]. */
type FixupCase = readonly [string, (a: Assembler, l: Label) => number | void, string, string];

const back = (pad: number, emit: (a: Assembler, l: Label) => void) => (a: Assembler, l: Label): number => {
  a.bind(l);
  a.nops(pad);
  const i = a.count;
  emit(a, l);
  return i;
};
const fwd = (pad: number, emit: (a: Assembler, l: Label) => void) => (a: Assembler, l: Label): void => {
  emit(a, l);
  a.nops(pad);
  a.bind(l);
};
const jmp = (a: Assembler, l: Label): void => void a.jmp(l);
const jcc = (cc: Cond) => (a: Assembler, l: Label): void => void a.jcc(cc, l);
const call = (a: Assembler, l: Label): void => void a.call(l);

const FIXUPS: readonly FixupCase[] = [
  ['jmp to the next instruction is short', fwd(0, jmp), 'eb00', 'jmp 0x2'],
  ['jmp forward +127 is short', fwd(127, jmp), 'eb7f', 'jmp 0x81'],
  ['jmp forward +128 is near', fwd(128, jmp), 'e980000000', 'jmp 0x85'],
  ['jmp backward -128 is short', back(126, jmp), 'eb80', 'jmp 0x0'],
  ['jmp backward -129 is near (rel32 -132)', back(127, jmp), 'e97cffffff', 'jmp 0x0'],
  ['jmp to itself', back(0, jmp), 'ebfe', 'jmp 0x0'],
  ['je forward +127 is short', fwd(127, jcc('e')), '747f', 'je 0x81'],
  ['je forward +128 is near', fwd(128, jcc('e')), '0f8480000000', 'je 0x86'],
  ['jne backward -128 is short', back(126, jcc('ne')), '7580', 'jne 0x0'],
  ['jne backward -129 is near (rel32 -133)', back(127, jcc('ne')), '0f857bffffff', 'jne 0x0'],
  ['jg forward far', fwd(0x12345, jcc('g')), '0f8f45230100', 'jg 0x1234b'],
  ['call forward is always rel32', fwd(0, call), 'e800000000', 'call 0x5'],
  ['call backward', back(16, call), 'e8ebffffff', 'call 0x0'],
  [
    'a branch that grows pushes an earlier one out of rel8 range',
    (a, l) => {
      const far = a.newLabel();
      a.jmp(l).nops(0x7d).jmp(far).bind(l).nops(0x80).bind(far);
    },
    'e982000000', 'jmp 0x87',
  ],
  ['[rip+label] to data after the code', (a, l) => void a.mov(rax, qword(rip(l))).ret().bind(l).data([1, 2, 3, 4, 5, 6, 7, 8]), '488b0501000000', 'mov rax,QWORD PTR [rip+0x1] # 0x8'],
  ['[rip+label+4] with an imm8 after the displacement', (a, l) => void a.add(dword(rip(l, 4)), 5).bind(l), '83050400000005', 'add DWORD PTR [rip+0x4],0x5 # 0xb'],
  ['[rip+label] backward', back(1, (a, l) => void a.lea(rax, rip(l))), '488d05f8ffffff', 'lea rax,[rip+0xfffffffffffffff8] # 0x0'],
];

describe('x64 labels and fixups', () => {
  it.each(FIXUPS)('%s', (_name, build, hex, text) => {
    const a = new Assembler();
    const index = build(a, a.newLabel()) ?? 0;
    a.finish();
    const insn = a.instructions[index];
    expect(insn && Buffer.from(insn.bytes).toString('hex')).toBe(hex);
    expect(insn && normalize(printInsn(insn))).toBe(text);
  });

  it('lays out the cascading case exactly', () => {
    const a = new Assembler();
    const [near, far] = [a.newLabel(), a.newLabel()];
    a.jmp(near).nop(9).jmp(far).bind(near).ret().nops(0x80).bind(far).ret();
    const bytes = a.finish();
    expect(a.instructions.slice(0, 4).map((i) => [i.offset, Buffer.from(i.bytes).toString('hex')])).toEqual([
      [0, 'eb0e'], [2, '660f1f840000000000'], [11, 'e981000000'], [16, 'c3'],
    ]);
    expect(bytes.length).toBe(16 + 1 + 0x80 + 1);
  });

  it('finish() is idempotent and the code is immutable afterwards', () => {
    const a = new Assembler().ret();
    expect(a.finish()).toBe(a.finish());
    expect(() => a.ret()).toThrow(JitError);
  });
});

/** [name, thunk, code, message pattern]. */
type ErrorCase = readonly [string, () => unknown, JitErrorCode, RegExp];

const other = new Assembler();
const ERRORS: readonly ErrorCase[] = [
  ['rsp as an index', () => qword({ base: rax, index: rsp }), 'X64_BAD_OPERAND', /rsp cannot be an index register/],
  ['scale 3', () => qword({ base: rax, index: rax, scale: 3 as never }), 'X64_BAD_OPERAND', /scale 3 is not 1, 2, 4 or 8/],
  ['32-bit address register', () => qword({ base: eax as never }), 'X64_BAD_OPERAND', /memory base eax: only 64-bit GPRs/],
  ['displacement beyond int32', () => qword({ base: rax, disp: 0x80000000 }), 'X64_BAD_OPERAND', /0x80000000 does not fit a signed 32-bit/],
  ['forced disp8 too small', () => qword({ base: rax, disp: 200, dispSize: 8 }), 'X64_BAD_OPERAND', /0xc8 does not fit the forced disp8/],
  ['imm32 out of range at 64 bits', () => new Assembler().add(rax, 0x80000000), 'X64_IMM_RANGE', /add\(rax, 0x80000000\): immediate does not fit/],
  ['imm8 out of range at 8 bits', () => new Assembler().mov(al, 0x100), 'X64_IMM_RANGE', /mov\(al, 0x100\)/],
  ['shift count above 255', () => new Assembler().shl(eax, 256), 'X64_IMM_RANGE', /shl r\/m32, imm8u/],
  ['unsafe number immediate', () => new Assembler().mov(rax, 2 ** 53), 'X64_IMM_RANGE', /not a safe integer \(use a bigint\)/],
  ['ah with sil (needs REX)', () => new Assembler().mov(ah, sil), 'X64_HIGH8_REX', /ah cannot be encoded in an instruction with a REX prefix/],
  ['ah with r8b', () => new Assembler().add(ah, r8b), 'X64_HIGH8_REX', /ah cannot be encoded/],
  ['ah with REX.W', () => new Assembler().movzx(rax, ah), 'X64_HIGH8_REX', /movzx r64, r\/m8: ah/],
  ['unsized memory with an immediate', () => new Assembler().add(mem(rax), 1), 'X64_MEM_SIZE', /needs a size \(one of m8, m16, m32, m64\)/],
  ['movzx from unsized memory', () => new Assembler().movzx(eax, mem(rax)), 'X64_MEM_SIZE', /one of m8, m16/],
  ['no form for the operand types', () => new Assembler().emit('add', rax, xmm0), 'X64_NO_FORM', /add\(rax, xmm0\): no encoding form/],
  ['unknown mnemonic', () => new Assembler().emit('frob'), 'X64_NO_FORM', /unknown mnemonic 'frob'/],
  ['nop of 10 bytes', () => new Assembler().nop(10), 'X64_BAD_OPERAND', /nop length 10 is not 1-9/],
  ['unknown condition code', () => new Assembler().jcc('zz' as Cond, new Assembler().newLabel()), 'X64_BAD_OPERAND', /unknown condition code 'zz'/],
  ['label never bound', () => { const a = new Assembler(); a.jmp(a.newLabel()).finish(); }, 'X64_LABEL', /L0 is used but never bound/],
  ['label bound twice', () => { const a = new Assembler(); const l = a.newLabel(); a.bind(l).bind(l); }, 'X64_LABEL', /L0 is bound twice/],
  ['label of another assembler', () => new Assembler().jmp(other.newLabel()), 'X64_LABEL', /belongs to another assembler/],
  ['[rip+label] of another assembler', () => new Assembler().lea(rax, rip(other.newLabel())), 'X64_LABEL', /belongs to another assembler/],
  ['emit after finish', () => { const a = new Assembler(); a.finish(); a.ret(); }, 'X64_FINISHED', /finished/],
  ['instructions before finish', () => new Assembler().instructions, 'X64_FINISHED', /only after finish/],
];

describe('x64 assembler errors', () => {
  it.each(ERRORS)('%s', (_name, thunk, code, message) => {
    let caught: unknown;
    try {
      thunk();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(JitError);
    expect((caught as JitError).code).toBe(code);
    expect((caught as JitError).message).toMatch(message);
  });
});
