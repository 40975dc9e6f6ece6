/**
 * The scope rules of the subset, applied to the resolver's raw references. The principle is
 * "never a wrong answer": wherever node would throw at run time, the access is either
 * refused now (when it throws whenever it runs) or marked with the check the compiled code
 * must make (when it may or may not throw):
 *   - a local used by an inner function (a closure) lives in its owner's context; one that is
 *     a let/const declared inside a loop is refused (each iteration would need its own
 *     binding, ECMA-262 14.7.4.4, not modelled yet); so is an assignment to a named function
 *     expression's own name (sloppy mode ignores it silently);
 *   - a let/const used in its own function before its declarator ends is refused (it can
 *     only run in the TDZ); used from another function it gets a 'tdz' check, unless it is a
 *     global declared before the first top-level statement that can call a user function;
 *   - an assignment to a const is refused (TypeError whenever it runs);
 *   - a name no scope declares is a builtin (Math, console, print, Array, undefined, NaN,
 *     Infinity), else refused as a host global (parseInt, process, ...), else an implicit
 *     global if some `x = ...` assigns it, else refused as an undeclared variable; reads of
 *     an implicit global get a 'defined' check unless an earlier unconditional `x = ...`
 *     surely created it. `typeof x` of an implicit global that may not exist is refused.
 */

import type { CallExpression, Expression, FunctionDeclaration, Identifier, ModuleDeclaration, Node, Program, Statement } from 'acorn';
import { HOST_GLOBALS, isReservedBuiltin } from './builtins.js';
import { unsupportedAt } from './parse.js';
import type { Access, Binding, Contexts, FunctionInfo, FunctionNode, Reference, RuntimeCheck, ScopeInfo } from './scope-types.js';

/** Where a reference stands, for rules that care (print as a value, typeof of a global). */
export type Role = 'value' | 'callee' | 'member' | 'typeof';

/** A reference before the rules: `binding` undefined when no scope declares the name. */
export interface RawReference {
  readonly node: Identifier;
  readonly access: Access;
  readonly role: Role;
  readonly fn: FunctionInfo;
  readonly binding: Binding | undefined;
}

/** Everything the resolver (scope.ts) learned: the input of the rules. */
export interface Resolved {
  readonly program: Program;
  readonly file: string;
  readonly script: FunctionInfo;
  readonly functions: FunctionInfo[];
  readonly globals: Binding[];
  /** In walk order, which is source order. */
  readonly references: RawReference[];
  readonly declarations: Map<Identifier, Binding>;
  /** let/const: source offset where the declarator ends (where the binding is initialized). */
  readonly initializedAt: Map<Binding, number>;
  /** let/const bindings declared inside a loop of their function. */
  readonly inLoop: Set<Binding>;
  /** Refusals found while resolving (a function name declared twice). */
  readonly violations: { readonly node: Node; readonly what: string }[];
}

/** Applies the rules: throws UnsupportedError at the first violation in source order. */
export function applyScopeRules(r: Resolved): ScopeInfo {
  return new ScopeRules(r).apply();
}

/** An unconditional `x = e` at the top of a function body, which creates an implicit global x. */
interface Creation {
  /** Source offset where the assignment expression ends. */
  readonly end: number;
  /** Index of the body statement holding it. */
  readonly index: number;
}

class ScopeRules {
  /** The resolver's output. */
  private readonly r: Resolved;
  /** Refusals found so far, in any order; the earliest is thrown. */
  private readonly violations: { node: Node; what: string }[];
  /** Raw references by their Identifier. */
  private readonly raw = new Map<Identifier, RawReference>();
  /** Names that are implicit globals (assigned with `=` somewhere, declared nowhere). */
  private readonly implicit: ReadonlySet<string>;
  /** The implicit globals' bindings, created at their first reference. */
  private readonly implicitBindings = new Map<string, Binding>();
  /** Index of the first top-level statement that may call a user function (Infinity if none). */
  private readonly firstCall: number;
  /** Per function: name -> the creations of that implicit global in its body. */
  private readonly creations = new Map<FunctionInfo, Map<string, Creation[]>>();

  constructor(r: Resolved) {
    this.r = r;
    this.violations = [...r.violations];
    for (const ref of r.references) this.raw.set(ref.node, ref);
    this.implicit = new Set(
      r.references.filter((ref) => ref.binding === undefined && ref.access === 'write' && isPlainGlobalName(ref.node.name))
        .map((ref) => ref.node.name),
    );
    this.firstCall = this.firstUserCall();
  }

  apply(): ScopeInfo {
    const contexts = this.contexts();
    const references = new Map<Identifier, Reference>();
    for (const raw of this.r.references) {
      const ref = this.reference(raw);
      if (ref !== undefined) references.set(raw.node, ref);
    }
    const first = [...this.violations].sort((a, b) => a.node.start - b.node.start)[0];
    if (first !== undefined) throw unsupportedAt(this.r.file, first.node, first.what);
    const { script, functions, globals, declarations } = this.r;
    return { script, functions, globals, references, declarations, contexts };
  }

  private refuse(node: Node, what: string): undefined {
    this.violations.push({ node, what });
    return undefined;
  }

  /** The captured locals (used from another function than their owner) and their context slots. */
  private contexts(): Contexts {
    const captured = new Set<Binding>();
    for (const ref of this.r.references) {
      const b = ref.binding;
      if (b === undefined || b.storage !== 'local' || b.owner === ref.fn) continue;
      if (this.r.inLoop.has(b)) {
        this.refuse(ref.node, `closures over a let/const declared in a loop (${b.name}: each iteration has its own binding)`);
      }
      captured.add(b);
    }
    const slot = new Map<Binding, number>();
    const of = new Map<FunctionInfo, Binding[]>();
    for (const b of [...captured].sort((x, y) => x.slot - y.slot)) {
      const list = of.get(b.owner) ?? [];
      slot.set(b, list.length);
      list.push(b);
      of.set(b.owner, list);
    }
    return { slot, of };
  }

  private reference(raw: RawReference): Reference | undefined {
    const { node, access, fn } = raw;
    const name = node.name;
    if (raw.binding !== undefined) return { node, access, fn, resolution: raw.binding, check: this.declaredCheck(raw, raw.binding) };
    if (isReservedBuiltin(name) || name === 'print') {
      if (access !== 'read') return this.refuse(node, `assignment to builtin ${name}`);
      if (name === 'print' && raw.role !== 'callee') return this.refuse(node, 'print used as a value');
      return { node, access, fn, resolution: { kind: 'builtin', name }, check: 'none' };
    }
    if (HOST_GLOBALS.has(name)) {
      return this.refuse(node, access === 'read' ? `host global ${name}` : `assignment to host global ${name}`);
    }
    if (!this.implicit.has(name)) return this.refuse(node, `undeclared variable ${name}`);
    const binding = this.implicitBinding(node);
    if (access === 'write' || this.surelyCreated(raw)) return { node, access, fn, resolution: binding, check: 'none' };
    if (raw.role === 'typeof') return this.refuse(node, `typeof ${name} on an implicit global that may not exist yet`);
    return { node, access, fn, resolution: binding, check: 'defined' };
  }

  /** const writes and TDZ reads of declared bindings. */
  private declaredCheck(raw: RawReference, b: Binding): RuntimeCheck {
    const name = b.name;
    if (b.kind === 'const' && raw.access !== 'read') this.refuse(raw.node, `assignment to const ${name}`);
    if (b.kind === 'self' && raw.access !== 'read') this.refuse(raw.node, `assignment to ${name}, the name of its own function expression`);
    if (b.kind !== 'let' && b.kind !== 'const') return 'none';
    if (b.owner === raw.fn) {
      const initialized = this.r.initializedAt.get(b) ?? Infinity;
      if (raw.node.start < initialized) this.refuse(raw.node, `use of let/const binding ${name} before its declaration`);
      return 'none';
    }
    const declaredEarly = b.storage === 'global' && this.topLevelIndex(b.node) < this.firstCall;
    return declaredEarly ? 'none' : 'tdz';
  }

  private implicitBinding(node: Identifier): Binding {
    const existing = this.implicitBindings.get(node.name);
    if (existing !== undefined) return existing;
    const { globals, script } = this.r;
    const binding: Binding = { name: node.name, kind: 'implicit', storage: 'global', slot: globals.length, owner: script, node };
    globals.push(binding);
    this.implicitBindings.set(node.name, binding);
    return binding;
  }

  /**
   * True if an implicit global surely exists when `raw` runs: an earlier creation in the same
   * function body, or (from a function) a top-level creation before the first user call.
   */
  private surelyCreated(raw: RawReference): boolean {
    const name = raw.node.name;
    if (this.creationsIn(raw.fn, name).some((c) => c.end <= raw.node.start)) return true;
    const script = this.r.script;
    return raw.fn !== script && this.creationsIn(script, name).some((c) => c.index < this.firstCall);
  }

  private creationsIn(fn: FunctionInfo, name: string): readonly Creation[] {
    const cached = this.creations.get(fn);
    if (cached !== undefined) return cached.get(name) ?? [];
    const table = new Map<string, Creation[]>();
    bodyOf(fn.node).forEach((s, index) => {
      if (s.type === 'ExpressionStatement') this.collectCreations(s.expression, index, table);
      if (s.type === 'ForStatement' && s.init && s.init.type !== 'VariableDeclaration') this.collectCreations(s.init, index, table);
    });
    this.creations.set(fn, table);
    return table.get(name) ?? [];
  }

  /** `x = e`, chains `x = y = e` and sequences `x = 1, y = 2`, where x is an implicit global. */
  private collectCreations(e: Expression, index: number, into: Map<string, Creation[]>): void {
    if (e.type === 'SequenceExpression') {
      for (const x of e.expressions) this.collectCreations(x, index, into);
    } else if (e.type === 'AssignmentExpression' && e.operator === '=' && e.left.type === 'Identifier') {
      const left = e.left;
      if (this.raw.get(left)?.binding === undefined && this.implicit.has(left.name)) {
        into.set(left.name, [...(into.get(left.name) ?? []), { end: e.end, index }]);
      }
      this.collectCreations(e.right, index, into);
    }
  }

  /** The first top-level statement holding a call whose callee is a user binding (not a builtin). */
  private firstUserCall(): number {
    const body = this.r.program.body;
    for (let i = 0; i < body.length; i++) {
      const s = body[i];
      if (s === undefined || s.type === 'FunctionDeclaration') continue;
      let found = false;
      walkNodes(s, (n) => {
        if (n.type === 'CallExpression' && this.isUserCallee((n as CallExpression).callee)) found = true;
        return !found;
      });
      if (found) return i;
    }
    return Infinity;
  }

  private isUserCallee(callee: Node): boolean {
    if (callee.type !== 'Identifier') return false;
    const ref = this.raw.get(callee as Identifier);
    return ref !== undefined && (ref.binding !== undefined || this.implicit.has(ref.node.name));
  }

  private topLevelIndex(node: Node): number {
    return this.r.program.body.findIndex((s) => s.start <= node.start && node.end <= s.end);
  }
}

/** A name that can become an implicit global (not a builtin, not a host global). */
function isPlainGlobalName(name: string): boolean {
  return !isReservedBuiltin(name) && name !== 'print' && !HOST_GLOBALS.has(name);
}

function within(inner: Node, outer: Node): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

function bodyOf(node: Program | FunctionNode): readonly (Statement | ModuleDeclaration)[] {
  if (node.type === 'Program') return node.body;
  return node.body.type === 'BlockStatement' ? node.body.body : [];
}

/** Pre-order walk over every ESTree node under `root`; `visit` returns false to skip a subtree. */
export function walkNodes(root: Node, visit: (n: Node) => boolean): void {
  if (!visit(root)) return;
  for (const [key, value] of Object.entries(root)) {
    if (key === 'loc') continue;
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) walkNodes(v, visit);
    } else if (isNode(value)) {
      walkNodes(value, visit);
    }
  }
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}
