/**
 * Expression lowering: ESTree expressions of the subset (docs/js-subset.md) to IR values.
 * Evaluation order is node's: left to right, a reference's check at the access that would
 * throw. `&&`, `||`, `??`, `?:` are control flow that copies the chosen operand's value into
 * one result vreg. Name access (slots, globals, checks) is in build-names.ts.
 */

import type {
  ArrayExpression, AssignmentExpression, Expression, Identifier, LogicalExpression,
  MemberExpression, ObjectExpression, Pattern, PrivateIdentifier, Super, UpdateExpression,
} from 'acorn';
import { assert } from '../errors.js';
import { NUMBER_CONSTANTS } from '../frontend/builtins.js';
import { startOf } from '../frontend/parse.js';
import { literalKey } from '../frontend/subset-expr.js';
import type { FunctionBuilder } from './function-builder.js';
import type { BinaryOp, ConstValue, UnaryOp, VReg } from './ir.js';
import type { Names } from './build-names.js';
import { CallLowering } from './build-calls.js';
import { propertyName } from './callee-text.js';

/** Math constants, as node computes them. */
const MATH_CONSTANTS: Readonly<Record<string, number>> = {
  E: Math.E, LN10: Math.LN10, LN2: Math.LN2, LOG10E: Math.LOG10E, LOG2E: Math.LOG2E, PI: Math.PI,
  SQRT1_2: Math.SQRT1_2, SQRT2: Math.SQRT2,
};

type AnyExpression = Expression | Super | PrivateIdentifier;

/** Lowers expressions into one function's builder. */
export class ExpressionLowering {
  /** Calls and `new` (build-calls.ts). */
  private readonly calls: CallLowering;

  constructor(
    /** The function under construction. */
    private readonly b: FunctionBuilder,
    /** Name resolution for this function. */
    private readonly names: Names,
  ) {
    this.calls = new CallLowering(b, names, this);
  }

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
        const error = e.operator === 'instanceof' ? this.calls.errorBuiltin(e.right) : undefined;
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
      case 'CallExpression': return this.calls.call(e);
      case 'NewExpression': return this.calls.construct(e);
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
}
