/**
 * Statement lowering: the subset's statements (docs/js-subset.md, Statements) to blocks.
 * Loops and switches push a jump-target record so `break`/`continue` (labelled or not) find
 * their block; `switch` compares with `===` in case order and falls through between bodies.
 */

import type {
  BlockStatement, DoWhileStatement, ForInStatement, ForOfStatement, ForStatement, Identifier, LabeledStatement, ModuleDeclaration, Pattern,
  Statement, SwitchStatement, TryStatement, VariableDeclaration, WhileStatement,
} from 'acorn';
import { assert } from '../errors.js';
import { startOf } from '../frontend/parse.js';
import type { ExpressionLowering } from './build-expr.js';
import { sourceText } from './callee-text.js';
import type { Names } from './build-names.js';
import type { FunctionBuilder } from './function-builder.js';
import type { BlockId, Loc } from './ir.js';

type AnyStatement = Statement | ModuleDeclaration;
type Loop = WhileStatement | DoWhileStatement | ForStatement | ForInStatement | ForOfStatement;

/** Where `break` and `continue` go from inside one loop or switch. */
interface JumpTargets {
  /** The labels naming this statement (loops only). */
  readonly labels: readonly string[];
  readonly breakTo: BlockId;
  /** Undefined for a switch. */
  readonly continueTo: BlockId | undefined;
  /** How many `finally` blocks were open around the statement (a jump out runs the ones above). */
  readonly finallyDepth?: number;
}

/** A `finally` whose try block or catch is being lowered. */
interface OpenFinally {
  readonly body: BlockStatement;
  /** The handler around the try statement: where an exception in the finally body goes. */
  readonly outer: BlockId | undefined;
}

/** Lowers statements into one function's builder. */
export class StatementLowering {
  /** Enclosing loops and switches, innermost last. */
  private readonly targets: JumpTargets[] = [];
  /** Enclosing `finally` blocks of the function, innermost last. */
  private finallies: OpenFinally[] = [];

  constructor(
    private readonly b: FunctionBuilder,
    private readonly x: ExpressionLowering,
    private readonly names: Names,
  ) {}

  /** Dispatcher: one case per statement type of the subset. */
  statement(s: AnyStatement, labels: readonly string[] = []): void {
    this.b.loc = startOf(s);
    switch (s.type) {
      case 'ExpressionStatement': this.x.expression(s.expression); return;
      case 'VariableDeclaration': return this.declaration(s);
      case 'FunctionDeclaration': return; // hoisted: stored at script entry (build.ts)
      case 'BlockStatement': return s.body.forEach((st) => this.statement(st));
      case 'EmptyStatement': return;
      case 'IfStatement': return this.ifStatement(s.test, s.consequent, s.alternate ?? undefined);
      case 'WhileStatement': return this.whileLoop(s, labels);
      case 'DoWhileStatement': return this.doWhileLoop(s, labels);
      case 'ForStatement': return this.forLoop(s, labels);
      case 'ForInStatement': case 'ForOfStatement': return this.forInOf(s, labels);
      case 'LabeledStatement': return this.labeled(s, labels);
      case 'SwitchStatement': return this.switchStatement(s);
      case 'BreakStatement': case 'ContinueStatement': {
        const kind = s.type === 'BreakStatement' ? 'break' : 'continue';
        const { to, finallyDepth } = this.find(s.label, kind);
        this.runFinallies(finallyDepth, startOf(s));
        return this.b.terminate({ op: 'jump', target: to });
      }
      case 'ReturnStatement': {
        const value = s.argument ? this.x.expression(s.argument) : this.x.constant(undefined);
        this.runFinallies(0, startOf(s));
        this.b.loc = startOf(s);
        return this.b.terminate({ op: 'return', value });
      }
      case 'ThrowStatement': {
        const value = this.x.expression(s.argument);
        this.b.loc = startOf(s);
        return this.b.terminate({ op: 'throw', value });
      }
      case 'TryStatement': return this.tryStatement(s);
      default: return assert(false, `IR lowering reached ${s.type}, which the subset refuses`);
    }
  }

  /** var/let/const: a declarator with an initializer stores it; `let x;` stores undefined (each time it runs). */
  private declaration(d: VariableDeclaration): void {
    for (const decl of d.declarations) {
      assert(decl.id.type === 'Identifier', 'destructuring passed the subset');
      const id: Identifier = decl.id;
      if (!decl.init && d.kind === 'var') continue;
      const v = decl.init ? this.x.expression(decl.init) : this.x.constant(undefined);
      this.b.loc = startOf(decl);
      this.names.initialize(id, v);
    }
  }

  private ifStatement(test: Parameters<ExpressionLowering['expression']>[0], yes: Statement, no: Statement | undefined): void {
    const b = this.b;
    const cond = this.x.expression(test);
    const then = b.newBlock('if.then');
    const other = no ? b.newBlock('if.else') : undefined;
    const end = b.newBlock('if.end');
    b.terminate({ op: 'br', cond, then, else: other ?? end });
    b.setBlock(then);
    this.statement(yes);
    b.terminate({ op: 'jump', target: end });
    if (other !== undefined && no) {
      b.setBlock(other);
      this.statement(no);
      b.terminate({ op: 'jump', target: end });
    }
    b.setBlock(end);
  }

  /** Collects a chain of labels `a: b:` and hands them to the loop they name. */
  private labeled(s: LabeledStatement, outer: readonly string[]): void {
    this.statement(s.body, [...outer, s.label.name]);
  }

  private whileLoop(s: WhileStatement, labels: readonly string[]): void {
    const b = this.b;
    const head = b.newBlock('while.head');
    const body = b.newBlock('while.body');
    const exit = b.newBlock('while.exit');
    b.jumpTo(head);
    const cond = this.x.expression(s.test);
    b.terminate({ op: 'br', cond, then: body, else: exit });
    b.setBlock(body);
    this.loopBody(s, { labels, breakTo: exit, continueTo: head });
    b.terminate({ op: 'jump', target: head });
    b.setBlock(exit);
  }

  private doWhileLoop(s: DoWhileStatement, labels: readonly string[]): void {
    const b = this.b;
    const body = b.newBlock('do.body');
    const test = b.newBlock('do.test');
    const exit = b.newBlock('do.exit');
    b.jumpTo(body);
    this.loopBody(s, { labels, breakTo: exit, continueTo: test });
    b.jumpTo(test);
    const cond = this.x.expression(s.test);
    b.terminate({ op: 'br', cond, then: body, else: exit });
    b.setBlock(exit);
  }

  private forLoop(s: ForStatement, labels: readonly string[]): void {
    const b = this.b;
    if (s.init?.type === 'VariableDeclaration') this.declaration(s.init);
    else if (s.init) this.x.expression(s.init);
    const head = b.newBlock('for.head');
    const body = b.newBlock('for.body');
    const update = b.newBlock('for.update');
    const exit = b.newBlock('for.exit');
    b.jumpTo(head);
    if (s.test) b.terminate({ op: 'br', cond: this.x.expression(s.test), then: body, else: exit });
    else b.terminate({ op: 'jump', target: body });
    b.setBlock(body);
    this.loopBody(s, { labels, breakTo: exit, continueTo: update });
    b.jumpTo(update);
    if (s.update) this.x.expression(s.update);
    b.terminate({ op: 'jump', target: head });
    b.setBlock(exit);
  }

  /**
   * `for (k in o)` visits the keys of a snapshot taken at the start (ECMA-262 14.7.5.9, node's
   * order), skipping one deleted before its turn; `for (v of a)` indexes the array itself, its
   * length read before every step (ArrayIterator), or a string's code points.
   */
  private forInOf(s: ForInStatement | ForOfStatement, labels: readonly string[]): void {
    const b = this.b;
    const object = this.x.expression(s.right);
    b.loc = startOf(s);
    const list = s.type === 'ForInStatement'
      ? b.value((dst) => ({ op: 'callBuiltin', dst, builtin: 'forInKeys', args: [object] }))
      : b.value((dst) => ({ op: 'callBuiltin', dst, builtin: 'iterable', args: [object, this.x.constant(sourceText(s.right))] }));
    const i = b.vreg();
    b.emit({ op: 'const', dst: i, value: 0 });
    const one = this.x.constant(1);
    const head = b.newBlock(`${s.type === 'ForInStatement' ? 'forin' : 'forof'}.head`);
    const body = b.newBlock('forin.body');
    const exit = b.newBlock('forin.exit');
    b.jumpTo(head);
    const length = b.value((dst) => ({ op: 'length', dst, object: list }));
    b.terminate({ op: 'br', cond: this.x.binary('<', i, length), then: body, else: exit });
    b.setBlock(body);
    const value = b.value((dst) => ({ op: 'getIndex', dst, object: list, index: i }));
    b.emit({ op: 'binary', dst: i, operator: '+', left: i, right: one });
    if (s.type === 'ForInStatement') {
      const assign = b.newBlock('forin.assign');
      const has = b.value((dst) => ({ op: 'callBuiltin', dst, builtin: 'forInHas', args: [object, value] }));
      b.terminate({ op: 'br', cond: has, then: assign, else: head });
      b.setBlock(assign);
    }
    if (s.left.type === 'VariableDeclaration') {
      const d = s.left.declarations[0];
      assert(d !== undefined && d.id.type === 'Identifier', 'for-in/of head passed the subset');
      this.names.initialize(d.id, value);
    } else {
      this.x.assign(s.left as Pattern, value);
    }
    this.loopBody(s, { labels, breakTo: exit, continueTo: head });
    b.terminate({ op: 'jump', target: head });
    b.setBlock(exit);
  }

  private loopBody(s: Loop, targets: JumpTargets): void {
    this.targets.push({ ...targets, finallyDepth: this.finallies.length });
    this.statement(s.body);
    this.targets.pop();
    this.b.loc = startOf(s); // the back edge and exits belong to the loop, not its last statement
  }

  /**
   * Tests `discriminant === test` case by case in source order (skipping `default`); no
   * match goes to the default body, or out. Bodies follow each other (fall-through).
   */
  private switchStatement(s: SwitchStatement): void {
    const b = this.b;
    const d = this.x.expression(s.discriminant);
    const bodies = s.cases.map((c, i) => b.newBlock(c.test ? `case${i}` : 'default'));
    const exit = b.newBlock('switch.exit');
    s.cases.forEach((c, i) => {
      if (!c.test) return;
      const t = this.x.expression(c.test);
      this.b.loc = startOf(c);
      const next = b.newBlock(`case${i}.next`);
      b.terminate({ op: 'br', cond: this.x.binary('===', d, t), then: at(bodies, i), else: next });
      b.setBlock(next);
    });
    const dflt = s.cases.findIndex((c) => !c.test);
    b.terminate({ op: 'jump', target: dflt < 0 ? exit : at(bodies, dflt) });
    this.targets.push({ labels: [], breakTo: exit, continueTo: undefined, finallyDepth: this.finallies.length });
    s.cases.forEach((c, i) => {
      b.setBlock(at(bodies, i));
      c.consequent.forEach((st) => this.statement(st));
      b.terminate({ op: 'jump', target: i + 1 < bodies.length ? at(bodies, i + 1) : exit });
    });
    this.targets.pop();
    b.setBlock(exit);
  }

  /**
   * try/catch/finally (ECMA-262 14.15.3). The try block's blocks have the catch (else the
   * finally's throw path) as their handler; the catch's have the finally's. The finally body
   * is lowered once per way out: after a normal completion, on the throw path (`catch` the
   * exception, run it, throw it again), and before each `return`, `break` or `continue` that
   * leaves the try (runFinallies). An exception inside a finally body goes to the handler
   * around the whole statement.
   */
  private tryStatement(s: TryStatement): void {
    const b = this.b;
    const outer = b.handler;
    const throwPath = s.finalizer ? b.newBlock('finally.throw') : undefined;
    const catchBlock = s.handler ? b.newBlock('catch') : undefined;
    const normal = b.newBlock('try.done');
    const end = b.newBlock('try.end');
    if (s.finalizer) this.finallies.push({ body: s.finalizer, outer });
    b.handler = catchBlock ?? throwPath;
    b.jumpTo(b.newBlock('try'));
    this.statement(s.block);
    b.terminate({ op: 'jump', target: normal });
    if (s.handler && catchBlock !== undefined) {
      b.handler = throwPath ?? outer;
      b.setBlock(catchBlock);
      b.loc = startOf(s.handler);
      const e = b.value((dst) => ({ op: 'catch', dst }));
      if (s.handler.param) {
        assert(s.handler.param.type === 'Identifier', 'a catch pattern passed the subset');
        this.names.initialize(s.handler.param, e);
      }
      this.statement(s.handler.body);
      b.terminate({ op: 'jump', target: normal });
    }
    if (s.finalizer) this.finallies.pop();
    b.handler = outer;
    b.setBlock(normal);
    if (s.finalizer) this.statement(s.finalizer);
    b.terminate({ op: 'jump', target: end });
    if (s.finalizer && throwPath !== undefined) {
      b.setBlock(throwPath);
      b.loc = startOf(s.finalizer);
      const e = b.value((dst) => ({ op: 'catch', dst }));
      this.statement(s.finalizer);
      b.loc = startOf(s.finalizer);
      b.terminate({ op: 'throw', value: e, rethrow: true });
    }
    b.setBlock(end);
  }

  /**
   * Lowers the open finally bodies above depth `depth`, innermost first, before a jump out of
   * them (`return`: depth 0). Each runs with the handler around its own try statement, and with
   * only the finally blocks outside it open (a `return` inside one runs the outer ones only).
   */
  private runFinallies(depth: number, loc: Loc): void {
    if (this.finallies.length <= depth) return;
    const b = this.b;
    const saved = this.finallies;
    const handler = b.handler;
    for (let k = saved.length - 1; k >= depth; k--) {
      const f = saved[k];
      assert(f !== undefined, `no finally at depth ${k}`);
      this.finallies = saved.slice(0, k);
      b.handler = f.outer;
      b.jumpTo(b.newBlock('finally.exit'));
      this.statement(f.body);
    }
    this.finallies = saved;
    b.loc = loc;
    // The jump or return that follows closes the current block; code after it (dead) gets the handler back.
    const restore = b.newBlock('finally.after');
    b.jumpTo(restore);
    b.handler = handler;
    b.loc = loc;
  }

  /** The block a `break`/`continue` (with an optional label) goes to, and the finally depth there. */
  private find(label: Identifier | null | undefined, kind: 'break' | 'continue'): { to: BlockId; finallyDepth: number } {
    for (let i = this.targets.length - 1; i >= 0; i--) {
      const t = this.targets[i];
      if (t === undefined) continue;
      if (label ? !t.labels.includes(label.name) : kind === 'continue' && t.continueTo === undefined) continue;
      const to = kind === 'break' ? t.breakTo : t.continueTo;
      assert(to !== undefined, `continue ${label?.name ?? ''} names a switch`);
      return { to, finallyDepth: t.finallyDepth ?? 0 };
    }
    return assert(false, `${kind} ${label?.name ?? ''} outside any loop`) as never;
  }
}

function at(blocks: readonly BlockId[], i: number): BlockId {
  const id = blocks[i];
  assert(id !== undefined, `no block ${i}`);
  return id;
}
