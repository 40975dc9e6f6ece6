/** Test helpers: IR of a source text, and a fixed lowering environment (deterministic code). */
import { parseProgram } from '../../../jit/frontend/parse.js';
import { checkSubset } from '../../../jit/frontend/subset.js';
import { buildProgram } from '../../../jit/ir/build.js';
import type { IrFunction } from '../../../jit/ir/ir.js';
import { GATE_FUNCTIONS, type LowerEnv } from '../../../jit/backend/lower.js';

/** Fake but fixed addresses: the gate's stub table, the function table and every string constant. */
export const TEST_ENV: LowerEnv = {
  gateTable: 0x7f00_0000_1000, gateIndex: new Map(GATE_FUNCTIONS.map((n, i) => [n, i] as const)),
  functionTable: 0x7f00_0000_2000, globalCount: 0, stringConstant: () => 0xfffc_0000_0000_0100n,
};

/** The script, then the functions of `source` (file t.js), as IR. */
export function irFunctions(source: string): IrFunction[] {
  const program = parseProgram(source, 't.js');
  const ir = buildProgram(program, checkSubset(program, 't.js'), 't.js');
  return [ir.script, ...ir.functions];
}
