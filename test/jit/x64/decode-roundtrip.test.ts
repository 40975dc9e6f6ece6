/**
 * Round trip through our own tools: seeded random programs from the assembler are decoded by
 * the CPU's decoder (mpk-hw/cpu) and printed by its disassembler; every instruction must
 * decode to exactly its bytes' length and print exactly as the assembler's printer does.  The
 * printer itself is checked against objdump in binutils.test.ts, so agreement here means the
 * decoder agrees with objdump too.
 */
import { describe, expect, it } from 'vitest';
import { printInsn } from '../../../jit/x64/index.js';
import { decode, isValid } from '../../../mpk-hw/cpu/decode.js';
import { disasm } from '../../../mpk-hw/cpu/disasm.js';
import { randomProgram } from './random-program.js';

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('assemble, decode, disassemble', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: 1000 random instructions decode to their length and print identically`, () => {
      const a = randomProgram(seed, 1000);
      const code = a.finish();
      const mismatches: string[] = [];
      for (const insn of a.instructions) {
        const d = decode(code, insn.offset, code.length - insn.offset);
        const ours = norm(printInsn(insn, insn.offset));
        const theirs = isValid(d) ? norm(disasm(d, insn.offset)) : '(invalid)';
        if (d.length !== insn.bytes.length || ours !== theirs) {
          mismatches.push(`${Buffer.from(insn.bytes).toString('hex')}: assembler '${ours}' (${insn.bytes.length}) vs decoder '${theirs}' (${d.length})`);
        }
      }
      expect(mismatches.slice(0, 10)).toEqual([]);
      expect(a.instructions.length).toBe(1000);
    });
  }
});
