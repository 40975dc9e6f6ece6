/**
 * Lowers a checked program (parse.ts, then checkSubset) to the IR: the script and every
 * function (declared, expression, arrow) become one IrFunction each. The script's entry first
 * stores every top-level function value in its global (hoisting), then runs the top-level
 * statements. A function's entry block sets up what its body needs (docs/jit-design.md,
 * "Functions and closures"), in this order: its own object (a named function expression),
 * its `this` (when it reads it), the context it closes over, its own context (and the captured parameters copied into it),
 * then its hoisted inner function declarations as closures.
 */

import type { Node, Program } from 'acorn';
import { assert } from '../errors.js';
import { startOf } from '../frontend/parse.js';
import { usesThis } from '../frontend/this-uses.js';
import type { Binding, FunctionInfo, ScopeInfo } from '../frontend/scope.js';
import { ExpressionLowering } from './build-expr.js';
import { Names, type FrameLayout } from './build-names.js';
import { StatementLowering } from './build-stmt.js';
import { FunctionBuilder } from './function-builder.js';
import type { GlobalInitial, IrFunction, IrGlobal, IrProgram } from './ir.js';

/** The IR of `program`; `scopes` must be checkSubset's result for it. */
export function buildProgram(program: Program, scopes: ScopeInfo, file: string): IrProgram {
  assert(scopes.script.node === program, 'scope analysis belongs to another program');
  const others = scopes.functions.filter((f) => f !== scopes.script);
  const indexOf = new Map<Node, number>(others.map((f, i) => [f.node, i]));
  const script = buildFunction(scopes.script, scopes, indexOf, (b, names) => {
    for (const g of scopes.globals) {
      if (g.kind !== 'function') continue;
      const decl = others.find((f) => f.node.type === 'FunctionDeclaration' && f.node.id === g.node);
      const index = decl === undefined ? -1 : others.indexOf(decl);
      assert(index >= 0, `function binding ${g.name} has no declaration`);
      b.loc = startOf(g.node);
      const v = b.value((dst) => ({ op: 'func', dst, index, name: g.name }));
      names.initialize(g.node, v);
    }
  });
  const functions = others.map((f) => buildFunction(f, scopes, indexOf, (b, names) => names.hoistFunctions()));
  return { file, script, functions, globals: scopes.globals.map(globalOf) };
}

/** Whether `f` reads the context of an enclosing function (some function around it has one). */
function closesOver(f: FunctionInfo, scopes: ScopeInfo): boolean {
  for (let a = f.parent; a !== undefined; a = a.parent) if (scopes.contexts.of.has(a)) return true;
  return false;
}

/** One function: its entry (context set-up, then `prologue`), then the body's statements. */
function buildFunction(
  info: FunctionInfo, scopes: ScopeInfo, indexOf: ReadonlyMap<Node, number>,
  prologue: (b: FunctionBuilder, names: Names) => void,
): IrFunction {
  const slotNames = info.locals.map((l) => l.name);
  const captured = scopes.contexts.of.get(info) ?? [];
  const layout: FrameLayout = {
    closureSlot: closesOver(info, scopes) ? slotNames.push('<closure>') - 1 : null,
    contextSlot: captured.length > 0 ? slotNames.push('<context>') - 1 : null,
    thisSlot: info.node.type !== 'Program' && usesThis(info.node) ? slotNames.push('<this>') - 1 : null,
  };
  const b = new FunctionBuilder(info.name, info.params.length, slotNames);
  const names = new Names(b, scopes, info, layout, indexOf);
  const x = new ExpressionLowering(b, names);
  const stmts = new StatementLowering(b, x, names);
  const node = info.node;
  if (node.type !== 'Program') b.loc = startOf(node);
  // The receiver first: the caller passes it in a register that the next runtime call clobbers.
  if (layout.thisSlot !== null) b.emit({ op: 'saveThis', slot: layout.thisSlot });
  const selfId = node.type === 'FunctionExpression' ? node.id : null;
  const self = selfId ? b.value((dst) => ({ op: 'self', dst })) : null;
  if (layout.closureSlot !== null) b.emit({ op: 'saveClosure', slot: layout.closureSlot });
  if (layout.contextSlot !== null) {
    const holes = captured.map((c: Binding) => c.kind === 'let' || c.kind === 'const');
    b.emit({ op: 'newContext', slot: layout.contextSlot, parent: layout.closureSlot, holes });
    for (const p of info.params) {
      if (scopes.contexts.slot.has(p)) names.initialize(p.node, b.value((dst) => ({ op: 'loadLocal', dst, slot: p.slot })));
    }
  }
  if (selfId && self !== null) names.initialize(selfId, self);
  prologue(b, names);
  if (node.type === 'Program' || node.body.type === 'BlockStatement') {
    const body = node.type === 'Program' ? node.body : node.body.type === 'BlockStatement' ? node.body.body : [];
    for (const s of body) stmts.statement(s);
  } else {
    const value = x.expression(node.body); // an arrow's expression body
    b.terminate({ op: 'return', value });
  }
  const f = b.finish();
  return node.type === 'ArrowFunctionExpression' ? { ...f, arrow: true } : f;
}

function globalOf(g: Binding): IrGlobal {
  const initial: GlobalInitial = g.kind === 'let' || g.kind === 'const' ? 'uninitialized' : g.kind === 'implicit' ? 'absent' : 'undefined';
  return { name: g.name, kind: g.kind, initial };
}
