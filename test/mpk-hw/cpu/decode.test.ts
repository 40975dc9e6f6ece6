/**
 * The decoder as data: [bytes, expected fields] rows, invalid encodings with the exception
 * they must raise, prefix rules (SDM Vol.2 2.1-2.2), and the NEED_MORE / 15-byte rules.
 */
import { describe, expect, it } from 'vitest';
import { NEED_MORE, decode } from '../../../mpk-hw/cpu/decode.js';
import { Enc, Op, PFX_LOCK, RIP_BASE, SEG_FS, type Insn } from '../../../mpk-hw/cpu/insn.js';
import { OPCODE_TABLE } from '../../../mpk-hw/cpu/opcode-table.js';
import { hexBytes } from './sim.js';

const dec = (h: string): Insn => {
  const b = hexBytes(h);
  return decode(b, 0, b.length);
};

describe('decoded records', () => {
  it.each<[string, string, Partial<Insn>]>([
    ['mov rax,[rbx+rcx*8+0x10]', '48 8b 44 cb 10', { op: Op.MOV, enc: Enc.RM, length: 5, size: 8, reg: 0, mem: true, base: 3, index: 1, scale: 8, disp: 0x10, dispSize: 1 }],
    ['mov [rsp],eax (SIB, no index)', '89 04 24', { op: Op.MOV, enc: Enc.MR, size: 4, reg: 0, base: 4, index: -1, dispSize: 0 }],
    ['mov rax,[r12] (REX.B + SIB)', '49 8b 04 24', { base: 12, index: -1 }],
    ['mov rax,[rbp+0] (disp8 forced)', '48 8b 45 00', { base: 5, disp: 0, dispSize: 1 }],
    ['mov rax,[r13+0]', '49 8b 45 00', { base: 13, dispSize: 1 }],
    ['mov rax,[rip-16]', '48 8b 05 f0 ff ff ff', { base: RIP_BASE, disp: -16, dispSize: 4, length: 7 }],
    ['mov rax,[disp32] (no base, no index)', '48 8b 04 25 00 10 00 00', { base: -1, index: -1, disp: 0x1000 }],
    ['mov rax,[r12*2+8] (REX.X index 12)', '4a 8b 04 65 08 00 00 00', { base: -1, index: 12, scale: 2, disp: 8 }],
    ['mov eax,[eax] (67)', '67 8b 00', { addr32: true, base: 0 }],
    ['mov rax,fs:[rax]', '64 48 8b 00', { segment: SEG_FS }],
    ['movabs rax,imm64', '48 b8 f0 de bc 9a 78 56 34 12', { op: Op.MOV, enc: Enc.MI, rm: 0, size: 8, imm: 0x9abcdef0, immHi: 0x12345678, length: 10 }],
    ['mov r9d,1 (B8+r, REX.B)', '41 b9 01 00 00 00', { rm: 9, size: 4, imm: 1 }],
    ['mov ah,1 (B4: AH without REX)', 'b4 01', { rm: 16, size: 1 }],
    ['mov spl,1 (REX: SPL, not AH)', '40 b4 01', { rm: 4, size: 1 }],
    ['add ax,-1 (66, imm16)', '66 05 ff ff', { op: Op.ADD, size: 2, rm: 0, imm: 0xffffffff, length: 4 }],
    ['add rax,-1 (83 sign-extended)', '48 83 c0 ff', { op: Op.ADD, imm: 0xffffffff, immHi: 0xffffffff }],
    ['add rax,0x7fffffff', '48 05 ff ff ff 7f', { imm: 0x7fffffff, immHi: 0 }],
    ['REX.W wins over 66', '66 48 01 c0', { size: 8 }],
    ['lock add [rax],1', 'f0 83 00 01', { op: Op.ADD, prefixes: PFX_LOCK, mem: true }],
    ['imul eax,ecx,-1', '6b c1 ff', { op: Op.IMUL, enc: Enc.RMI, reg: 0, rm: 1, imm: 0xffffffff }],
    ['shl eax,3 (unsigned imm)', 'c1 e0 03', { op: Op.SHL, imm: 3 }],
    ['sal (/6) is SHL', 'd1 f0', { op: Op.SHL, enc: Enc.M1 }],
    ['jne rel8', '75 fe', { op: Op.JCC, cc: 5, imm: -2, length: 2 }],
    ['jg rel32', '0f 8f 00 01 00 00', { op: Op.JCC, cc: 15, imm: 0x100, length: 6 }],
    ['call rel32', 'e8 fb ff ff ff', { op: Op.CALL, imm: -5 }],
    ['ret imm16', 'c2 08 00', { op: Op.RET, imm: 8, enc: Enc.I }],
    ['push r12', '41 54', { op: Op.PUSH, rm: 12, size: 8 }],
    ['push ax (66)', '66 50', { op: Op.PUSH, rm: 0, size: 2 }],
    ['push -1 (imm8)', '6a ff', { op: Op.PUSH, enc: Enc.I, imm: 0xffffffff, immHi: 0xffffffff }],
    ['movzx eax,bl', '0f b6 c3', { op: Op.MOVZX, size: 4, rmSize: 1, rm: 3 }],
    ['movzx eax,bh', '0f b6 c7', { rm: 19 }],
    ['movsxd rax,ecx', '48 63 c1', { op: Op.MOVSXD, size: 8, rmSize: 4 }],
    ['sete al', '0f 94 c0', { op: Op.SETCC, cc: 4, rm: 0, size: 1 }],
    ['cmovl eax,[rbx]', '0f 4c 03', { op: Op.CMOVCC, cc: 12, mem: true }],
    ['nop WORD PTR [rax+rax*1+0] (66 0F 1F /0)', '66 0f 1f 44 00 00', { op: Op.NOP, size: 2 }],
    ['wrpkru', '0f 01 ef', { op: Op.WRPKRU, length: 3 }],
    ['rdpkru', '0f 01 ee', { op: Op.RDPKRU, length: 3 }],
    ['xsave [rax]', '0f ae 20', { op: Op.XSAVE, size: 4, mem: true }],
    ['xrstor64 [rsp+8]', '48 0f ae 6c 24 08', { op: Op.XRSTOR, size: 8, base: 4, disp: 8 }],
    ['lfence', '0f ae e8', { op: Op.NOP, length: 3 }],
    ['movsd xmm9,[rax]', 'f2 44 0f 10 08', { op: Op.MOVSD, reg: 9, mem: true, rmSize: 8 }],
    ['movq xmm0,rax (66 REX.W 0F 6E)', '66 48 0f 6e c0', { op: Op.MOVD_TO_XMM, rmSize: 8, reg: 0, rm: 0 }],
    ['movd xmm0,eax', '66 0f 6e c0', { op: Op.MOVD_TO_XMM, rmSize: 4 }],
    ['movq xmm0,xmm1 (F3 0F 7E)', 'f3 0f 7e c1', { op: Op.MOVQ_LOAD, reg: 0, rm: 1 }],
    ['cvtsi2sd xmm0,rax', 'f2 48 0f 2a c0', { op: Op.CVTSI2SD, rmSize: 8 }],
    ['cvttsd2si eax,xmm3', 'f2 0f 2c c3', { op: Op.CVTTSD2SI, size: 4, reg: 0, rm: 3 }],
    ['roundsd xmm0,xmm1,4', '66 0f 3a 0b c1 04', { op: Op.ROUNDSD, imm: 4, length: 6 }],
    ['segment CS ignored but recorded', '2e 90', { op: Op.NOP, segment: 1 }],
    ['REX before a legacy prefix is dropped', '48 66 90', { rex: 0, size: 2 }],
  ])('%s', (_name, hex, want) => {
    const got = dec(hex);
    expect(got.fault).toBe(0);
    expect(got).toMatchObject(want);
    expect(Object.isFrozen(got)).toBe(true);
  });
});

describe('invalid encodings', () => {
  it.each<[string, string, number, RegExp]>([
    ['LOCK WRPKRU', 'f0 0f 01 ef', 6, /LOCK/],
    ['LOCK RDPKRU', 'f0 0f 01 ee', 6, /LOCK/],
    ['66 WRPKRU', '66 0f 01 ef', 6, /WRPKRU with a 66\/F2\/F3/],
    ['F2 WRPKRU', 'f2 0f 01 ef', 6, /WRPKRU/],
    ['F3 RDPKRU', 'f3 0f 01 ee', 6, /RDPKRU/],
    ['LOCK on a register destination', 'f0 01 c0', 6, /LOCK/],
    ['LOCK MOV', 'f0 89 00', 6, /LOCK/],
    ['LOCK CMP', 'f0 39 00', 6, /LOCK/],
    ['LEA with a register operand', '8d c0', 6, /undefined/],
    ['XSAVE with a register operand', '0f ae e0', 6, /undefined/],
    ['66 XSAVE (NP)', '66 0f ae 20', 6, /undefined/],
    ['RCL (not modelled)', 'd1 d0', 6, /D1 \/2/],
    ['0F 01 other forms', '0f 01 d0', 6, /0F 01/],
    ['XCHG r8,rax (41 90 is not NOP)', '41 90', 6, /undefined/],
    ['MOVUPS (NP 0F 10, not in the subset)', '0f 10 c0', 6, /undefined/],
    ['16 bytes: 15 prefixes + NOP', '66 '.repeat(15) + '90', 13, /15 bytes/],
  ])('%s', (_name, hex, vector, reason) => {
    const got = dec(hex);
    expect(got.op).toBe(Op.INVALID);
    expect(got.fault).toBe(vector);
    expect(got.reason).toMatch(reason);
  });

  it('15 bytes (14 prefixes + NOP) is still a valid instruction', () => {
    expect(dec('66 '.repeat(14) + '90')).toMatchObject({ op: Op.NOP, length: 15 });
  });
});

describe('partial input', () => {
  it('returns NEED_MORE when the bytes end inside the instruction and fewer than 15 were given', () => {
    const b = hexBytes('48 8b 44 cb');
    expect(decode(b, 0, 4)).toBe(NEED_MORE);
    expect(decode(hexBytes('48 8b 44 cb 10'), 0, 5).length).toBe(5);
  });

  it('decodes at an offset and never reads past `avail`', () => {
    const b = hexBytes('cc cc 90 cc');
    expect(decode(b, 2, 1)).toMatchObject({ op: Op.NOP, length: 1 });
    expect(decode(b, 0, 0)).toBe(NEED_MORE);
  });
});

describe('the opcode table', () => {
  it('has one row per form', () => {
    const keys = new Set<string>();
    for (const row of OPCODE_TABLE) {
      const key = `${row.prefix}|${row.map}|${row.opcode}|${row.digit}|${row.exact}|${row.mod}|${row.noRexB}`;
      expect(keys.has(key), `duplicate row ${row.mnemonic} ${key}`).toBe(false);
      keys.add(key);
    }
    expect(OPCODE_TABLE.length).toBeGreaterThan(250);
  });

  it.each(OPCODE_TABLE.map((row) => [row.id, row.mnemonic, row] as const))('row %i (%s) decodes back to itself', (_id, _mn, row) => {
    const bytes: number[] = [];
    if (row.prefix === '66' || row.prefix === 'F2' || row.prefix === 'F3') bytes.push(parseInt(row.prefix, 16));
    bytes.push(...[[], [0x0f], [0x0f, 0x38], [0x0f, 0x3a]][row.map] ?? []);
    bytes.push(row.opcode);
    if (row.exact >= 0) bytes.push(row.exact);
    else if (row.modrm) bytes.push(((row.mod === 'mem' ? 0 : 3) << 6) | (Math.max(row.digit, 0) << 3));
    const immBytes = { '': 0, ib: 1, cb: 1, iw: 2, iz: 4, iv: 4, cd: 4 }[row.imm];
    for (let k = 0; k < immBytes; k++) bytes.push(0x12);
    const got = decode(Uint8Array.from(bytes), 0, bytes.length);
    expect(got.form).toBe(row.id);
    expect(got.length).toBe(bytes.length);
  });
});
