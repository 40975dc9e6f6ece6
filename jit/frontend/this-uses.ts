/**
 * Whether a function reads its own `this`: a ThisExpression in its parameters or body outside
 * any nested non-arrow function (an arrow's `this` is its enclosing function's, ECMA-262
 * 10.2.1.1 OrdinaryCallBindThis with lexical-this; the subset refuses `this` in arrows and at
 * the top level, subset-expr.ts). Such a function keeps the receiver its caller passes.
 */
import type { Node } from 'acorn';
import type { FunctionNode } from './scope-types.js';

/** True if `f` reads its own `this`. */
export function usesThis(f: FunctionNode): boolean {
  return [...f.params, f.body].some((n) => contains(n));
}

function contains(n: Node): boolean {
  if (n.type === 'ThisExpression') return true;
  if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration') return false;
  for (const value of Object.values(n)) {
    if (Array.isArray(value)) {
      for (const x of value) if (isNode(x) && contains(x)) return true;
    } else if (isNode(value) && contains(value)) {
      return true;
    }
  }
  return false;
}

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';
}
