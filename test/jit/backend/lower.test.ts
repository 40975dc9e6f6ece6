import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../jit/frontend/parse.js';
import { checkSubset } from '../../../jit/frontend/subset.js';
import { buildProgram } from '../../../jit/ir/build.js';
import { GATE_FUNCTIONS, lowerFunction } from '../../../jit/backend/lower.js';
import { forbiddenBytes } from '../../../sdk/verifier.js';

function lowerAll(source: string): Uint8Array[] {
  const program = parseProgram(source, 't.js');
  const ir = buildProgram(program, checkSubset(program, 't.js'), 't.js');
  const env = {
    gateTable: 0x7f00_0000_1000, gateIndex: new Map(GATE_FUNCTIONS.map((n, i) => [n, i] as const)),
    functionTable: 0x7f00_0000_2000, stringConstant: () => 0xfffc_0000_0000_0100n,
  };
  return [ir.script, ...ir.functions].map((f) => lowerFunction(f, env));
}

describe('lowerFunction', () => {
  it('emits one function per IR function, starting with push rbp; mov rbp, rsp', () => {
    const codes = lowerAll('function f(a) { return a + 1; } console.log(f(2));');
    expect(codes).toHaveLength(2);
    for (const c of codes) expect([...c.slice(0, 4)]).toEqual([0x55, 0x48, 0x89, 0xe5]);
  });

  it('constants holding forbidden byte sequences are blinded (the code seals)', () => {
    // 0x050f and 0xef010f: SYSCALL and WRPKRU bytes in a literal
    const codes = lowerAll('let a = 1295; let b = 15663375; console.log(a, b, "x" + a);');
    for (const c of codes) {
      expect(forbiddenBytes.check({ bytes: c, before: 0, after: 0, address: 0, allowSyscall: false })).toEqual([]);
    }
  });
});
