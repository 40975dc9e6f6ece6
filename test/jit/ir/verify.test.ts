import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JitError } from '../../../jit/errors.js';
import { parseProgram } from '../../../jit/frontend/parse.js';
import { checkSubset } from '../../../jit/frontend/subset.js';
import { buildProgram } from '../../../jit/ir/build.js';
import type { AnyInst, Block, BlockId, IrFunction, IrProgram, VReg } from '../../../jit/ir/ir.js';
import { verifyProgram } from '../../../jit/ir/verify.js';
import { randomProgram } from '../frontend/random-program.js';

const RUNS = 300;

describe('verify() on IR of random subset programs', () => {
  it(`${RUNS} programs: the IR verifies; checkGlobal only for checked references (one each, dead code dropped)`, () => {
    let checks = 0;
    fc.assert(fc.property(fc.integer(), (seed) => {
      const source = randomProgram(seed);
      try {
        const program = parseProgram(source, 'gen.js');
        const scopes = checkSubset(program, 'gen.js');
        const ir = buildProgram(program, scopes, 'gen.js');
        verifyProgram(ir);
        const expected = [...scopes.references.values()].filter((r) => r.check !== 'none').length;
        const emitted = allInsts(ir).filter((i) => i.op === 'checkGlobal').length;
        expect(emitted).toBeLessThanOrEqual(expected);
        checks += emitted;
      } catch (e) {
        throw new Error(`${(e as Error).message}\n--- program (seed ${seed}) ---\n${source}`);
      }
    }), { seed: 0x1e, numRuns: RUNS });
    expect(checks).toBeGreaterThan(0);
  });
});

function allInsts(p: IrProgram): AnyInst[] {
  return [p.script, ...p.functions].flatMap((f) => f.blocks.flatMap((b) => [...b.insts]));
}

const loc = { line: 1, column: 1 };
const v = (n: number): VReg => n as VReg;
const bid = (n: number): BlockId => n as BlockId;
const ret: AnyInst = { op: 'return', value: v(0), loc };
const zero: AnyInst = { op: 'const', dst: v(0), value: 0, loc };

function fn(blocks: (readonly AnyInst[])[], extra: Partial<IrFunction> = {}): IrProgram {
  const bs: Block[] = blocks.map((insts, i) => ({ id: bid(i), name: `b${i}`, insts }));
  const script: IrFunction = { name: '<script>', params: 0, slotCount: 1, slotNames: ['x'], vregCount: 2, blocks: bs, entry: bid(0), ...extra };
  return { file: 't.js', script, functions: [], globals: [{ name: 'g', kind: 'var', initial: 'undefined' }] };
}

describe('verify() refuses broken IR with INVARIANT', () => {
  const cases: [string, IrProgram, string][] = [
    ['no terminator', fn([[zero]]), 'does not end in a terminator'],
    ['empty block', fn([[zero, ret], []]), 'does not end in a terminator'],
    ['terminator mid-block', fn([[zero, ret, ret]]), 'terminator in the middle'],
    ['missing target', fn([[{ op: 'jump', target: bid(5), loc }]]), 'target b5 does not exist'],
    ['undefined vreg', fn([[{ op: 'return', value: v(1), loc }]]), 'v1 is used but never written'],
    ['vreg out of range', fn([[{ op: 'const', dst: v(7), value: 1, loc }, zero, ret]]), 'v7 outside 0..1'],
    ['slot out of range', fn([[zero, { op: 'storeLocal', slot: 1, src: v(0), loc }, ret]]), 'slot 1 outside the frame of 1'],
    ['wrong global', fn([[{ op: 'loadGlobal', dst: v(0), global: 0, name: 'h', loc }, ret]]), 'global 0 is not h'],
    ['unknown function', fn([[{ op: 'func', dst: v(0), index: 0, name: 'f', loc }, ret]]), 'function 0 is not f'],
    ['bad entry', fn([[zero, ret]], { entry: bid(3) }), 'entry b3 does not exist'],
  ];
  it.each(cases)('%s', (_name, ir, message) => {
    let thrown: unknown;
    try { verifyProgram(ir); } catch (e) { thrown = e; }
    expect(thrown).toBeInstanceOf(JitError);
    expect((thrown as JitError).code).toBe('INVARIANT');
    expect((thrown as JitError).message).toContain(message);
  });

  it('accepts a minimal well-formed function', () => {
    expect(() => verifyProgram(fn([[zero, ret]]))).not.toThrow();
  });
});
