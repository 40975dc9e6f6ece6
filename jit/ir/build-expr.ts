/**
 * Expression lowering: ESTree expressions of the subset (docs/js-subset.md) to IR values.
 * Evaluation order is node's: left to right, a reference's check at the access that would
 * throw. `&&`, `||`, `??`, `?:` are control flow that copies the chosen operand's value into
 * one result vreg. Name access (slots, globals, checks) is in build-names.ts.
 */

import type {
  ArrayExpression, AssignmentExpression, CallExpression, Expression, Identifier, LogicalExpression,
  MemberExpression, NewExpression, ObjectExpression, Pattern, PrivateIdentifier, Super, UpdateExpression,
} from 'acorn';
import { assert } from '../errors.js';
import { BUILTIN_METHODS, NUMBER_CONSTANTS, OBJECT_METHODS, isErrorName, isHostFunction, type ErrorName } from '../frontend/builtins.js';
import { startOf } from '../frontend/parse.js';
import { literalKey } from '../frontend/subset-expr.js';
import type { FunctionBuilder } from './function-builder.js';
import type { BinaryOp, BuiltinFn, ConstValue, UnaryOp, VReg } from './ir.js';
import type { Names } from './build-names.js';

/** Math constants, as node computes them. */
const MATH_CONSTANTS: Readonly<Record<string, number>> = {
  E: Math.E, LN10: Math.LN10, LN2: Math.LN2, LOG10E: Math.LOG10E, LOG2E: Math.LOG2E, PI: Math.PI,
  SQRT1_2: Math.SQRT1_2, SQRT2: Math.SQRT2,
};

type AnyExpression = Expression | Super | PrivateIdentifier;

/** Lowers expressions into one function's builder. */
export class ExpressionLowering {
  constructor(
    /** The function under construction. */
    private readonly b: FunctionBuilder,
    /** Name resolution for this function. */
    private readonly names: Names,
  ) {}

  /** A constant in a fresh vreg. */
  constant(value: ConstValue): VReg {
    return this.b.value((dst) => ({ op: 'const', dst, value }));
  }

  /** Dispatcher: one case per expression type of the subset; returns the value's vreg. */
  expression(e: AnyExpression): VReg {
    this.b.loc = startOf(e);
    switch (e.type) {
      case 'Identifier': return this.names.read(e);
      case 'Literal':
        assert(e.regex === undefined && e.bigint === undefined, 'regex/BigInt literal passed the subset');
        return this.constant(e.value as ConstValue);
      case 'ArrayExpression': return this.array(e);
      case 'ObjectExpression': return this.object(e);
      case 'UnaryExpression': {
        if (e.operator === 'delete') return this.delete(e.argument);
        const src = this.expression(e.argument);
        this.b.loc = startOf(e);
        if (e.operator === 'void') return this.constant(undefined);
        return this.unary(e.operator, src);
      }
      case 'BinaryExpression': {
        const error = e.operator === 'instanceof' ? this.errorBuiltin(e.right) : undefined;
        if (error !== undefined) {
          const left = this.expression(e.left as Expression);
          this.b.loc = startOf(e);
          return this.b.value((dst) => ({ op: 'callBuiltin', dst, builtin: `instanceof ${error}`, args: [left] }));
        }
        const left = this.expression(e.left);
        const right = this.expression(e.right);
        this.b.loc = startOf(e);
        return this.binary(e.operator as BinaryOp, left, right);
      }
      case 'LogicalExpression': return this.logical(e);
      case 'ConditionalExpression': return this.conditional(e.test, e.consequent, e.alternate);
      case 'SequenceExpression': return e.expressions.map((x) => this.expression(x)).at(-1) ?? this.constant(undefined);
      case 'AssignmentExpression': return this.assignment(e);
      case 'UpdateExpression': return this.update(e);
      case 'MemberExpression': return this.member(e);
      case 'CallExpression': return this.call(e);
      case 'NewExpression': return this.construct(e);
      case 'ThisExpression': return this.names.thisValue();
      case 'FunctionExpression': case 'ArrowFunctionExpression': {
        const name = this.names.functionName(e);
        return this.names.closure(e, name);
      }
      default: return assert(false, `IR lowering reached ${e.type}, which the subset refuses`) as never;
    }
  }

  unary(operator: UnaryOp, src: VReg): VReg {
    return this.b.value((dst) => ({ op: 'unary', dst, operator, src }));
  }

  binary(operator: BinaryOp, left: VReg, right: VReg): VReg {
    return this.b.value((dst) => ({ op: 'binary', dst, operator, left, right }));
  }

  private array(e: ArrayExpression): VReg {
    const elements = e.elements.map((el) => {
      assert(el?.type !== 'SpreadElement', 'spread passed the subset');
      return el === null ? null : this.expression(el);
    });
    this.b.loc = startOf(e);
    return this.b.value((dst) => ({ op: 'array', dst, elements }));
  }

  /** `{ k: v, ... }`: the values in source order, then one instruction creating the properties in order. */
  private object(e: ObjectExpression): VReg {
    const names: string[] = [];
    const values: VReg[] = [];
    for (const p of e.properties) {
      assert(p.type === 'Property' && p.kind === 'init' && !p.computed && !p.method, 'object literal property passed the subset');
      names.push(literalKey(p.key));
      values.push(this.expression(p.value as Expression));
    }
    this.b.loc = startOf(e);
    return this.b.value((dst) => ({ op: 'object', dst, names, values }));
  }

  /** `delete o.x`, `delete o[k]`. */
  private delete(t: Expression): VReg {
    assert(t.type === 'MemberExpression' && t.object.type !== 'Super', 'delete operand passed the subset');
    const object = this.expression(t.object);
    const index = t.computed ? this.expression(t.property) : this.constant(propertyName(t));
    this.b.loc = startOf(t);
    return this.b.value((dst) => ({ op: 'delete', dst, object, index }));
  }

  /** `a && b`, `a || b`, `a ?? b`: the left value unless it decides to evaluate the right. */
  private logical(e: LogicalExpression): VReg {
    const left = this.expression(e.left);
    this.b.loc = startOf(e);
    return this.shortCircuit(e.operator, left, () => this.expression(e.right));
  }

  /**
   * The value of `left op right()` for a logical `op`; `right` is lowered only on the path
   * that evaluates it. `??` tests `left == null` (true exactly for null and undefined here).
   */
  shortCircuit(op: '&&' | '||' | '??', left: VReg, right: () => VReg): VReg {
    const b = this.b;
    const result = b.vreg();
    b.emit({ op: 'copy', dst: result, src: left });
    const rhs = b.newBlock(`${op}.rhs`);
    const end = b.newBlock(`${op}.end`);
    const cond = op === '??' ? this.binary('==', left, this.constant(null)) : left;
    b.terminate(op === '||' ? { op: 'br', cond, then: end, else: rhs } : { op: 'br', cond, then: rhs, else: end });
    b.setBlock(rhs);
    b.emit({ op: 'copy', dst: result, src: right() });
    b.jumpTo(end);
    return result;
  }

  /** `c ? x : y`. */
  private conditional(test: Expression, x: Expression, y: Expression): VReg {
    const b = this.b;
    const cond = this.expression(test);
    const result = b.vreg();
    const then = b.newBlock('cond.then');
    const other = b.newBlock('cond.else');
    const end = b.newBlock('cond.end');
    b.terminate({ op: 'br', cond, then, else: other });
    for (const [block, arm] of [[then, x], [other, y]] as const) {
      b.setBlock(block);
      const v = this.expression(arm);
      b.emit({ op: 'copy', dst: result, src: v });
      b.terminate({ op: 'jump', target: end });
    }
    b.setBlock(end);
    return result;
  }

  /** `t = v`, `t op= v` (logical forms short-circuit), to a name or `a[i]`. */
  private assignment(e: AssignmentExpression): VReg {
    const place = this.place(e.left);
    const loc = startOf(e);
    if (e.operator === '=') {
      const v = this.expression(e.right);
      this.b.loc = loc;
      place.store(v);
      return v;
    }
    const old = place.load();
    const op = e.operator.slice(0, -1);
    if (op === '&&' || op === '||' || op === '??') {
      return this.shortCircuit(op, old, () => {
        const v = this.expression(e.right);
        this.b.loc = loc;
        place.store(v);
        return v;
      });
    }
    const right = this.expression(e.right);
    this.b.loc = loc;
    const v = this.binary(op as BinaryOp, old, right);
    place.store(v);
    return v;
  }

  /** `++x`, `x--`, `a[i]++`: the new value (prefix) or ToNumber of the old one (postfix). */
  private update(e: UpdateExpression): VReg {
    const place = this.place(e.argument);
    this.b.loc = startOf(e);
    const old = this.unary('+', place.load());
    const v = this.binary(e.operator === '++' ? '+' : '-', old, this.constant(1));
    place.store(v);
    return e.prefix ? v : old;
  }

  /** Stores `v` to an assignment target (a for-in/of head without a declaration). */
  assign(t: Pattern, v: VReg): void {
    this.place(t).store(v);
  }

  /** An assignment target: its object and index (for `a[i]`) are evaluated once, here. */
  private place(t: Pattern | Expression): { load(): VReg; store(v: VReg): void } {
    if (t.type === 'Identifier') {
      const id: Identifier = t;
      return { load: () => this.names.read(id), store: (v) => this.names.write(id, v) };
    }
    assert(t.type === 'MemberExpression' && t.object.type !== 'Super', `IR lowering reached a ${t.type} target`);
    const object = this.expression(t.object);
    if (!t.computed) {
      const name = propertyName(t);
      return {
        load: () => this.b.value((dst) => ({ op: 'getProp', dst, object, name })),
        store: (src) => this.b.emit({ op: 'setProp', object, name, src }),
      };
    }
    const index = this.expression(t.property);
    return {
      load: () => this.b.value((dst) => ({ op: 'getIndex', dst, object, index })),
      store: (src) => this.b.emit({ op: 'setIndex', object, index, src }),
    };
  }

  /** `a[i]`, `x.length`, `Math.K`. */
  private member(e: MemberExpression): VReg {
    if (e.computed) {
      const object = this.expression(e.object);
      const index = this.expression(e.property);
      this.b.loc = startOf(e);
      return this.b.value((dst) => ({ op: 'getIndex', dst, object, index }));
    }
    const name = propertyName(e);
    if (this.names.builtinOf(e.object) === 'Math') {
      const k = MATH_CONSTANTS[name];
      assert(k !== undefined, `Math.${name} passed the subset`);
      return this.constant(k);
    }
    if (this.names.builtinOf(e.object) === 'Number') {
      const k = NUMBER_CONSTANTS[name];
      assert(k !== undefined, `Number.${name} passed the subset`);
      return this.constant(k);
    }
    const object = this.expression(e.object);
    this.b.loc = startOf(e);
    if (name === 'length') return this.b.value((dst) => ({ op: 'length', dst, object }));
    return this.b.value((dst) => ({ op: 'getProp', dst, object, name }));
  }

  private call(e: CallExpression): VReg {
    const callee = e.callee;
    if (callee.type === 'MemberExpression' && !callee.computed) return this.methodCall(e, callee);
    assert(callee.type !== 'Super', 'super call passed the subset');
    if (callee.type === 'Identifier') {
      const builtin = this.names.builtinOf(callee);
      if (builtin === 'print' || builtin === 'Array') return this.builtinCall(e, builtin, []);
      const error = this.errorBuiltin(callee);
      if (error !== undefined) return this.builtinCall(e, `new ${error}`, []); // Error(m) is new Error(m) (ECMA-262 20.5.1.1)
      if (builtin !== undefined && isHostFunction(builtin)) return this.builtinCall(e, `host ${builtin}`, []);
    }
    let thisArg: VReg | null = null;
    let fn: VReg;
    if (callee.type === 'MemberExpression' && callee.object.type !== 'Super') {
      // `a[i](...)`: `a` is the receiver (ECMA-262 13.3.6.1: the reference's base).
      const object = this.expression(callee.object);
      const index = this.expression(callee.property);
      this.b.loc = startOf(callee);
      fn = this.b.value((dst) => ({ op: 'getIndex', dst, object, index }));
      thisArg = object;
    } else {
      fn = this.expression(callee);
    }
    const args = this.args(e);
    this.b.loc = startOf(e);
    return this.b.value((dst) => ({ op: 'call', dst, callee: fn, args, calleeName: calleeText(callee), thisArg }));
  }

  /**
   * `console.log(...)`, `Math.f(...)`, `a.push(...)`, `a.pop()`, and `o.m(...)`: the property's
   * value called with `o` as its `this`.
   */
  private methodCall(e: CallExpression, m: MemberExpression): VReg {
    const name = propertyName(m);
    const builtin = this.names.builtinOf(m.object);
    if (builtin === 'console') return this.builtinCall(e, 'console.log', []);
    if (builtin === 'Math') return this.builtinCall(e, `Math.${name}`, []);
    if (builtin === 'Object') return this.builtinCall(e, 'Object.keys', []);
    const host = `${builtin ?? ''}.${name}`;
    if (builtin !== undefined && isHostFunction(host)) return this.builtinCall(e, `host ${host}`, []);
    const object = this.expression(m.object);
    if (name === 'call') return this.functionCall(e, m, object);
    if (name !== 'push' && name !== 'pop') {
      return BUILTIN_METHODS.has(name) ? this.builtinMethodCall(e, m, object, name) : this.propertyCall(e, m, object, name);
    }
    // `x.push(...)`: the builtin on an array, the property's function on anything else. The
    // property is read before the arguments are evaluated (ECMA-262 13.3.6.1; reading an
    // array's `push` has no effect), and the arguments are lowered once, between two branches
    // on the same test.
    const b = this.b;
    b.loc = startOf(m);
    const isArray = b.value((dst) => ({ op: 'isArray', dst, src: object }));
    const fn = b.vreg();
    const read = b.newBlock(`${name}.read`);
    const args = b.newBlock(`${name}.args`);
    b.terminate({ op: 'br', cond: isArray, then: args, else: read });
    b.setBlock(read);
    b.emit({ op: 'getProp', dst: fn, object, name });
    b.jumpTo(args);
    const values = this.args(e);
    b.loc = startOf(e);
    const result = b.vreg();
    const onArray = b.newBlock(`${name}.array`);
    const other = b.newBlock(`${name}.call`);
    const end = b.newBlock(`${name}.end`);
    b.terminate({ op: 'br', cond: isArray, then: onArray, else: other });
    b.setBlock(onArray);
    b.emit({ op: 'copy', dst: result, src: b.value((dst) => ({ op: 'callBuiltin', dst, builtin: name, args: [object, ...values] })) });
    b.terminate({ op: 'jump', target: end });
    b.setBlock(other);
    b.emit({ op: 'copy', dst: result, src: b.value((dst) => ({ op: 'call', dst, callee: fn, args: values, calleeName: calleeText(m), thisArg: object })) });
    b.jumpTo(end);
    return result;
  }

  /**
   * `x.name(...)` for a builtin method name: on an object or function, its property called
   * with `x` as `this`; on anything else the builtin method (`s.charAt(0)`, `n.toFixed(2)`,
   * `a.join('-')`), after checkMethod, which throws node's TypeError for null and undefined
   * before the arguments are evaluated, as reading the property would (ECMA-262 13.3.6.1).
   */
  private builtinMethodCall(e: CallExpression, m: MemberExpression, object: VReg, name: string): VReg {
    const b = this.b;
    b.loc = startOf(m);
    const isObject = b.value((dst) => ({ op: 'isObject', dst, src: object }));
    const fn = b.vreg();
    const read = b.newBlock(`${name}.read`);
    const check = b.newBlock(`${name}.check`);
    const args = b.newBlock(`${name}.args`);
    // An Object.prototype method pkjit runs (`o.hasOwnProperty(k)`): an object's own or inherited
    // property of that name is called; without one, the builtin runs on the object too.
    const viaProperty = isObject;
    if (OBJECT_METHODS.has(name)) {
      const own = b.newBlock(`${name}.own`);
      b.terminate({ op: 'br', cond: isObject, then: own, else: check });
      b.setBlock(own);
      b.emit({ op: 'callBuiltin', dst: viaProperty, builtin: 'guestHas', args: [object, this.constant(name)] });
    }
    b.terminate({ op: 'br', cond: viaProperty, then: read, else: check });
    b.setBlock(read);
    b.emit({ op: 'getProp', dst: fn, object, name });
    b.terminate({ op: 'jump', target: args });
    b.setBlock(check);
    b.emit({ op: 'checkMethod', object, name });
    b.jumpTo(args);
    const values = this.args(e);
    b.loc = startOf(e);
    const result = b.vreg();
    const onObject = b.newBlock(`${name}.call`);
    const builtin = b.newBlock(`${name}.builtin`);
    const end = b.newBlock(`${name}.end`);
    b.terminate({ op: 'br', cond: viaProperty, then: onObject, else: builtin });
    b.setBlock(onObject);
    b.emit({ op: 'copy', dst: result, src: b.value((dst) => ({ op: 'call', dst, callee: fn, args: values, calleeName: calleeText(m), thisArg: object })) });
    b.terminate({ op: 'jump', target: end });
    b.setBlock(builtin);
    b.emit({ op: 'copy', dst: result, src: b.value((dst) => ({ op: 'callMethod', dst, object, name, args: values })) });
    b.jumpTo(end);
    return result;
  }

  /**
   * `f.call(t, a, b)`: on a function, a call of `f` with `t` as `this` (ECMA-262 20.2.3.3; a
   * function object cannot have an own `call`, setFunctionProperty refuses it); on anything else
   * its `call` property called, as for any method.
   */
  private functionCall(e: CallExpression, m: MemberExpression, object: VReg): VReg {
    const b = this.b;
    b.loc = startOf(m);
    const isFunction = b.value((dst) => ({ op: 'isFunction', dst, src: object }));
    const fn = b.vreg();
    const read = b.newBlock('call.read');
    const args = b.newBlock('call.args');
    b.terminate({ op: 'br', cond: isFunction, then: args, else: read });
    b.setBlock(read);
    b.emit({ op: 'getProp', dst: fn, object, name: 'call' });
    b.jumpTo(args);
    const values = this.args(e);
    b.loc = startOf(e);
    const result = b.vreg();
    const direct = b.newBlock('call.direct');
    const other = b.newBlock('call.property');
    const end = b.newBlock('call.end');
    b.terminate({ op: 'br', cond: isFunction, then: direct, else: other });
    b.setBlock(direct);
    const [thisArg, ...rest] = values;
    const receiver = thisArg ?? this.constant(undefined);
    b.emit({ op: 'copy', dst: result, src: b.value((dst) => ({ op: 'call', dst, callee: object, args: rest, calleeName: calleeText(m.object as Expression), thisArg: receiver })) });
    b.terminate({ op: 'jump', target: end });
    b.setBlock(other);
    b.emit({ op: 'copy', dst: result, src: b.value((dst) => ({ op: 'call', dst, callee: fn, args: values, calleeName: calleeText(m), thisArg: object })) });
    b.jumpTo(end);
    return result;
  }

  /** `o.m(...)`: the property read, then the arguments, then the call. */
  private propertyCall(e: CallExpression, m: MemberExpression, object: VReg, name: string): VReg {
    this.b.loc = startOf(m);
    const fn = this.b.value((dst) => ({ op: 'getProp', dst, object, name }));
    const args = this.args(e);
    this.b.loc = startOf(e);
    return this.b.value((dst) => ({ op: 'call', dst, callee: fn, args, calleeName: calleeText(m), thisArg: object }));
  }

  /**
   * `new Array(n)`, and `new F(...)` (ECMA-262 13.3.5.1 EvaluateNew): the callee, the arguments,
   * then the constructor check and the new object, the call with it as `this`, and the call's
   * result if that is an object, else the new object.
   */
  private construct(e: NewExpression): VReg {
    if (e.callee.type === 'Identifier' && this.names.builtinOf(e.callee) === 'Array') return this.builtinCall(e, 'Array', []);
    const error = this.errorBuiltin(e.callee);
    if (error !== undefined) return this.builtinCall(e, `new ${error}`, []);
    const callee = this.expression(e.callee);
    const args = this.args(e);
    const b = this.b;
    b.loc = startOf(e);
    const calleeName = calleeText(e.callee);
    const object = b.value((dst) => ({ op: 'newObject', dst, callee, calleeName }));
    const result = b.value((dst) => ({ op: 'call', dst, callee, args, calleeName, thisArg: object }));
    return b.value((dst) => ({ op: 'constructResult', dst, result, object }));
  }

  /** The error constructor `e` names, if it is one (Error, TypeError, ...). */
  private errorBuiltin(e: AnyExpression): ErrorName | undefined {
    if (e.type !== 'Identifier') return undefined;
    const name = this.names.builtinOf(e);
    return name !== undefined && isErrorName(name) ? name : undefined;
  }

  private builtinCall(e: CallExpression | NewExpression, builtin: BuiltinFn, receiver: VReg[]): VReg {
    const args = [...receiver, ...this.args(e)];
    this.b.loc = startOf(e);
    return this.b.value((dst) => ({ op: 'callBuiltin', dst, builtin, args }));
  }

  private args(e: CallExpression | NewExpression): VReg[] {
    return e.arguments.map((a) => {
      assert(a.type !== 'SpreadElement', 'spread passed the subset');
      return this.expression(a);
    });
  }
}

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

function calleeText(e: Expression): string | null {
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
function propertyName(m: MemberExpression): string {
  assert(!m.computed && m.property.type === 'Identifier', 'computed or private member where a name was expected');
  return m.property.name;
}
