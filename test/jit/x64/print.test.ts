/** The printer's objdump layout: listing lines, and printing at another address. */

import { describe, expect, it } from 'vitest';
import { Assembler, printInsn, printListing, qword, rax, rip } from '../../../jit/x64/index.js';

describe('x64 printer', () => {
  it('prints a listing in objdump layout', () => {
    const a = new Assembler();
    const l = a.newLabel();
    a.bind(l).mov(rax, qword(rip(l))).jmp(l).ret();
    a.finish();
    expect(printListing(a.instructions)).toBe([
      '   0:\tmov    rax,QWORD PTR [rip+0xfffffffffffffff9]        # 0x0',
      '   7:\tjmp    0x0',
      '   9:\tret',
    ].join('\n'));
  });

  it('moves branch and RIP targets with the address it prints at', () => {
    const a = new Assembler();
    const l = a.newLabel();
    a.jmp(l).lea(rax, rip(l)).bind(l);
    a.finish();
    const [jmp, lea] = a.instructions;
    expect(jmp && printInsn(jmp, 0x1000)).toBe('jmp    0x1009');
    expect(lea && printInsn(lea, 0x1000)).toBe('lea    rax,[rip+0x0]        # 0x1007');
  });
});
