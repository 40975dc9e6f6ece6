/**
 * disasm.ts against GNU objdump: a list of instruction texts is assembled by GNU `as` in one
 * run, disassembled by `objdump -D -b binary -m i386:x86-64 -M intel` in one run, and every
 * objdump line must equal decode + disasm of the same bytes at the same address (whitespace
 * normalized), with the same length.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../../../mpk-hw/cpu/decode.js';
import { disasm } from '../../../mpk-hw/cpu/disasm.js';
import { Op } from '../../../mpk-hw/cpu/insn.js';
import { HAVE_BINUTILS, assemble, normalize, objdump } from './gnu-tools.js';

const R64 = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];
const R32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'r8d', 'r9d', 'r10d', 'r11d', 'r12d', 'r13d', 'r14d', 'r15d'];
const R16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di', 'r8w', 'r9w', 'r10w', 'r11w', 'r12w', 'r13w', 'r14w', 'r15w'];
const R8 = ['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil', 'r8b', 'r9b', 'r10b', 'r11b', 'r12b', 'r13b', 'r14b', 'r15b'];
const HIGH8 = ['ah', 'ch', 'dh', 'bh'];
const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];
const MEMS = ['[rax]', '[rbp]', '[r13]', '[rsp]', '[r12]', '[rbx+rcx*8+0x10]', '[rsi+r12*2-0x80]', '[r15+0x7fffffff]',
  '[rdi-0x80000000]', '[rcx*4+0x8]', '[rip+0x100]', '[rip-0x20]', '[rbp+r13*1]', 'ds:0x1000', 'fs:0x28', 'fs:[rax+8]'];
const PTRS: Record<number, string> = { 1: 'BYTE', 2: 'WORD', 4: 'DWORD', 8: 'QWORD' };
const IMMS = ['0', '1', '-1', '0x7f', '-0x80', '0x7fffffff', '-0x80000000'];

function regs(size: number): string[] {
  return size === 8 ? R64 : size === 4 ? R32 : size === 2 ? R16 : [...R8, ...HIGH8];
}

/** A memory operand of `size` bytes, cycling through the addressing forms. */
const mem = (size: number, k: number): string => `${PTRS[size]} PTR ${MEMS[k % MEMS.length]}`;

/** Two-operand ALU/MOV/TEST forms at every size, with registers, memory and edge immediates. */
function binaryForms(out: string[]): void {
  let k = 0;
  for (const op of ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp', 'mov', 'test']) {
    for (const size of [1, 2, 4, 8]) {
      const rs = regs(size);
      for (let r = 0; r < rs.length; r++) {
        const a = rs[r] as string, b = rs[(r * 5 + 3) % rs.length] as string;
        const hi = HIGH8.includes(a) || HIGH8.includes(b);
        if (hi && (/r\d|[sb]pl|[sd]il/.test(a + b))) continue;
        out.push(`${op} ${a}, ${b}`);
        if (!hi) {
          out.push(`${op} ${mem(size, k++)}, ${a}`);
          if (op !== 'test') out.push(`${op} ${a}, ${mem(size, k++)}`);
        }
      }
      for (const imm of IMMS) {
        if (size <= 2 && /0x7fffffff|0x80000000/.test(imm)) continue;
        out.push(`${op} ${rs[k % 16]}, ${imm}`, `${op} ${rs[0]}, ${imm}`, `${op} ${mem(size, k++)}, ${imm}`);
      }
    }
  }
}

/** Unary, shift, multiply, extend, LEA, CMOVcc forms. */
function otherIntegerForms(out: string[]): void {
  let k = 0;
  for (const op of ['inc', 'dec', 'neg', 'not', 'mul', 'imul', 'div', 'idiv']) {
    for (const size of [1, 2, 4, 8]) {
      for (const r of regs(size)) out.push(`${op} ${r}`);
      out.push(`${op} ${mem(size, k++)}`);
    }
  }
  for (const op of ['rol', 'ror', 'shl', 'shr', 'sar']) {
    for (const size of [1, 2, 4, 8]) {
      const r = regs(size)[k++ % 16] as string;
      out.push(`${op} ${r}, 1`, `${op} ${r}, cl`, `${op} ${r}, 5`, `${op} ${mem(size, k++)}, 1`, `${op} ${mem(size, k++)}, cl`, `${op} ${mem(size, k++)}, 63`);
    }
  }
  for (const size of [2, 4, 8]) {
    const rs = regs(size);
    for (let r = 0; r < 16; r++) {
      const a = rs[r] as string, b = rs[(r + 7) % 16] as string;
      out.push(`imul ${a}, ${b}`, `imul ${a}, ${mem(size, k++)}`, `imul ${a}, ${b}, 3`, `imul ${a}, ${b}, -0x1000`,
        `imul ${a}, ${mem(size, k++)}, 0x7f`, `lea ${a}, [${R64[r]}+${R64[(r + 3) % 16 === 4 ? 5 : (r + 3) % 16]}*4+0x10]`,
        `cmov${CC[r]} ${a}, ${b}`, `cmov${CC[r]} ${a}, ${mem(size, k++)}`, `movzx ${a}, ${R8[r]}`, `movsx ${a}, ${R8[r]}`,
        `movzx ${a}, BYTE PTR ${MEMS[r]}`, `movsx ${a}, BYTE PTR ${MEMS[r]}`);
      if (size !== 2) out.push(`movzx ${a}, ${R16[r]}`, `movsx ${a}, ${R16[r]}`, `movzx ${a}, WORD PTR ${MEMS[r]}`);
    }
  }
}

/** Stack, control-transfer, no-op and system forms. */
function controlForms(out: string[]): void {
  for (let r = 0; r < 16; r++) {
    out.push(`movsxd ${R64[r]}, ${R32[(r + 1) % 16]}`, `movsxd ${R64[r]}, DWORD PTR ${MEMS[r]}`, `set${CC[r]} ${R8[r]}`,
      `set${CC[r]} BYTE PTR ${MEMS[r]}`, `push ${R64[r]}`, `pop ${R64[r]}`, `push ${R16[r]}`, `pop ${R16[r]}`,
      `push QWORD PTR ${MEMS[r]}`, `pop QWORD PTR ${MEMS[r]}`, `jmp ${R64[r]}`, `call ${R64[r]}`,
      `jmp QWORD PTR ${MEMS[r]}`, `call QWORD PTR ${MEMS[r]}`, `mov ${R64[r]}, 0x123456789abcdef0`,
      `mov ${R32[r]}, 0x12345678`, `mov ${R16[r]}, 0x1234`, `mov ${R8[r]}, 0x12`, `mov ${R64[r]}, -5`,
      `j${CC[r]} .+0x10`, `j${CC[r]} .+0x1000`, `j${CC[r]} .-0x100`);
  }
  out.push('jmp .+0x10', 'jmp .+0x10000', 'jmp .-0x10', 'call .+0x1000', 'ret', 'ret 0x10', 'push 1', 'push -1',
    'push 0x1000', 'push -0x80000000', 'cbw', 'cwde', 'cdqe', 'cwd', 'cdq', 'cqo', 'nop', 'pause',
    'nop DWORD PTR [rax]', 'nop DWORD PTR [rax+0x0]', 'nop WORD PTR [rax+rax*1+0x0]', 'nop DWORD PTR [rax+rax*1+0x0]',
    'nop QWORD PTR [rax+rax*1+0x0]', '.byte 0x66,0x2e,0x0f,0x1f,0x84,0,0,0,0,0', '.byte 0x66,0x90', 'nop eax',
    'int3', 'ud2', 'syscall', 'wrpkru', 'rdpkru', 'lfence', 'mfence', 'sfence', 'endbr64',
    'xsave [rax]', 'xsave64 [rsp+0x40]', 'xrstor [rbx]', 'xrstor64 [r12]', 'lock add DWORD PTR [rax], 1',
    'lock xor QWORD PTR [rbx+8], rcx', 'lock inc BYTE PTR [rdx]', 'lock neg QWORD PTR [rsi]', 'lock not WORD PTR [rdi]',
    'mov eax, DWORD PTR [eax]', 'lea eax, [ebx+ecx*2+4]', '.byte 0x2e, 0x48, 0x8b, 0x00', '.byte 0xf3, 0xc3', '.byte 0xf2, 0xc3',
    'mov rax, QWORD PTR gs:[rbx]', 'mov eax, DWORD PTR [r12+0x0]', 'mov rax, QWORD PTR ds:-16', 'push WORD PTR [rax]',
    '.byte 0x66, 0x6a, 0x01', '.byte 0xf3, 0x89, 0x27', '.byte 0xf2, 0xf0, 0x01, 0x00', '.byte 0xf3, 0xf0, 0x01, 0x00');
}

/** SSE2 / SSE4.1 forms for every XMM register. */
function sseForms(out: string[]): void {
  for (let x = 0; x < 16; x++) {
    const a = `xmm${x}`, b = `xmm${(x * 7 + 3) % 16}`, m = `QWORD PTR ${MEMS[x]}`, m16 = `XMMWORD PTR ${MEMS[x]}`;
    for (const op of ['addsd', 'subsd', 'mulsd', 'divsd', 'sqrtsd', 'minsd', 'maxsd', 'ucomisd', 'comisd', 'movsd']) {
      out.push(`${op} ${a}, ${b}`, `${op} ${a}, ${m}`);
    }
    for (const op of ['andpd', 'andnpd', 'orpd', 'xorpd', 'movapd']) out.push(`${op} ${a}, ${b}`, `${op} ${a}, ${m16}`);
    out.push(`movsd ${m}, ${a}`, `movapd ${m16}, ${a}`, `movq ${a}, ${R64[x]}`, `movq ${R64[x]}, ${a}`, `movd ${a}, ${R32[x]}`,
      `movd ${R32[x]}, ${a}`, `movq ${a}, ${m}`, `movq ${m}, ${a}`, `movd ${a}, DWORD PTR ${MEMS[x]}`,
      `cvtsi2sd ${a}, ${R32[x]}`, `cvtsi2sd ${a}, ${R64[x]}`, `cvtsi2sd ${a}, DWORD PTR ${MEMS[x]}`,
      `cvtsi2sd ${a}, QWORD PTR ${MEMS[x]}`, `cvttsd2si ${R32[x]}, ${a}`, `cvttsd2si ${R64[x]}, ${m}`,
      `roundsd ${a}, ${b}, ${x % 16}`, `roundsd ${a}, ${m}, 9`,
      `.byte 0x66, 0x0f, 0xd6, ${0xc0 + (x % 8) * 9}`, `.byte 0xf3, 0x0f, 0x7e, ${0xc0 + (x % 8)}`);
  }
}

/** Instruction texts covering every opcode form of the table. */
function corpus(): string[] {
  const out: string[] = [];
  binaryForms(out);
  otherIntegerForms(out);
  controlForms(out);
  sseForms(out);
  return out;
}

describe.skipIf(!HAVE_BINUTILS)('disasm matches objdump -M intel', () => {
  it('prints every instruction of the corpus as objdump does', () => {
    const texts = corpus();
    const { text } = assemble(texts.join('\n'));
    const lines = objdump(text);
    const bad: string[] = [];
    const ops = new Set<Op>();
    for (const l of lines) {
      const insn = decode(text, l.address, Math.min(15, text.length - l.address));
      ops.add(insn.op);
      const mine = normalize(disasm(insn, l.address));
      if (insn.length !== l.bytes.length || mine !== l.text) {
        bad.push(`${l.address.toString(16)}: ${l.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}  objdump: ${l.text}  pkjit(${insn.length}): ${mine}`);
      }
    }
    console.log(`${lines.length} instructions compared with objdump, ${bad.length} differ`);
    expect(bad.slice(0, 40)).toEqual([]);
    expect(lines.length).toBeGreaterThan(2000);
    // Every operation of the subset appears in the corpus.
    const missing = Object.values(Op).filter((v): v is Op => typeof v === 'number' && v !== Op.INVALID && !ops.has(v));
    expect(missing.map((m) => Op[m])).toEqual([]);
  });
});

describe.skipIf(HAVE_BINUTILS)('disasm (no binutils)', () => {
  it('skips: GNU as/objdump not found on this host', () => {
    expect(HAVE_BINUTILS).toBe(false);
  });
});
