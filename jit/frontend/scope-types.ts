/** The results of scope analysis (scope.ts): bindings, references and frame layouts. */
import type { ArrowFunctionExpression, FunctionDeclaration, FunctionExpression, Identifier, Program } from 'acorn';
import type { BuiltinName } from './builtins.js';

/**
 * The declaration that made a binding; 'implicit' is a sloppy-mode global created by `x = ...`;
 * 'self' is a named function expression's own name, visible inside it (ECMA-262 15.2.5).
 */
export type BindingKind = 'var' | 'let' | 'const' | 'function' | 'param' | 'implicit' | 'self';

/** One variable: a global (script-wide table) or a slot in one function's frame. */
export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  /** 'global': slot indexes the globals table; 'local': slot indexes `owner`'s frame. */
  readonly storage: 'global' | 'local';
  /** 0-based index in the globals table or in the owner's frame. */
  readonly slot: number;
  /** The function whose frame holds it; the script for globals and script-level block bindings. */
  readonly owner: FunctionInfo;
  /** The declaring identifier (for an implicit global, its first reference). */
  readonly node: Identifier;
}

/** A function of the program: a declaration, a function expression or an arrow. */
export type FunctionNode = FunctionDeclaration | FunctionExpression | ArrowFunctionExpression;

/** The script or one function, with its frame layout. */
export interface FunctionInfo {
  readonly node: Program | FunctionNode;
  /**
   * The function's name: the declared one, a function expression's own, or the one ECMA-262
   * NamedEvaluation gives an anonymous function (`var f = function () {}` is `f`, `{ k: () => 1 }`
   * is `k`); '' when it has none; '<script>' for the top level.
   */
  readonly name: string;
  /** The function whose code contains this one; undefined for the script. */
  readonly parent: FunctionInfo | undefined;
  readonly params: readonly Binding[];
  /** Every local binding, indexed by slot (parameters first); length = frame size in slots. */
  readonly locals: readonly Binding[];
}

/** What an Identifier resolves to. */
export type Resolution = Binding | { readonly kind: 'builtin'; readonly name: BuiltinName };

/** How a reference uses its variable: `x`, `x = e`, or `x op= e` / `x++`. */
export type Access = 'read' | 'write' | 'read-write';

/**
 * The check the compiled code must make before the access, where node would throw:
 * 'tdz' - a let/const that may be uninitialized (ReferenceError: Cannot access 'x' before
 * initialization); 'defined' - an implicit global that may not exist yet (ReferenceError:
 * x is not defined). Accesses that would surely throw are refused instead (scope-rules.ts).
 */
export type RuntimeCheck = 'none' | 'tdz' | 'defined';

/** One use of a name in an expression. */
export interface Reference {
  readonly node: Identifier;
  readonly resolution: Resolution;
  readonly access: Access;
  readonly check: RuntimeCheck;
  /** The function whose code contains the reference. */
  readonly fn: FunctionInfo;
}

/**
 * Where the captured variables live: a local used by a function other than its owner is kept in
 * the owner's context (one heap record per call, docs/jit-design.md, "Functions and closures")
 * instead of its frame.
 */
export interface Contexts {
  /** The context slot of each captured binding. */
  readonly slot: ReadonlyMap<Binding, number>;
  /** The captured bindings of each function that has any, in slot order. */
  readonly of: ReadonlyMap<FunctionInfo, readonly Binding[]>;
}

/** The result of scope analysis of an accepted program. */
export interface ScopeInfo {
  readonly script: FunctionInfo;
  /** The script first, then every function (declared, expression, arrow) in source order. */
  readonly functions: readonly FunctionInfo[];
  readonly contexts: Contexts;
  readonly globals: readonly Binding[];
  /** Every Identifier used as a value, callee, member object or assignment target. */
  readonly references: ReadonlyMap<Identifier, Reference>;
  /** Every declaring Identifier (var/let/const declarator, parameter, function name). */
  readonly declarations: ReadonlyMap<Identifier, Binding>;
}
