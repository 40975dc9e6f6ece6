/**
 * Name access for IR lowering: what an Identifier means (scope.ts resolved every one) turned
 * into slot or global loads and stores, with the frontend's run-time check emitted as an
 * explicit `checkGlobal` before the access node would throw at.
 */

import type { Expression, Identifier, Node, Super } from 'acorn';
import { assert } from '../errors.js';
import type { BuiltinName } from '../frontend/builtins.js';
import { startOf } from '../frontend/parse.js';
import type { Binding, FunctionInfo, Reference, ScopeInfo } from '../frontend/scope.js';
import type { FunctionBuilder } from './function-builder.js';
import type { VReg } from './ir.js';

/** The hidden frame slots of a function: the context it closes over, and its own context. */
export interface FrameLayout {
  readonly closureSlot: number | null;
  readonly contextSlot: number | null;
  /** The slot saveThis keeps the receiver in (null: the function never reads `this`). */
  readonly thisSlot: number | null;
}

/** Builtins that are plain values. */
const VALUE_BUILTINS: Readonly<Partial<Record<BuiltinName, number | undefined>>> = {
  undefined: undefined, NaN: NaN, Infinity: Infinity,
};

/** Name resolution and access for one function's lowering. */
export class Names {
  constructor(
    /** The function under construction. */
    private readonly b: FunctionBuilder,
    /** The frontend's scope analysis. */
    private readonly scopes: ScopeInfo,
    /** The function being lowered. */
    private readonly fn: FunctionInfo,
    private readonly layout: FrameLayout,
    /** The index in IrProgram.functions of each function's node. */
    private readonly indexOf: ReadonlyMap<Node, number>,
  ) {}

  /** `this` of the function being lowered (the subset refuses it where the function has no own). */
  thisValue(): VReg {
    const slot = this.layout.thisSlot;
    assert(slot !== null, 'this in a function without a this slot');
    return this.b.value((dst) => ({ op: 'this', dst, slot }));
  }

  /** A new function object of the function at `node`, closing over the current context. */
  closure(node: Node, name: string): VReg {
    const index = this.indexOf.get(node);
    assert(index !== undefined, `function at offset ${node.start} has no IR index`);
    const context = this.layout.contextSlot ?? this.layout.closureSlot;
    return this.b.value((dst) => ({ op: 'closure', dst, index, name, context }));
  }

  /** The name the scope analysis gave the function at `node` (NamedEvaluation). */
  functionName(node: Node): string {
    const info = this.scopes.functions.find((f) => f.node === node);
    assert(info !== undefined, `function at offset ${node.start} was not analyzed`);
    return info.name;
  }

  /** The function declarations of the body, each stored in its binding as a closure (hoisting). */
  hoistFunctions(): void {
    const node = this.fn.node;
    if (node.type === 'Program' || node.body.type !== 'BlockStatement') return;
    for (const s of node.body.body) {
      if (s.type !== 'FunctionDeclaration') continue;
      this.b.loc = startOf(s);
      this.initialize(s.id, this.closure(s, s.id.name));
    }
  }

  /** The builtin `e` names (`Math`, `console`, `print`, ...), or undefined. */
  builtinOf(e: Expression | Super): BuiltinName | undefined {
    if (e.type !== 'Identifier') return undefined;
    const r = this.scopes.references.get(e)?.resolution;
    return r?.kind === 'builtin' ? r.name : undefined;
  }

  /** The value of a name used as an expression (with its check). */
  read(id: Identifier): VReg {
    const ref = this.reference(id);
    const r = ref.resolution;
    if (r.kind === 'builtin') {
      assert(r.name in VALUE_BUILTINS, `builtin ${r.name} used as a value passed the subset`);
      const value = VALUE_BUILTINS[r.name];
      return this.b.value((dst) => ({ op: 'const', dst, value }));
    }
    const place = this.contextPlace(r);
    if (place !== undefined) {
      return this.b.value((dst) => ({ op: 'loadContext', dst, ...place, name: r.name, check: ref.check === 'tdz' }));
    }
    this.check(ref, r);
    return this.load(r);
  }

  /** Where a captured binding is: a frame slot holding a context, hops up, word index; undefined for others. */
  private contextPlace(binding: Binding): { slot: number; hops: number; index: number } | undefined {
    const index = this.scopes.contexts.slot.get(binding);
    if (index === undefined) return undefined;
    if (binding.owner === this.fn) {
      assert(this.layout.contextSlot !== null, `${binding.name} is captured but ${this.fn.name} has no context`);
      return { slot: this.layout.contextSlot, hops: 0, index };
    }
    assert(this.layout.closureSlot !== null, `${this.fn.name} uses ${binding.name} of an outer function without its context`);
    let hops = 0;
    for (let a = this.fn.parent; a !== binding.owner; a = a.parent) {
      assert(a !== undefined, `${binding.name}'s owner does not enclose ${this.fn.name}`);
      if (this.scopes.contexts.of.has(a)) hops++;
    }
    return { slot: this.layout.closureSlot, hops, index };
  }

  /** Stores `v` to a name; checks only a plain write (a read-write one was checked at its read). */
  write(id: Identifier, v: VReg): void {
    const ref = this.reference(id);
    const r = ref.resolution;
    assert(r.kind !== 'builtin', `assignment to builtin ${id.name} passed the subset`);
    const place = this.contextPlace(r);
    if (place !== undefined) {
      this.b.emit({ op: 'storeContext', ...place, name: r.name, check: ref.access === 'write' && ref.check === 'tdz', src: v });
      return;
    }
    if (ref.access === 'write') this.check(ref, r);
    this.store(r, v);
  }

  /** Initializes a declared name (a declarator, or a hoisted function): never checked. */
  initialize(id: Identifier, v: VReg): void {
    const binding = this.scopes.declarations.get(id);
    assert(binding !== undefined, `declaration ${id.name} has no binding`);
    this.store(binding, v);
  }

  /** Loads a binding's current value (no check). */
  load(binding: Binding): VReg {
    const place = this.contextPlace(binding);
    if (place !== undefined) return this.b.value((dst) => ({ op: 'loadContext', dst, ...place, name: binding.name, check: false }));
    if (binding.storage === 'local') return this.b.value((dst) => ({ op: 'loadLocal', dst, slot: binding.slot }));
    return this.b.value((dst) => ({ op: 'loadGlobal', dst, global: binding.slot, name: binding.name }));
  }

  private store(binding: Binding, src: VReg): void {
    const place = this.contextPlace(binding);
    if (place !== undefined) {
      this.b.emit({ op: 'storeContext', ...place, name: binding.name, check: false, src });
      return;
    }
    if (binding.storage === 'local') this.b.emit({ op: 'storeLocal', slot: binding.slot, src });
    else this.b.emit({ op: 'storeGlobal', global: binding.slot, name: binding.name, src });
  }

  private check(ref: Reference, binding: Binding): void {
    if (ref.check === 'none') return;
    assert(binding.storage === 'global', `check ${ref.check} on local ${binding.name}`);
    this.b.emit({ op: 'checkGlobal', global: binding.slot, name: binding.name, check: ref.check });
  }

  private reference(id: Identifier): Reference {
    const ref = this.scopes.references.get(id);
    assert(ref !== undefined, `identifier ${id.name} at offset ${id.start} was not resolved`);
    return ref;
  }
}
