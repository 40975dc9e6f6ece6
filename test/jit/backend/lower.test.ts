import { describe, expect, it } from 'vitest';
import type { IrFunction } from '../../../jit/ir/ir.js';
import { lowerFunction, lowerWithLayout } from '../../../jit/backend/lower.js';
import { isSafeSnippet } from '../../../jit/backend/safe-bytes.js';
import { useCounts } from '../../../jit/backend/uses.js';
import { forbiddenBytes } from '../../../sdk/verifier.js';
import { TEST_ENV, irFunctions } from './lower-env.js';

function lowerAll(source: string): Uint8Array[] {
  return irFunctions(source).map((f) => lowerFunction(f, TEST_ENV));
}

const clean = (c: Uint8Array): boolean =>
  forbiddenBytes.check({ bytes: c, before: 0, after: 0, address: 0, allowSyscall: false }).length === 0;

describe('lowerFunction', () => {
  it('emits one function per IR function, starting with push rbp; mov rbp, rsp', () => {
    const codes = lowerAll('function f(a) { return a + 1; } console.log(f(2));');
    expect(codes).toHaveLength(2);
    for (const c of codes) expect([...c.slice(0, 4)]).toEqual([0x55, 0x48, 0x89, 0xe5]);
  });

  it('constants holding forbidden byte sequences are blinded (the code seals)', () => {
    // 0x050f and 0xef010f: SYSCALL and WRPKRU bytes in a literal
    const codes = lowerAll('let a = 1295; let b = 15663375; console.log(a, b, "x" + a);');
    for (const c of codes) expect(clean(c)).toBe(true);
  });

  it('a double whose bits hold 0F 05 as written and complemented (the review\'s 2.688286900694378e-284) lowers clean', () => {
    for (const c of lowerAll('console.log(2.688286900694378e-284, -2.688286900694378e-284);')) expect(isSafeSnippet(c)).toBe(true);
  });

  it('program-derived operands are safe in the first layout: 1295 (0x050F) arguments, global 41441 (disp 0x50F08)', () => {
    // Before: `mov rcx, 0x50f` (the argument count) held SYSCALL in every layout.
    const args = Array.from({ length: 0x050f }, (_, i) => i).join(', ');
    const call = irFunctions(`function f(a) { return a; }\nconsole.log(f(${args}));`)[0] as IrFunction;
    expect(isSafeSnippet(lowerWithLayout(call, TEST_ENV, 0))).toBe(true);
    // Global g is [r15 + 8*g]; 8 * 41441 = 0x050F08 (08 0F 05 00): R11 holds the displacement.
    const vars = Array.from({ length: 41_442 }, (_, i) => `var g${i} = ${i};`).join('\n');
    const script = irFunctions(`${vars}\nconsole.log(g41441);`)[0] as IrFunction;
    expect(isSafeSnippet(lowerWithLayout(script, TEST_ENV, 0))).toBe(true);
  });

  it('a function of 1295 parameters (cmp rcx, 0x50f in its prologue) and a frame of pages: the prologue is safe', () => {
    const params = Array.from({ length: 0x050f }, (_, i) => `p${i}`);
    const f = irFunctions(`function f(${params.join(', ')}) { return p1294; }\nconsole.log(f(1));`)[1] as IrFunction;
    expect(isSafeSnippet(lowerWithLayout(f, TEST_ENV, 0))).toBe(true);
  });

  it('a layout whose branch displacement would hold SYSCALL bytes is replaced by a clean one', () => {
    // Loop bodies of growing size: for some size a jump spans 0x050F (0F 05) or 0x340F bytes.
    let dirty: IrFunction | undefined;
    for (let k = 1; k <= 200 && dirty === undefined; k++) {
      const f = irFunctions(`function f(x) { while (x) { ${'x = x - 1; '.repeat(k)} } return x; }`)[1] as IrFunction;
      if (!isSafeSnippet(lowerWithLayout(f, TEST_ENV, 0))) dirty = f;
    }
    if (dirty === undefined) throw new Error('no loop size gives a forbidden displacement: widen the search');
    const code = lowerFunction(dirty, TEST_ENV);
    expect(clean(code)).toBe(true);
    expect(isSafeSnippet(code)).toBe(true);
  });
});

describe('useCounts', () => {
  it('counts every read of a vreg: a comparison copied for && is read twice, so it is not fused', () => {
    const f = irFunctions('function f(a) { if (a === 0 && a > 1) return a; return 0; }')[1] as IrFunction;
    // v2 = a === 0 is copied into v3 and branched on; v3 is read by the second br only.
    expect([...useCounts(f)]).toEqual([1, 1, 2, 1, 1, 1, 1, 1, 1]);
  });
});
