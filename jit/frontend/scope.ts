/**
 * Scope analysis of a program that passed the subset grammar: every Identifier reference
 * resolved to a global, a local slot of its function, or a builtin, with the run-time check
 * (if any) node would perform on it. Rules that refuse programs (closures, TDZ, const,
 * undeclared names) live in scope-rules.ts; this file builds the scopes and collects raw
 * references. Declaration order and slot numbering:
 *   - globals (the script's top-level var, let, const and function names, then implicit
 *     globals in order of first reference) are numbered in one table;
 *   - a function's frame holds its parameters (slots 0..n-1), then, in source order, every
 *     var (anywhere in the body), body-level let/const and function name, then each block's
 *     let/const, numbered when the walk enters the block: every let/const binding gets its
 *     own slot, shadowed or not. The script has a frame too, for its block-level let/const.
 */

import type {
  Expression, FunctionDeclaration, Identifier, ModuleDeclaration, Pattern, Program, Statement,
  Super, TryStatement, VariableDeclaration,
} from 'acorn';
import type { FunctionNode } from './scope-types.js';
import { assert } from '../errors.js';
import { applyScopeRules, walkNodes, type Resolved, type Role } from './scope-rules.js';
import { literalKey } from './subset-expr.js';
import type { Access, Binding, BindingKind, FunctionInfo, ScopeInfo } from './scope-types.js';

export type { Access, Binding, BindingKind, FunctionInfo, Reference, Resolution, RuntimeCheck, ScopeInfo } from './scope-types.js';

/**
 * Resolves every name of `program` (which must have passed the subset grammar) and applies
 * the scope rules: throws UnsupportedError at the first refused use in source order.
 */
export function analyzeScopes(program: Program, file: string): ScopeInfo {
  return applyScopeRules(new Resolver(program, file).resolve());
}

interface MutableFunction extends FunctionInfo {
  readonly params: Binding[];
  readonly locals: Binding[];
}

/** One lexical environment: a function body, a block, a for-loop head. */
class Scope {
  /** Names declared directly in this scope. */
  readonly names = new Map<string, Binding>();
  /** The enclosing scope (across function boundaries); undefined for the script's. */
  readonly parent: Scope | undefined;
  /** The function (or the script) whose code this scope belongs to. */
  readonly fn: MutableFunction;

  constructor(parent: Scope | undefined, fn: MutableFunction) {
    this.parent = parent;
    this.fn = fn;
  }

  lookup(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
}

type AnyStatement = Statement | ModuleDeclaration;

class Resolver {
  /** Output under construction. */
  private readonly out: Resolved;
  /** The innermost scope of the walk. */
  private scope: Scope;
  /** Loops around the walk's position in the current function. */
  private loops = 0;

  constructor(program: Program, file: string) {
    const script: MutableFunction = { node: program, name: '<script>', parent: undefined, params: [], locals: [] };
    this.out = {
      program, file, script, functions: [script], globals: [], references: [], declarations: new Map(),
      initializedAt: new Map(), inLoop: new Set(), violations: [],
    };
    this.scope = new Scope(undefined, script);
  }

  resolve(): Resolved {
    this.hoist(this.out.program.body, 'global');
    this.out.program.body.forEach((s) => this.statement(s));
    return this.out;
  }

  /** Declares a function body's var, body-level let/const and function names, in source order. */
  private hoist(body: readonly AnyStatement[], storage: 'global' | 'local'): void {
    for (const s of body) {
      if (s.type === 'FunctionDeclaration') this.declareFunction(s, storage);
      else if (s.type === 'VariableDeclaration' && s.kind !== 'var') this.declareLexical(s, storage);
      else forEachVar(s, (id) => this.declare(id, 'var', storage));
    }
  }

  /** A function name; a var of that name becomes the function's binding (it is initialized at entry). */
  private declareFunction(f: FunctionDeclaration, storage: 'global' | 'local'): void {
    const old = this.scope.names.get(f.id.name);
    if (old === undefined) return void this.declare(f.id, 'function', storage);
    if (old.kind === 'function') this.out.violations.push({ node: f, what: `function ${f.id.name} declared twice` });
    if (old.kind !== 'var') return;
    const binding: Binding = { ...old, kind: 'function', node: f.id };
    (storage === 'global' ? this.out.globals : this.scope.fn.locals)[old.slot] = binding;
    this.scope.names.set(f.id.name, binding);
  }

  private declareLexical(d: VariableDeclaration, storage: 'global' | 'local'): void {
    for (const decl of d.declarations) this.declare(idOf(decl.id), d.kind === 'const' ? 'const' : 'let', storage);
  }

  /** A new binding in the current scope, unless a var or parameter of that name is already there. */
  private declare(id: Identifier, kind: BindingKind, storage: 'global' | 'local'): Binding {
    const old = this.scope.names.get(id.name);
    if (old !== undefined) return old;
    const fn = this.scope.fn;
    const table = storage === 'global' ? this.out.globals : fn.locals;
    const binding: Binding = { name: id.name, kind, storage, slot: table.length, owner: fn, node: id };
    table.push(binding);
    this.scope.names.set(id.name, binding);
    if (this.loops > 0 && (kind === 'let' || kind === 'const')) this.out.inLoop.add(binding);
    return binding;
  }

  /** Runs `body` in a new scope holding `lexical`'s let/const (block-level: always frame slots). */
  private inScope(lexical: readonly AnyStatement[], body: () => void): void {
    const saved = this.scope;
    this.scope = new Scope(saved, saved.fn);
    for (const s of lexical) if (s.type === 'VariableDeclaration' && s.kind !== 'var') this.declareLexical(s, 'local');
    body();
    this.scope = saved;
  }

  private functionDeclaration(f: FunctionDeclaration): void {
    const binding = this.scope.lookup(f.id.name);
    if (binding !== undefined) this.out.declarations.set(f.id, binding);
    this.functionNode(f, f.id.name);
  }

  /** A function's scope: its own name (a named function expression), parameters, body. */
  private functionNode(f: FunctionNode, name: string): void {
    const outer = this.scope;
    const savedLoops = this.loops;
    const fn: MutableFunction = { node: f, name, parent: outer.fn, params: [], locals: [] };
    this.out.functions.push(fn);
    const own = new Scope(outer, fn);
    const self = f.type === 'FunctionExpression' ? f.id : null;
    // A named function expression's own name is visible inside, in a scope around the parameters.
    this.scope = self ? new Scope(own, fn) : own;
    this.loops = 0;
    for (const p of f.params) {
      const param = this.declare(idOf(p), 'param', 'local');
      fn.params.push(param);
      this.out.declarations.set(idOf(p), param);
    }
    if (self) {
      const inner = this.scope;
      this.scope = own; // after the parameters, which keep slots 0..n-1
      this.out.declarations.set(self, this.declare(self, 'self', 'local'));
      this.scope = inner;
    }
    if (f.body.type === 'BlockStatement') {
      this.hoist(f.body.body, 'local');
      f.body.body.forEach((s) => this.statement(s));
    } else {
      this.expression(f.body);
    }
    this.scope = outer;
    this.loops = savedLoops;
  }

  /** Dispatcher: one case per statement type of the subset. */
  private statement(s: AnyStatement): void {
    switch (s.type) {
      case 'ExpressionStatement': return this.expression(s.expression);
      case 'VariableDeclaration': return this.declaration(s);
      case 'FunctionDeclaration': return this.functionDeclaration(s);
      case 'BlockStatement': return this.inScope(s.body, () => s.body.forEach((b) => this.statement(b)));
      case 'IfStatement':
        this.expression(s.test);
        this.statement(s.consequent);
        if (s.alternate) this.statement(s.alternate);
        return;
      case 'WhileStatement': this.expression(s.test); return this.inLoop(() => this.statement(s.body));
      case 'DoWhileStatement': this.inLoop(() => this.statement(s.body)); return this.expression(s.test);
      case 'ForStatement': {
        const init = s.init;
        return this.inLoop(() => this.inScope(init?.type === 'VariableDeclaration' ? [init] : [], () => {
          if (init?.type === 'VariableDeclaration') this.declaration(init);
          else if (init) this.expression(init);
          if (s.test) this.expression(s.test);
          if (s.update) this.expression(s.update);
          this.statement(s.body);
        }));
      }
      case 'ForInStatement': case 'ForOfStatement': {
        const left = s.left;
        return this.inLoop(() => this.inScope(left.type === 'VariableDeclaration' && left.kind !== 'var' ? [left] : [], () => {
          if (left.type === 'VariableDeclaration') {
            const id = idOf((left.declarations[0] as { id: Pattern }).id);
            const binding = this.scope.lookup(id.name);
            if (binding !== undefined) this.out.declarations.set(id, binding);
            // A let/const of the head is in its TDZ while the object expression runs (ECMA-262 14.7.5.6).
            if (binding !== undefined && left.kind !== 'var') this.out.initializedAt.set(binding, s.right.end);
          } else {
            this.target(left as Pattern, 'write');
          }
          this.expression(s.right);
          this.statement(s.body);
        }));
      }
      case 'LabeledStatement': return this.statement(s.body);
      case 'SwitchStatement':
        this.expression(s.discriminant);
        for (const c of s.cases) {
          if (c.test) this.expression(c.test);
          c.consequent.forEach((b) => this.statement(b));
        }
        return;
      case 'ReturnStatement': if (s.argument) this.expression(s.argument); return;
      case 'ThrowStatement': return this.expression(s.argument);
      case 'TryStatement': return this.tryStatement(s);
      case 'EmptyStatement': case 'BreakStatement': case 'ContinueStatement': return;
      default: return assert(false, `scope analysis reached ${s.type}, which the subset grammar refuses`);
    }
  }

  /**
   * try/catch/finally: the catch parameter is a binding of its own scope around the catch block
   * (ECMA-262 14.15.2), initialized when the catch starts: a let as far as closures and loops go.
   */
  private tryStatement(s: TryStatement): void {
    this.statement(s.block);
    const h = s.handler;
    if (h) {
      const saved = this.scope;
      this.scope = new Scope(saved, saved.fn);
      if (h.param) {
        const id = idOf(h.param);
        const binding = this.declare(id, 'let', 'local');
        this.out.declarations.set(id, binding);
        this.out.initializedAt.set(binding, id.end);
      }
      this.statement(h.body);
      this.scope = saved;
    }
    if (s.finalizer) this.statement(s.finalizer);
  }

  private inLoop(body: () => void): void {
    this.loops++;
    body();
    this.loops--;
  }

  private declaration(d: VariableDeclaration): void {
    for (const decl of d.declarations) {
      const id = idOf(decl.id);
      const binding = this.scope.lookup(id.name);
      if (binding !== undefined) this.out.declarations.set(id, binding);
      if (decl.init) this.expression(decl.init, 'value', id.name);
      if (binding !== undefined && d.kind !== 'var') this.out.initializedAt.set(binding, decl.end);
    }
  }

  /**
   * Dispatcher: one case per expression type of the subset. `name` is the name an anonymous
   * function here gets (ECMA-262 NamedEvaluation: a declarator's, an assignment's or a property's).
   */
  private expression(e: Expression | Super, role: Role = 'value', name = ''): void {
    switch (e.type) {
      case 'FunctionExpression': return this.functionNode(e, e.id?.name ?? name);
      case 'ArrowFunctionExpression': return this.functionNode(e, name);
      case 'Identifier': return this.reference(e, 'read', role);
      case 'Literal': case 'ThisExpression': return;
      case 'ArrayExpression': return e.elements.forEach((el) => el?.type !== 'SpreadElement' && el && this.expression(el));
      case 'ObjectExpression':
        return e.properties.forEach((p) => p.type === 'Property' && this.expression(p.value as Expression, 'value', literalKey(p.key)));
      case 'UnaryExpression':
        return this.expression(e.argument, e.operator === 'typeof' ? 'typeof' : 'value');
      case 'UpdateExpression': return this.target(e.argument, 'read-write');
      case 'BinaryExpression':
        if (e.left.type !== 'PrivateIdentifier') this.expression(e.left);
        return this.expression(e.right);
      case 'LogicalExpression': this.expression(e.left); return this.expression(e.right);
      case 'AssignmentExpression':
        this.target(e.left, e.operator === '=' ? 'write' : 'read-write');
        // Only `x = function () {}` (and the logical forms) name the function (ECMA-262 13.15.2).
        return this.expression(e.right, 'value', e.left.type === 'Identifier' && ['=', '&&=', '||=', '??='].includes(e.operator) ? e.left.name : '');
      case 'ConditionalExpression':
        this.expression(e.test);
        this.expression(e.consequent);
        return this.expression(e.alternate);
      case 'SequenceExpression': return e.expressions.forEach((x) => this.expression(x));
      case 'CallExpression': case 'NewExpression':
        this.expression(e.callee, 'callee');
        return e.arguments.forEach((a) => a.type !== 'SpreadElement' && this.expression(a));
      case 'MemberExpression':
        this.expression(e.object, 'member');
        if (e.computed && e.property.type !== 'PrivateIdentifier') this.expression(e.property);
        return;
      default: return assert(false, `scope analysis reached ${e.type}, which the subset grammar refuses`);
    }
  }

  private target(t: Pattern | Expression, access: Access): void {
    if (t.type === 'Identifier') this.reference(t, access, 'value');
    else if (t.type === 'MemberExpression') this.expression(t);
    else assert(false, `scope analysis reached a ${t.type} target, which the subset grammar refuses`);
  }

  private reference(node: Identifier, access: Access, role: Role): void {
    const binding = this.scope.lookup(node.name);
    this.out.references.push({ node, access, role, fn: this.scope.fn, binding });
  }
}

/** The identifier of a declarator or parameter; the grammar admits no patterns. */
function idOf(p: Pattern): Identifier {
  assert(p.type === 'Identifier', `scope analysis reached a ${p.type}, which the subset grammar refuses`);
  return p;
}

/** Calls `f` on every var-declared name in `s`, not looking into function declarations. */
function forEachVar(s: AnyStatement, f: (id: Identifier) => void): void {
  walkNodes(s, (n) => {
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') return false;
    if (n.type === 'VariableDeclaration' && (n as VariableDeclaration).kind === 'var') {
      for (const d of (n as VariableDeclaration).declarations) f(idOf(d.id));
    }
    return true;
  });
}
