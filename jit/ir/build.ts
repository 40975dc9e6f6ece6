/**
 * Lowers a checked program (parse.ts, then checkSubset) to the IR: the script and each
 * declared function become one IrFunction; the script's entry first stores every function
 * value in its global (hoisting), then runs the top-level statements.
 */

import type { FunctionDeclaration, Program } from 'acorn';
import { assert } from '../errors.js';
import { startOf } from '../frontend/parse.js';
import type { Binding, FunctionInfo, ScopeInfo } from '../frontend/scope.js';
import { ExpressionLowering } from './build-expr.js';
import { Names } from './build-names.js';
import { StatementLowering } from './build-stmt.js';
import { FunctionBuilder } from './function-builder.js';
import type { GlobalInitial, IrFunction, IrGlobal, IrProgram } from './ir.js';

/** The IR of `program`; `scopes` must be checkSubset's result for it. */
export function buildProgram(program: Program, scopes: ScopeInfo, file: string): IrProgram {
  assert(scopes.script.node === program, 'scope analysis belongs to another program');
  const declared = scopes.functions.filter((f) => f.node.type === 'FunctionDeclaration');
  const script = buildFunction(scopes.script, scopes, (b, names) => {
    for (const g of scopes.globals) {
      if (g.kind !== 'function') continue;
      const index = declared.findIndex((f) => f.node.type === 'FunctionDeclaration' && f.node.id === g.node);
      assert(index >= 0, `function binding ${g.name} has no declaration`);
      b.loc = startOf(g.node);
      const v = b.value((dst) => ({ op: 'func', dst, index, name: g.name }));
      names.initialize(g.node, v);
    }
  });
  const functions = declared.map((f) => buildFunction(f, scopes, () => {}));
  return { file, script, functions, globals: scopes.globals.map(globalOf) };
}

/** One function: `prologue` runs first in the entry block, then the body's statements. */
function buildFunction(
  info: FunctionInfo, scopes: ScopeInfo,
  prologue: (b: FunctionBuilder, names: Names) => void,
): IrFunction {
  const b = new FunctionBuilder(info.name, info.params.length, info.locals.map((l) => l.name));
  const names = new Names(b, scopes);
  const x = new ExpressionLowering(b, names);
  const stmts = new StatementLowering(b, x, names);
  prologue(b, names);
  const body = info.node.type === 'Program' ? info.node.body : (info.node as FunctionDeclaration).body.body;
  for (const s of body) stmts.statement(s);
  return b.finish();
}

function globalOf(g: Binding): IrGlobal {
  const initial: GlobalInitial = g.kind === 'let' || g.kind === 'const' ? 'uninitialized' : g.kind === 'implicit' ? 'absent' : 'undefined';
  return { name: g.name, kind: g.kind, initial };
}
