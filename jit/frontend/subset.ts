/**
 * The gate in front of the compiler: a program runs only if every construct in it is in the
 * documented subset (docs/js-subset.md); anything else is refused before running with
 * `FILE:line:col: unsupported: <what>`. Two levels, each reporting its first refusal in
 * source order:
 *   1. grammar (this file and subset-expr.ts): statement and expression forms, operators,
 *      builtin members, names that may never be declared;
 *   2. scopes (scope.ts), on a program that passed 1: closures over a loop's let/const,
 *      let/const used before their declaration, assignments to const, undeclared names.
 */

import type {
  ArrowFunctionExpression, FunctionDeclaration, FunctionExpression, LabeledStatement, ModuleDeclaration, Program, Statement,
  SwitchStatement, VariableDeclaration,
} from 'acorn';
import { analyzeScopes, type ScopeInfo } from './scope.js';
import { ExpressionChecker } from './subset-expr.js';

/**
 * Throws UnsupportedError for the first construct outside the subset (grammar first, then
 * scope rules); for an accepted program returns its scope analysis.
 */
export function checkSubset(program: Program, file: string): ScopeInfo {
  new StatementChecker(file).program(program);
  return analyzeScopes(program, file);
}

/** Walks statements in source order; expressions go to ExpressionChecker. */
class StatementChecker {
  /** The expression walker, which also owns `fail`. */
  private readonly x: ExpressionChecker;

  constructor(file: string) {
    this.x = new ExpressionChecker(file, (f) => this.functionBody(f));
  }

  program(p: Program): void {
    this.body(p.body);
  }

  /**
   * A script's or a function's statement list: the only place a function declaration may
   * stand (a nested one passes the grammar; scope.ts then refuses it precisely).
   */
  private body(statements: readonly (Statement | ModuleDeclaration)[]): void {
    for (const s of statements) {
      if (s.type === 'FunctionDeclaration') this.functionDeclaration(s);
      else this.statement(s);
    }
  }

  /** Dispatcher: one case per ESTree statement type. */
  private statement(s: Statement | ModuleDeclaration): void {
    const x = this.x;
    switch (s.type) {
      case 'ExpressionStatement':
        if (s.directive === 'use strict') x.fail(s, 'strict mode ("use strict")');
        return x.expression(s.expression);
      case 'VariableDeclaration': return this.declaration(s);
      case 'FunctionDeclaration': return x.fail(s, 'function declarations inside blocks');
      case 'BlockStatement': return s.body.forEach((b) => this.statement(b));
      case 'EmptyStatement': case 'BreakStatement': case 'ContinueStatement': return;
      case 'IfStatement':
        x.expression(s.test);
        this.statement(s.consequent);
        if (s.alternate) this.statement(s.alternate);
        return;
      case 'WhileStatement': x.expression(s.test); return this.statement(s.body);
      case 'DoWhileStatement': this.statement(s.body); return x.expression(s.test);
      case 'ForStatement':
        if (s.init?.type === 'VariableDeclaration') this.declaration(s.init);
        else if (s.init) x.expression(s.init);
        if (s.test) x.expression(s.test);
        if (s.update) x.expression(s.update);
        return this.statement(s.body);
      case 'ForInStatement': case 'ForOfStatement':
        if (s.type === 'ForOfStatement' && s.await) x.fail(s, 'for-await-of loops');
        if (s.left.type === 'VariableDeclaration') {
          const d = s.left.declarations[0];
          if (s.left.kind !== 'var' && s.left.kind !== 'let' && s.left.kind !== 'const') x.fail(s.left, 'using declarations');
          if (d === undefined || d.id.type !== 'Identifier') return x.fail(d?.id ?? s.left, 'destructuring');
          if (d.init) x.fail(d, 'initializers in for-in heads'); // Annex B `for (var k = 1 in o)`
          x.bindingName(d.id);
        } else {
          x.assignTarget(s.left);
        }
        x.expression(s.right);
        return this.statement(s.body);
      case 'LabeledStatement': return this.labeled(s);
      case 'SwitchStatement': return this.switchStatement(s);
      case 'ReturnStatement': if (s.argument) x.expression(s.argument); return;
      case 'ThrowStatement': return x.expression(s.argument);
      case 'TryStatement':
        this.statement(s.block);
        if (s.handler) {
          const p = s.handler.param;
          if (p && p.type !== 'Identifier') x.fail(p, 'destructuring');
          else if (p) x.bindingName(p);
          this.statement(s.handler.body);
        }
        if (s.finalizer) this.statement(s.finalizer);
        return;
      case 'WithStatement': return x.fail(s, 'with');
      case 'DebuggerStatement': return x.fail(s, 'debugger');
      case 'ClassDeclaration': return x.fail(s, 'classes');
      default: return x.fail(s, 'modules');
    }
  }

  /** var/let/const; each declarator names one identifier (no patterns). */
  private declaration(d: VariableDeclaration): void {
    if (d.kind !== 'var' && d.kind !== 'let' && d.kind !== 'const') this.x.fail(d, 'using declarations');
    for (const decl of d.declarations) {
      if (decl.id.type !== 'Identifier') this.x.fail(decl.id, 'destructuring');
      this.x.bindingName(decl.id);
      if (decl.init) this.x.expression(decl.init);
    }
  }

  private functionDeclaration(f: FunctionDeclaration): void {
    this.x.bindingName(f.id);
    this.functionBody(f);
  }

  /** A declared function, a function expression or an arrow: its parameters, then its body. */
  private functionBody(f: FunctionDeclaration | FunctionExpression | ArrowFunctionExpression): void {
    this.x.within(f, () => this.functionParts(f));
  }

  private functionParts(f: FunctionDeclaration | FunctionExpression | ArrowFunctionExpression): void {
    if (f.async) this.x.fail(f, 'async functions');
    if (f.generator) this.x.fail(f, 'generators');
    const seen = new Set<string>();
    for (const p of f.params) {
      if (p.type === 'AssignmentPattern') this.x.fail(p, 'default parameters');
      if (p.type === 'RestElement') this.x.fail(p, 'rest parameters');
      if (p.type !== 'Identifier') this.x.fail(p, 'destructuring');
      this.x.bindingName(p);
      if (seen.has(p.name)) this.x.fail(p, 'duplicate parameter names');
      seen.add(p.name);
    }
    if (f.body.type === 'BlockStatement') this.body(f.body.body);
    else this.x.expression(f.body);
  }

  /** A label (or a chain of labels) must name a loop: labels on blocks, ifs and switches are refused. */
  private labeled(s: LabeledStatement): void {
    let body: Statement = s.body;
    while (body.type === 'LabeledStatement') body = body.body;
    const loops = ['WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement'];
    if (!loops.includes(body.type)) this.x.fail(s, 'labels on non-loop statements');
    this.statement(body);
  }

  /** Case bodies share one scope, so a let/const there could be read in its TDZ from a later case. */
  private switchStatement(s: SwitchStatement): void {
    this.x.expression(s.discriminant);
    for (const c of s.cases) {
      if (c.test) this.x.expression(c.test);
      for (const b of c.consequent) {
        if (b.type === 'VariableDeclaration' && (b.kind === 'let' || b.kind === 'const')) {
          this.x.fail(b, 'let/const directly inside a switch case');
        }
        this.statement(b);
      }
    }
  }
}
