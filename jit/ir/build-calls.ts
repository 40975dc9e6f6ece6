/**
 * Call lowering (part of expression lowering, build-expr.ts): calls of names, members and any
 * expression with their receivers, builtin method dispatch (`s.charAt(0)`, `a.push(x)`,
 * `o.hasOwnProperty(k)`), `f.call(t, ...)`, `new` of constructors, Array and the error
 * constructors, and the host functions. Evaluation order is node's (ECMA-262 13.3.6.1: the
 * callee, then the arguments, then the call).
 */
import type { CallExpression, Expression, MemberExpression, NewExpression, PrivateIdentifier, Super } from 'acorn';
import { assert } from '../errors.js';
import { BUILTIN_METHODS, OBJECT_METHODS, isErrorName, isHostFunction, type ErrorName } from '../frontend/builtins.js';
import { startOf } from '../frontend/parse.js';
import type { Names } from './build-names.js';
import type { ExpressionLowering } from './build-expr.js';
import { calleeText, propertyName } from './callee-text.js';
import type { FunctionBuilder } from './function-builder.js';
import type { BlockId, BuiltinFn, VReg } from './ir.js';

type AnyExpression = Expression | Super | PrivateIdentifier;

/** Lowers calls into one function's builder, for its expression lowering `x`. */
export class CallLowering {
  constructor(
    private readonly b: FunctionBuilder,
    private readonly names: Names,
    private readonly x: ExpressionLowering,
  ) {}

  call(e: CallExpression): VReg {
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
      const object = this.x.expression(callee.object);
      const index = this.x.expression(callee.property);
      this.b.loc = startOf(callee);
      fn = this.b.value((dst) => ({ op: 'getIndex', dst, object, index }));
      thisArg = object;
    } else {
      fn = this.x.expression(callee);
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
    if (builtin === 'Object') return this.builtinCall(e, name === 'create' ? 'Object.create' : name === 'getPrototypeOf' ? 'Object.getPrototypeOf' : 'Object.keys', []);
    const host = `${builtin ?? ''}.${name}`;
    if (builtin !== undefined && isHostFunction(host)) return this.builtinCall(e, `host ${host}`, []);
    const object = this.x.expression(m.object);
    if (name === 'call') return this.functionCall(e, m, object);
    if (name !== 'push' && name !== 'pop') {
      return BUILTIN_METHODS.has(name) ? this.builtinMethodCall(e, m, object, name) : this.propertyCall(e, m, object, name);
    }
    // `x.push(...)`: the builtin on an array, the property's function on anything else.
    this.b.loc = startOf(m);
    const isArray = this.b.value((dst) => ({ op: 'isArray', dst, src: object }));
    return this.dispatched(e, m, object, name, { test: isArray, propertyWhen: false },
      (values) => this.b.value((dst) => ({ op: 'callBuiltin', dst, builtin: name, args: [object, ...values] })));
  }

  /**
   * A call whose meaning a run-time test decides: `test` (true, or false with `propertyWhen`
   * false) takes the property path, where the property is read before the arguments (ECMA-262
   * 13.3.6.1) and called with `object` as `this`; the other path runs `before` (a check that
   * must precede the arguments), then `direct` with the arguments, lowered once between the two.
   */
  private dispatched(
    e: CallExpression, m: MemberExpression, object: VReg, name: string,
    decide: { readonly test: VReg; readonly propertyWhen: boolean; readonly before?: () => void },
    direct: (values: VReg[]) => VReg,
  ): VReg {
    const b = this.b;
    const branch = (onProperty: BlockId, other: BlockId): void => {
      b.terminate(decide.propertyWhen ? { op: 'br', cond: decide.test, then: onProperty, else: other }
        : { op: 'br', cond: decide.test, then: other, else: onProperty });
    };
    const fn = b.vreg();
    const read = b.newBlock(`${name}.read`);
    const check = decide.before === undefined ? undefined : b.newBlock(`${name}.check`);
    const args = b.newBlock(`${name}.args`);
    branch(read, check ?? args);
    b.setBlock(read);
    b.emit({ op: 'getProp', dst: fn, object, name });
    b.terminate({ op: 'jump', target: args });
    if (check !== undefined && decide.before !== undefined) {
      b.setBlock(check);
      decide.before();
      b.terminate({ op: 'jump', target: args });
    }
    b.setBlock(args);
    const values = this.args(e);
    b.loc = startOf(e);
    const result = b.vreg();
    const onProperty = b.newBlock(`${name}.call`);
    const builtin = b.newBlock(`${name}.builtin`);
    const end = b.newBlock(`${name}.end`);
    branch(onProperty, builtin);
    // The path the test's true side takes comes first: the branch falls through to it.
    const paths: Array<[BlockId, () => VReg]> = [
      [onProperty, () => b.value((dst) => ({ op: 'call', dst, callee: fn, args: values, calleeName: calleeText(m), thisArg: object }))],
      [builtin, () => direct(values)],
    ];
    if (!decide.propertyWhen) paths.reverse();
    for (const [block, emit] of paths) {
      b.setBlock(block);
      b.emit({ op: 'copy', dst: result, src: emit() });
      b.terminate({ op: 'jump', target: end });
    }
    b.setBlock(end);
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
    // An Object.prototype method pkjit runs (`o.hasOwnProperty(k)`): an object's own or inherited
    // property of that name is called; without one, the builtin runs on the object too.
    const viaProperty = isObject;
    if (OBJECT_METHODS.has(name)) {
      const own = b.newBlock(`${name}.own`);
      const other = b.newBlock(`${name}.other`);
      b.terminate({ op: 'br', cond: isObject, then: own, else: other });
      b.setBlock(own);
      b.emit({ op: 'callBuiltin', dst: viaProperty, builtin: 'guestHas', args: [object, this.x.constant(name)] });
      b.jumpTo(other);
    }
    return this.dispatched(e, m, object, name, { test: viaProperty, propertyWhen: true, before: () => b.emit({ op: 'checkMethod', object, name }) },
      (values) => b.value((dst) => ({ op: 'callMethod', dst, object, name, args: values })));
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
    return this.dispatched(e, m, object, 'call', { test: isFunction, propertyWhen: false }, (values) => {
      const [thisArg, ...rest] = values;
      const receiver = thisArg ?? this.x.constant(undefined);
      return b.value((dst) => ({ op: 'call', dst, callee: object, args: rest, calleeName: calleeText(m.object as Expression), thisArg: receiver }));
    });
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
  construct(e: NewExpression): VReg {
    if (e.callee.type === 'Identifier' && this.names.builtinOf(e.callee) === 'Array') return this.builtinCall(e, 'Array', []);
    const error = this.errorBuiltin(e.callee);
    if (error !== undefined) return this.builtinCall(e, `new ${error}`, []);
    const callee = this.x.expression(e.callee);
    const args = this.args(e);
    const b = this.b;
    b.loc = startOf(e);
    const calleeName = calleeText(e.callee);
    const object = b.value((dst) => ({ op: 'newObject', dst, callee, calleeName }));
    const result = b.value((dst) => ({ op: 'call', dst, callee, args, calleeName, thisArg: object }));
    return b.value((dst) => ({ op: 'constructResult', dst, result, object }));
  }

  /** The error constructor `e` names, if it is one (Error, TypeError, ...). */
  errorBuiltin(e: AnyExpression): ErrorName | undefined {
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
      return this.x.expression(a);
    });
  }
}
