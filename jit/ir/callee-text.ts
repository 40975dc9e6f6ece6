/**
 * Source texts of callees for node's TypeErrors (`o.f is not a function`, `F is not a
 * constructor`, `x is not iterable`), as V8's CallPrinter spells them.
 */
import type { Expression, MemberExpression, PrivateIdentifier, Super } from 'acorn';
import { assert } from '../errors.js';

/**
 * The callee as node's TypeError names it (`o.f is not a function`), for the forms whose text
 * V8's CallPrinter is known to print (checked against node in test/jit/engine): names, `this`,
 * `.name` members, `[k]` members with a name or number key (a string key prints as `.key`,
 * whatever it holds), `f(...)` for a call, `{}` and `{(intermediate value)}` for object
 * literals, simple literals, and a parenthesized binary or logical expression of those. For
 * anything else it is null: the error is then refused at run time (a catch could print a
 * message that is not node's).
 */
export function sourceText(e: Expression): string | null {
  return calleeText(e);
}

/** The callee text, or null when unknown (sourceText's rule). */
export function calleeText(e: Expression): string | null {
  const text = (x: Expression | Super | PrivateIdentifier): string | null => {
    switch (x.type) {
      case 'Identifier': return x.name;
      case 'ThisExpression': return 'this';
      case 'Literal':
        if (typeof x.value === 'string') return /^[\w $.,:;!?-]*$/.test(x.value) ? JSON.stringify(x.value) : null;
        return typeof x.value === 'number' || typeof x.value === 'boolean' || x.value === null ? String(x.value) : null;
      case 'ObjectExpression': return x.properties.length === 0 ? '{}' : '{(intermediate value)}';
      case 'CallExpression': {
        const c = text(x.callee);
        return c === null ? null : `${c}(...)`;
      }
      case 'BinaryExpression': case 'LogicalExpression': {
        // V8's parser folds an operation of two number literals (`o[1 + 1]` prints `o[2]`).
        if (x.left.type === 'Literal' && x.right.type === 'Literal') return null;
        const l = text(x.left);
        const r = text(x.right);
        return l === null || r === null ? null : `(${l} ${x.operator} ${r})`;
      }
      case 'MemberExpression': {
        const o = text(x.object);
        if (o === null) return null;
        if (!x.computed) return x.property.type === 'Identifier' ? `${o}.${x.property.name}` : null;
        const p = x.property;
        // A string key prints as `.key`, whatever it holds (`o["a b"]` is `o.a b`).
        if (p.type === 'Literal' && typeof p.value === 'string') return /[\n\r\u2028\u2029]/.test(p.value) ? null : `${o}.${p.value}`;
        const k = text(p);
        return k === null ? null : `${o}[${k}]`;
      }
      default: return null;
    }
  };
  return text(e);
}

/** The name after the dot of a non-computed member. */
export function propertyName(m: MemberExpression): string {
  assert(!m.computed && m.property.type === 'Identifier', 'computed or private member where a name was expected');
  return m.property.name;
}
