/**
 * The expression half of the subset's grammar (docs/js-subset.md): a pre-order walk that
 * throws UnsupportedError at the first expression outside the subset, in source order.
 * Only syntax is judged here; what a name resolves to is scope.ts's business. The reserved
 * builtins (Math, console, Array, undefined, NaN, Infinity) can never be declared or
 * assigned, so a name spelled `Math` here is always the builtin.
 */

import type {
  ArrowFunctionExpression, CallExpression, Expression, FunctionExpression, Identifier, MemberExpression, NewExpression, Node,
  ObjectExpression, Pattern, PrivateIdentifier, SpreadElement, Super,
} from 'acorn';
import {
  ERROR_NAMES, MATH_CONSTANTS, MATH_FUNCTIONS, NUMBER_CONSTANTS, OBJECT_FUNCTIONS, isErrorName, isHostFunction, isReservedBuiltin,
} from './builtins.js';
import { unsupportedAt } from './parse.js';

/** Builtins that are only member objects or callees, never values. */
const NOT_VALUES: ReadonlySet<string> = new Set([
  'Math', 'console', 'Array', 'Object', ...ERROR_NAMES, 'String', 'Number', 'Boolean', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'JSON',
]);

/** Walks expressions of one file; every method throws at the first refused construct. */
export class ExpressionChecker {
  /** The file name errors carry. */
  private readonly file: string;
  /** What `this` is where the walk is: the script's, a function's own, or an arrow's (lexical). */
  private readonly thisOf: Array<'script' | 'function' | 'arrow'> = ['script'];

  constructor(
    file: string,
    /** Checks a function expression's or arrow's parameters and body (the statement walker's job). */
    private readonly functionBody: (f: FunctionExpression | ArrowFunctionExpression) => void,
  ) {
    this.file = file;
  }

  /** Runs `body` (the walk of a function's parameters and body) inside function `f`. */
  within(f: { readonly type: string }, body: () => void): void {
    this.thisOf.push(f.type === 'ArrowFunctionExpression' ? 'arrow' : 'function');
    try {
      body();
    } finally {
      this.thisOf.pop();
    }
  }

  /** Refuses `node` with `what`, located at its first character. */
  fail(node: Node, what: string): never {
    throw unsupportedAt(this.file, node, what);
  }

  /** A declared name (var/let/const, parameter, function): not a reserved builtin. */
  bindingName(id: Identifier): void {
    this.anyName(id);
    if (isReservedBuiltin(id.name)) this.fail(id, `redeclaring builtin ${id.name}`);
  }

  /** Dispatcher: one case per ESTree expression type. */
  expression(e: Expression | Super | PrivateIdentifier): void {
    switch (e.type) {
      case 'Identifier': return this.valueName(e);
      case 'Literal':
        if (e.regex !== undefined) this.fail(e, 'regular expressions');
        if (e.bigint !== undefined) this.fail(e, 'BigInt literals');
        return;
      case 'ArrayExpression': return e.elements.forEach((el) => el !== null && this.argument(el));
      case 'UnaryExpression':
        if (e.operator === 'delete') return this.deleteTarget(e.argument);
        return this.expression(e.argument);
      case 'UpdateExpression': return this.assignTarget(e.argument);
      case 'BinaryExpression':
        if (e.left.type === 'PrivateIdentifier') this.fail(e.left, 'classes');
        this.expression(e.left);
        // `x instanceof TypeError`: an error constructor may stand there (the only place it is a value).
        if (e.operator === 'instanceof' && e.right.type === 'Identifier' && isErrorName(e.right.name)) return;
        return this.expression(e.right);
      case 'LogicalExpression': this.expression(e.left); return this.expression(e.right);
      case 'AssignmentExpression': this.assignTarget(e.left); return this.expression(e.right);
      case 'ConditionalExpression':
        this.expression(e.test);
        this.expression(e.consequent);
        return this.expression(e.alternate);
      case 'SequenceExpression': return e.expressions.forEach((x) => this.expression(x));
      case 'CallExpression': return this.call(e);
      case 'NewExpression': return this.construct(e);
      case 'MemberExpression': return this.memberRead(e);
      case 'ObjectExpression': return this.objectLiteral(e);
      case 'FunctionExpression':
        if (e.id) this.bindingName(e.id);
        return this.functionBody(e);
      case 'ArrowFunctionExpression': return this.functionBody(e);
      case 'ClassExpression': case 'Super': case 'PrivateIdentifier': return this.fail(e, 'classes');
      case 'ThisExpression': {
        // The script's `this` is node's module.exports; an arrow's is its enclosing function's,
        // which would have to be captured like a variable: neither is modelled.
        const where = this.thisOf[this.thisOf.length - 1];
        if (where === 'script') this.fail(e, 'this at the top level');
        if (where === 'arrow') this.fail(e, 'this in an arrow function');
        return;
      }
      case 'ChainExpression': return this.fail(e, 'optional chaining');
      case 'TemplateLiteral': return this.fail(e, 'template literals');
      case 'TaggedTemplateExpression': return this.fail(e, 'tagged templates');
      case 'YieldExpression': return this.fail(e, 'generators');
      case 'AwaitExpression': return this.fail(e, 'async functions');
      case 'MetaProperty': return this.fail(e, `${e.meta.name}.${e.property.name}`);
      case 'ImportExpression': return this.fail(e, 'dynamic import');
      case 'ParenthesizedExpression': return this.expression(e.expression);
      default: return this.fail(e, (e as Node).type);
    }
  }

  /** The target of `=`, `op=`, `++` or `--`: a name or an indexed element. */
  assignTarget(t: Pattern | Expression): void {
    if (t.type === 'Identifier') {
      this.anyName(t);
      if (isReservedBuiltin(t.name)) this.fail(t, `assignment to builtin ${t.name}`);
    } else if (t.type === 'MemberExpression' && t.computed) {
      this.expression(t.object);
      this.expression(t.property);
    } else if (t.type === 'MemberExpression') {
      const builtin = builtinObject(t);
      if (builtin !== undefined) this.fail(t, `assignment to ${builtin}.${propertyName(t)}`);
      if (t.object.type === 'Super') this.fail(t.object, 'classes');
      this.expression(t.object);
      if (t.property.type === 'PrivateIdentifier') this.fail(t.property, 'classes');
      // An array's length assignment truncates or extends it (ECMA-262 10.4.2.4): not modelled.
      if (propertyName(t) === 'length') this.fail(t.property, 'assignment to .length');
    } else if (t.type === 'ObjectPattern' || t.type === 'ArrayPattern') {
      this.fail(t, 'destructuring');
    } else {
      this.fail(t, `assignment to ${t.type}`);
    }
  }

  /** `{ a: 1, 'b': x, 2: y, c }`: plain data properties with a literal or identifier key. */
  private objectLiteral(e: ObjectExpression): void {
    for (const p of e.properties) {
      if (p.type === 'SpreadElement') this.fail(p, 'spread in object literals');
      if (p.kind !== 'init') this.fail(p, 'getters and setters');
      if (p.method) this.fail(p, 'methods in object literals');
      if (p.computed) this.fail(p.key, 'computed property names');
      if (p.key.type === 'Literal' && typeof p.key.value !== 'string' && typeof p.key.value !== 'number') {
        this.fail(p.key, 'BigInt literals');
      }
      // A non-shorthand `__proto__: v` sets the prototype (ECMA-262 13.2.5.5); not modelled.
      if (!p.shorthand && literalKey(p.key) === '__proto__') this.fail(p.key, '__proto__ in object literals');
      if (p.shorthand && p.value.type === 'Identifier') this.valueName(p.value);
      else this.expression(p.value as Expression);
    }
  }

  /** The operand of `delete`: a property (`o.x`, `o[k]`); deleting a name or a value is refused. */
  private deleteTarget(t: Expression): void {
    if (t.type !== 'MemberExpression' || t.object.type === 'Super') this.fail(t, 'delete of something other than a property');
    if (builtinObject(t) !== undefined) this.fail(t, `delete of ${builtinObject(t)}.${propertyName(t)}`);
    if (t.optional) this.fail(t, 'optional chaining');
    this.expression(t.object);
    if (t.computed) this.expression(t.property);
    else if (t.property.type === 'PrivateIdentifier') this.fail(t.property, 'classes');
  }

  /** A name read as a value. */
  private valueName(id: Identifier): void {
    this.anyName(id);
    if (NOT_VALUES.has(id.name)) this.fail(id, `${id.name} used as a value`);
  }

  /** Names refused wherever they appear. */
  private anyName(id: Identifier): void {
    if (id.name === 'arguments' || id.name === 'eval') this.fail(id, id.name);
  }

  private argument(a: Expression | SpreadElement): void {
    if (a.type === 'SpreadElement') this.fail(a, 'spread');
    this.expression(a);
  }

  /** `x.name` or `x[i]` read as a value (not called, not assigned). */
  private memberRead(e: MemberExpression): void {
    const builtin = builtinObject(e);
    if (builtin !== undefined) return this.builtinMemberRead(e, builtin);
    if (e.object.type === 'Super') this.fail(e.object, 'classes');
    this.expression(e.object);
    if (e.computed) return this.expression(e.property);
    if (e.property.type === 'PrivateIdentifier') this.fail(e.property, 'classes');
  }

  private builtinMemberRead(e: MemberExpression, builtin: string): void {
    const name = propertyName(e);
    if (builtin === 'Math' && MATH_CONSTANTS.has(name)) return;
    if (builtin === 'Number' && Object.hasOwn(NUMBER_CONSTANTS, name)) return;
    if (builtin === 'Math' && (MATH_FUNCTIONS.has(name) || name === 'random')) this.fail(e, `Math.${name} used as a value`);
    if (builtin === 'console' && name === 'log') this.fail(e, 'console.log used as a value');
    this.fail(e, unknownMember(builtin, name));
  }

  /** Calls: a name (a function, a variable holding one, print, Array(n)), a builtin method, .push, .pop. */
  private call(e: CallExpression): void {
    const callee = e.callee;
    if (e.optional) this.fail(e, 'optional chaining');
    if (callee.type === 'Identifier') {
      this.anyName(callee);
      if (callee.name !== 'Array' && isReservedBuiltin(callee.name) && !isErrorName(callee.name) && !isHostFunction(callee.name)) this.fail(callee, `calling ${callee.name}`);
    } else if (callee.type === 'MemberExpression' && !callee.computed) {
      this.methodCallee(callee);
    } else if (callee.type === 'Super') {
      this.fail(callee, 'classes');
    } else {
      this.expression(callee); // any value: the call checks that it is a function
    }
    e.arguments.forEach((a) => this.argument(a));
  }

  private methodCallee(m: MemberExpression): void {
    const name = propertyName(m);
    const builtin = builtinObject(m);
    if (builtin === 'Math' && MATH_FUNCTIONS.has(name)) return;
    if (builtin === 'Object' && OBJECT_FUNCTIONS.has(name)) return;
    if (builtin !== undefined && isHostFunction(`${builtin}.${name}`)) return;
    if (builtin === 'Math' && name === 'random') this.fail(m, 'Math.random (its output cannot equal node\'s)');
    if (builtin === 'Math' && MATH_CONSTANTS.has(name)) this.fail(m, `calling Math.${name}`);
    if (builtin === 'console' && name === 'log') return;
    if (builtin !== undefined) this.fail(m, unknownMember(builtin, name));
    if (m.object.type === 'Super') this.fail(m.object, 'classes');
    if (m.property.type === 'PrivateIdentifier') this.fail(m.property, 'classes');
    // `s.charAt(0)`, `a.indexOf(x)`, `n.toFixed(2)`: on a string, number, boolean or array the
    // builtin method runs (jit/runtime/methods.ts, or a refusal when it runs); on an object, its
    // property is called.
    this.expression(m.object);
  }

  /** `new Array(...)`, or `new F(...)` of a constructor function (any expression but another builtin). */
  private construct(e: NewExpression): void {
    const c = e.callee;
    if (c.type === 'Identifier' && c.name === 'Array') {
      // `new Array(n)`, `new Array()`, `new Array(a, b)`: any arity (ECMA-262 23.1.1.1).
    } else if (c.type === 'Identifier' && isErrorName(c.name)) {
      // `new Error(message)`: a new error object (jit/runtime/guest-errors.ts).
    } else if (c.type === 'Identifier' && isReservedBuiltin(c.name)) {
      this.fail(e, `new ${c.name}`);
    } else if (c.type === 'MemberExpression' && builtinObject(c) !== undefined) {
      this.fail(e, `new ${calleeText(c)}`);
    } else {
      this.expression(c);
    }
    e.arguments.forEach((a) => this.argument(a));
  }

}

/** `Math`, `console` or `Array` when `m` is `Math.x`, `console.x` or `Array.x`. */
function builtinObject(m: MemberExpression): string | undefined {
  const o = m.object;
  return !m.computed && o.type === 'Identifier' && NOT_VALUES.has(o.name) ? o.name : undefined;
}

/** The name after the dot of a non-computed member (acorn: an Identifier or #private). */
function propertyName(m: MemberExpression): string {
  const p = m.property;
  if (p.type === 'Identifier') return p.name;
  if (p.type === 'PrivateIdentifier') return `#${p.name}`;
  return '?';
}

function unknownMember(builtin: string, name: string): string {
  if (builtin === 'console') return `console.${name} (only console.log)`;
  return builtin === 'Object' ? `Object.${name} (only Object.keys, Object.create, Object.getPrototypeOf)` : `${builtin}.${name}`;
}

/** The name a non-computed literal or identifier key spells. */
export function literalKey(k: Expression | PrivateIdentifier): string {
  if (k.type === 'Identifier') return k.name;
  if (k.type === 'Literal') return String(k.value);
  return '?';
}

/** `Foo`, `a.b.C`, or `an expression`, for the message of a refused `new`. */
function calleeText(e: Expression): string {
  if (e.type === 'Identifier') return e.name;
  if (e.type === 'MemberExpression' && !e.computed && e.object.type !== 'Super') {
    return `${calleeText(e.object)}.${propertyName(e)}`;
  }
  return 'expression';
}
