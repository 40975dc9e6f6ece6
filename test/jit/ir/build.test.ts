import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../../jit/frontend/parse.js';
import { checkSubset } from '../../../jit/frontend/subset.js';
import { buildProgram } from '../../../jit/ir/build.js';
import type { IrProgram } from '../../../jit/ir/ir.js';
import { printProgram } from '../../../jit/ir/print.js';
import { verifyProgram } from '../../../jit/ir/verify.js';
import { GOLDEN_PROGRAMS } from './golden-programs.js';

function build(source: string, file = 'test.js'): IrProgram {
  const program = parseProgram(source, file);
  return buildProgram(program, checkSubset(program, file), file);
}

describe('golden IR listings', () => {
  for (const [name, source] of GOLDEN_PROGRAMS) {
    it(name, async () => {
      const ir = build(source, `${name}.js`);
      verifyProgram(ir);
      await expect(`${printProgram(ir)}`).toMatchFileSnapshot(`./__snapshots__/${name}.ir`);
    });
  }
});

describe('lowering details', () => {
  it('emits the frontend checks as checkGlobal before the access', () => {
    const text = printProgram(build('function f() { return g + late; }\nf();\ng = 1;\nlet late = 2;\n'));
    expect(text).toMatch(/checkGlobal defined 2 \(g\)\s+; 1:23\n.*loadGlobal 2 \(g\)/);
    expect(text).toMatch(/checkGlobal tdz 1 \(late\)\s+; 1:27\n.*loadGlobal 1 \(late\)/);
  });

  it('lists globals with their initial state', () => {
    const ir = build('var a; let b = 1; const c = 2; function f() {}\nd = 3;\n');
    expect(ir.globals.map((g) => `${g.name}:${g.kind}:${g.initial}`)).toEqual([
      'a:var:undefined', 'b:let:uninitialized', 'c:const:uninitialized', 'f:function:undefined', 'd:implicit:absent',
    ]);
  });

  it('drops code after return and break', () => {
    const ir = build('function f() { return 1; f(); }\nwhile (true) { break; f(); }\n');
    const fn = ir.functions[0];
    expect(fn?.blocks.map((b) => b.insts.map((i) => i.op).join(' '))).toEqual(['const return']);
  });

  it('stores undefined for `let x;` each time it runs, nothing for `var x;`', () => {
    const text = printProgram(build('function f() { var v; let x; return x; }\n'));
    expect(text).toContain('const undefined');
    expect(text).toMatch(/storeLocal 1 \(x\)/);
    expect(text).not.toMatch(/storeLocal 0 \(v\)/);
  });
});
