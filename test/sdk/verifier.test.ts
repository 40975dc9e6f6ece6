import { describe, expect, it } from 'vitest';
import { forbiddenBytes, type VerifyInput } from '../../sdk/verifier.js';

function scan(bytes: number[], opts: Partial<VerifyInput> = {}): Array<[string, number]> {
  const input: VerifyInput = { bytes: Uint8Array.from(bytes), before: 0, after: 0, address: 0x1000, allowSyscall: false, ...opts };
  return forbiddenBytes.check(input).map((f) => [f.pattern, f.offset]);
}

describe('forbidden-bytes verifier', () => {
  it.each([
    ['wrpkru', [0x0f, 0x01, 0xef], [['WRPKRU', 0]]],
    ['wrpkru hidden in a mov imm32 (b8 0f 01 ef 00)', [0xb8, 0x0f, 0x01, 0xef, 0x00], [['WRPKRU', 1]]],
    ['rdpkru is harmless', [0x0f, 0x01, 0xee], []],
    ['xrstor [rax]', [0x0f, 0xae, 0x28], [['XRSTOR', 0]]],
    ['xrstor64 [rax] (REX.W)', [0x48, 0x0f, 0xae, 0x28], [['XRSTOR', 1]]],
    ['lfence (0f ae e8, mod=3 /5) is harmless', [0x0f, 0xae, 0xe8], []],
    ['xsave [rax] (/4) is harmless', [0x0f, 0xae, 0x20], []],
    ['xrstors [rdi]', [0x0f, 0xc7, 0x1f], [['XRSTORS', 0]]],
    ['syscall', [0x0f, 0x05], [['SYSCALL', 0]]],
    ['sysenter', [0x0f, 0x34], [['SYSENTER', 0]]],
    ['int 0x80', [0xcd, 0x80], [['INT 80h', 0]]],
    ['two in a row', [0x0f, 0x01, 0xef, 0x0f, 0x01, 0xef], [['WRPKRU', 0], ['WRPKRU', 3]]],
  ])('%s', (_name, bytes, expected) => {
    expect(scan(bytes)).toEqual(expected);
  });

  it('allows system calls when the policy does', () => {
    expect(scan([0x0f, 0x05, 0xcd, 0x80], { allowSyscall: true })).toEqual([]);
  });

  it('finds a sequence split across the seam with the preceding code', () => {
    // previous allocation ends with 0f 01, ours starts with ef
    expect(scan([0x0f, 0x01, 0xef, 0x90], { before: 2 })).toEqual([['WRPKRU', -2]]);
    // a sequence wholly inside the preceding code is not this allocation's
    expect(scan([0x0f, 0x05, 0x90], { before: 2 })).toEqual([]);
  });

  it('finds a sequence running into the following code, not one starting there', () => {
    expect(scan([0x90, 0x0f, 0x01, 0xef], { after: 2 })).toEqual([['WRPKRU', 1]]);
    expect(scan([0x90, 0x0f, 0x01, 0xef], { after: 3 })).toEqual([]);
  });

  it('names the instruction a finding sits in and its address', () => {
    const f = forbiddenBytes.check({ bytes: Uint8Array.of(0xb8, 0x0f, 0x01, 0xef, 0x00), before: 0, after: 0, address: 0x4000,
      allowSyscall: false, describe: (off) => (off >= 0 && off < 5 ? 'mov    eax,0xef010f' : null) });
    expect(f).toEqual([{ verifier: 'forbidden-bytes', pattern: 'WRPKRU', offset: 1, address: 0x4001, instruction: 'mov    eax,0xef010f' }]);
  });
});
