/**
 * The compiler's IR: per function, a list of basic blocks of three-address instructions over
 * virtual registers (vregs). Every vreg holds one boxed JS value (docs/jit-design.md, NaN
 * boxing). Vregs are not SSA: a control-flow expression (`&&`, `?:`) writes its result vreg
 * with a `copy` on each path. Locals live in frame slots, globals in the globals table; both
 * are reached only through load/store instructions. Every instruction carries the source
 * location of the construct it implements, for run-time error messages.
 *
 * Initial state: a frame's parameter slots hold the arguments (undefined when missing), every
 * other slot holds undefined; globals start as `IrGlobal.initial` says.
 */

import type { ErrorName, HostFunctionName } from '../frontend/builtins.js';
import type { BindingKind } from '../frontend/scope.js';

/** A virtual register number, 0-based, per function. */
export type VReg = number & { readonly __brand: 'VReg' };

/** A block number, 0-based, per function; equal to the block's index in `IrFunction.blocks`. */
export type BlockId = number & { readonly __brand: 'BlockId' };

/** A source position: line and column both 1-based (column in UTF-16 code units). */
export interface Loc {
  readonly line: number;
  readonly column: number;
}

/** A JS constant an instruction can materialize. */
export type ConstValue = number | string | boolean | null | undefined;

/** Binary operators (node's semantics; `&&`, `||`, `??` are control flow, not here). */
export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '**' | '&' | '|' | '^' | '<<' | '>>' | '>>>'
  | '==' | '!=' | '===' | '!==' | '<' | '<=' | '>' | '>=' | 'in' | 'instanceof';

/** Unary operators; `+` is ToNumber (also used for the old value of `x++`). `void` is lowered away. */
export type UnaryOp = '-' | '+' | '!' | '~' | 'typeof';

/** Host builtins a `callBuiltin` reaches; `push`/`pop` take the receiver as their first argument. */
export type BuiltinFn = 'console.log' | 'print' | 'Array' | 'push' | 'pop' | `Math.${string}` | 'Object.keys' | 'Object.create' | 'Object.getPrototypeOf'
  /** for-in: the keys to visit (a snapshot), and whether a key is still there when its turn comes. */
  | 'forInKeys' | 'forInHas'
  /** for-of: what to index (the array itself, or a string's code points); the second argument is the text for node's TypeError. */
  | 'iterable'
  /** Whether an object or function has (own or inherited, in the guest heap) the property named by the second argument. */
  | 'guestHas'
  /** `new TypeError(m)` (or a call without `new`), `x instanceof TypeError`: jit/runtime/guest-errors.ts. */
  | `new ${ErrorName}` | `instanceof ${ErrorName}`
  /** `String(x)`, `parseInt(s, r)`, `JSON.stringify(v)`, ...: node's own function (jit/runtime/host-functions.ts). */
  | `host ${HostFunctionName}`;

/** The run-time check a global access needs before it (docs/js-subset.md, Run-time checks). */
export type GlobalCheck = 'tdz' | 'defined';

/** Fields shared by every instruction. */
interface Located {
  /** Where the construct this instruction implements starts. */
  readonly loc: Loc;
}

/** A non-terminating instruction. `dst` is the vreg it writes. */
export type Inst = Located & (
  | { readonly op: 'const'; readonly dst: VReg; readonly value: ConstValue }
  /** The function value of `IrProgram.functions[index]`. */
  | { readonly op: 'func'; readonly dst: VReg; readonly index: number; readonly name: string }
  | { readonly op: 'copy'; readonly dst: VReg; readonly src: VReg }
  | { readonly op: 'loadLocal'; readonly dst: VReg; readonly slot: number }
  | { readonly op: 'storeLocal'; readonly slot: number; readonly src: VReg }
  /** Throws node's ReferenceError unless the global is initialized ('tdz') or exists ('defined'). */
  | { readonly op: 'checkGlobal'; readonly global: number; readonly name: string; readonly check: GlobalCheck }
  | { readonly op: 'loadGlobal'; readonly dst: VReg; readonly global: number; readonly name: string }
  /** Also initializes a let/const global and creates an implicit one. */
  | { readonly op: 'storeGlobal'; readonly global: number; readonly name: string; readonly src: VReg }
  | { readonly op: 'binary'; readonly dst: VReg; readonly operator: BinaryOp; readonly left: VReg; readonly right: VReg }
  | { readonly op: 'unary'; readonly dst: VReg; readonly operator: UnaryOp; readonly src: VReg }
  /**
   * `calleeName`: the name called as node's TypeError names it when it is not a function (null:
   * pkjit does not know V8's text for this callee, and refuses that error at run time rather
   * than give a message a catch could print);
   * `thisArg`: the receiver the callee's `this` is (`o` of `o.m()`; null: undefined).
   */
  | { readonly op: 'call'; readonly dst: VReg; readonly callee: VReg; readonly args: readonly VReg[]; readonly calleeName: string | null; readonly thisArg: VReg | null }
  /**
   * The object `new callee(...)` passes as `this`, its prototype `callee.prototype`; node's
   * TypeError (`calleeName is not a constructor`) for a callee that is not a constructor.
   */
  | { readonly op: 'newObject'; readonly dst: VReg; readonly callee: VReg; readonly calleeName: string | null }
  /** What `new` gives: `result` when the constructor returned an object (or array, function), else `object`. */
  | { readonly op: 'constructResult'; readonly dst: VReg; readonly result: VReg; readonly object: VReg }
  /** The exception being caught (first in a handler block: see Block.handler). */
  | { readonly op: 'catch'; readonly dst: VReg }
  /** Frame slot `slot` = the `this` the caller passed (entry block, first: before any call). */
  | { readonly op: 'saveThis'; readonly slot: number }
  /**
   * `this`: frame slot `slot` (saveThis). Undefined or null would be the global object in
   * sloppy mode (ECMA-262 10.2.1.2 OrdinaryCallBindThis), a primitive its wrapper object
   * (`f.call(5)`): neither is modelled, refused when run.
   */
  | { readonly op: 'this'; readonly dst: VReg; readonly slot: number }
  | { readonly op: 'callBuiltin'; readonly dst: VReg; readonly builtin: BuiltinFn; readonly args: readonly VReg[] }
  /** An array literal; `null` is a hole (`[1, , 3]`). */
  | { readonly op: 'array'; readonly dst: VReg; readonly elements: readonly (VReg | null)[] }
  | { readonly op: 'getIndex'; readonly dst: VReg; readonly object: VReg; readonly index: VReg }
  | { readonly op: 'setIndex'; readonly object: VReg; readonly index: VReg; readonly src: VReg }
  | { readonly op: 'length'; readonly dst: VReg; readonly object: VReg }
  /** An object literal `{ names[i]: values[i], ... }`, properties created in order. */
  | { readonly op: 'object'; readonly dst: VReg; readonly names: readonly string[]; readonly values: readonly VReg[] }
  /** `object.name` (an inline-cache site in the back end). */
  | { readonly op: 'getProp'; readonly dst: VReg; readonly object: VReg; readonly name: string }
  /** `object.name = src` (an inline-cache site in the back end). */
  | { readonly op: 'setProp'; readonly object: VReg; readonly name: string; readonly src: VReg }
  /** `delete object[index]`: the boolean result. */
  | { readonly op: 'delete'; readonly dst: VReg; readonly object: VReg; readonly index: VReg }
  /**
   * A new function object of `IrProgram.functions[index]` closing over the context at frame
   * slot `context` (a raw context address; null: no context), e.g. a function expression.
   */
  | { readonly op: 'closure'; readonly dst: VReg; readonly index: number; readonly name: string; readonly context: number | null }
  /** Whether `src` is an array (a boolean): `x.push(...)` is the builtin for arrays, a property call for the rest. */
  | { readonly op: 'isArray'; readonly dst: VReg; readonly src: VReg }
  /** Whether `src` is a function (a boolean): `f.call(t, ...)` is then a call of `f` with `t` as `this`. */
  | { readonly op: 'isFunction'; readonly dst: VReg; readonly src: VReg }
  /** Whether `src` is an object or a function (a boolean): `x.m(...)` is then a property call, else a builtin method. */
  | { readonly op: 'isObject'; readonly dst: VReg; readonly src: VReg }
  /**
   * Before the arguments of `object.name(...)` on a non-object: node's TypeError for null and
   * undefined (reading 'name'); a refusal for a method the runtime does not run.
   */
  | { readonly op: 'checkMethod'; readonly object: VReg; readonly name: string }
  /** `object.name(...args)`: the builtin method of a string, number, boolean or array (jit/runtime/methods.ts). */
  | { readonly op: 'callMethod'; readonly dst: VReg; readonly object: VReg; readonly name: string; readonly args: readonly VReg[] }
  /** The running function's own object (first in the entry block: the caller passed it). */
  | { readonly op: 'self'; readonly dst: VReg }
  /** Frame slot `slot` = the context the running function closes over (entry block, before any call). */
  | { readonly op: 'saveClosure'; readonly slot: number }
  /**
   * Frame slot `slot` = a new context (one word per captured binding, each undefined, or HOLE
   * where `holes` says: a let/const before its declaration) whose parent is the context at
   * frame slot `parent` (null: none).
   */
  | { readonly op: 'newContext'; readonly slot: number; readonly parent: number | null; readonly holes: readonly boolean[] }
  /**
   * Word `index` of the context `hops` parents up from the one at frame slot `slot`; with
   * `check`, node's ReferenceError for a let/const still in its TDZ (`name` is its name).
   */
  | { readonly op: 'loadContext'; readonly dst: VReg; readonly slot: number; readonly hops: number; readonly index: number; readonly name: string; readonly check: boolean }
  /** Stores to a context word (as loadContext finds it), with the same check. */
  | { readonly op: 'storeContext'; readonly slot: number; readonly hops: number; readonly index: number; readonly name: string; readonly check: boolean; readonly src: VReg }
);

/** The last instruction of every block, and only there. */
export type Terminator = Located & (
  /** To `then` if `cond` is truthy (ToBoolean), else to `else`. */
  | { readonly op: 'br'; readonly cond: VReg; readonly then: BlockId; readonly else: BlockId }
  | { readonly op: 'jump'; readonly target: BlockId }
  | { readonly op: 'return'; readonly value: VReg }
  /**
   * Throws `value`: to the block's handler, else out of the function to its caller's. A
   * `rethrow` (a finally's, after its body ran on the throw path) keeps the location where the
   * exception was first thrown, for the uncaught message.
   */
  | { readonly op: 'throw'; readonly value: VReg; readonly rethrow?: boolean }
);

/** Any instruction, as stored in a block. */
export type AnyInst = Inst | Terminator;

/** The ops that end a block. */
export const TERMINATOR_OPS: ReadonlySet<AnyInst['op']> = new Set(['br', 'jump', 'return', 'throw']);

/** True for a terminator. */
export function isTerminator(i: AnyInst): i is Terminator {
  return TERMINATOR_OPS.has(i.op);
}

/** A basic block: straight-line instructions, the last one a terminator. */
export interface Block {
  readonly id: BlockId;
  /** A readable hint (`while.head`), for listings only. */
  readonly name: string;
  readonly insts: readonly AnyInst[];
  /**
   * Where an exception thrown by an instruction of this block goes (a `catch` or `finally` of
   * the function, whose block starts with a `catch` instruction); absent: out of the function.
   */
  readonly handler?: BlockId;
}

/** One function (or the script's top-level code). */
export interface IrFunction {
  /** The declared name; '<script>' for the top level. */
  readonly name: string;
  /** Number of parameters: they occupy slots 0..params-1. */
  readonly params: number;
  /** Frame size in slots (parameters included). */
  readonly slotCount: number;
  /** Each slot's variable name, for listings (length = slotCount). */
  readonly slotNames: readonly string[];
  /** Number of vregs used: every vreg is below it. */
  readonly vregCount: number;
  readonly blocks: readonly Block[];
  readonly entry: BlockId;
  /** An arrow function (no own `this`, `arguments` or prototype; printed the same). */
  readonly arrow?: boolean;
}

/** The state a global has before the script runs. */
export type GlobalInitial = 'undefined' | 'uninitialized' | 'absent';

/** One entry of the globals table. */
export interface IrGlobal {
  readonly name: string;
  readonly kind: BindingKind;
  /** var and function: undefined (functions are stored at script entry); let/const: in their TDZ; implicit: absent. */
  readonly initial: GlobalInitial;
}

/** A whole program. */
export interface IrProgram {
  readonly file: string;
  readonly script: IrFunction;
  /**
   * Every function but the script (declarations, expressions, arrows) in source order; `func`
   * and `closure` instructions and the function table index this list.
   */
  readonly functions: readonly IrFunction[];
  readonly globals: readonly IrGlobal[];
  /**
   * Each function's source text, as Function.prototype.toString gives it (the declaration from
   * `function` to `}`), by the index into `functions`; absent when the source is not known.
   */
  readonly sources?: readonly string[];
}

/** The vregs `i` reads, in operand order (a vreg read twice is listed twice). */
export function operandsOf(i: AnyInst): readonly VReg[] {
  switch (i.op) {
    case 'const': case 'func': case 'loadLocal': case 'checkGlobal': case 'loadGlobal': case 'jump':
    case 'closure': case 'self': case 'saveClosure': case 'newContext': case 'loadContext':
    case 'saveThis': case 'this': case 'catch':
      return [];
    case 'newObject': return [i.callee];
    case 'constructResult': return [i.result, i.object];
    case 'storeContext': return [i.src];
    case 'copy': case 'storeLocal': case 'storeGlobal': case 'unary':
      return [i.src];
    case 'binary': return [i.left, i.right];
    case 'call': return i.thisArg === null ? [i.callee, ...i.args] : [i.callee, ...i.args, i.thisArg];
    case 'callBuiltin': return i.args;
    case 'array': return i.elements.filter((e): e is VReg => e !== null);
    case 'getIndex': return [i.object, i.index];
    case 'setIndex': return [i.object, i.index, i.src];
    case 'length': case 'getProp': return [i.object];
    case 'isArray': case 'isObject': case 'isFunction': return [i.src];
    case 'checkMethod': return [i.object];
    case 'callMethod': return [i.object, ...i.args];
    case 'setProp': return [i.object, i.src];
    case 'object': return i.values;
    case 'delete': return [i.object, i.index];
    case 'br': return [i.cond];
    case 'return': case 'throw': return [i.value];
  }
}
