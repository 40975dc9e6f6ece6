/**
 * Whether a function reads its own `this`: a ThisExpression in its parameters or body outside
 * any nested non-arrow function (an arrow's `this` is its enclosing function's, ECMA-262
 * 10.2.1.1 OrdinaryCallBindThis with lexical-this; the subset refuses `this` in arrows and at
 * the top level, subset-expr.ts). Such a function keeps the receiver its caller passes.
 */
import { walkNodes } from './scope-rules.js';
import type { FunctionNode } from './scope-types.js';

/** True if `f` reads its own `this`. */
export function usesThis(f: FunctionNode): boolean {
  let found = false;
  for (const part of [...f.params, f.body]) {
    walkNodes(part, (n) => {
      if (n.type === 'ThisExpression') found = true;
      return !found && n.type !== 'FunctionExpression' && n.type !== 'FunctionDeclaration';
    });
  }
  return found;
}
