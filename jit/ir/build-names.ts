/**
 * Name access for IR lowering: what an Identifier means (scope.ts resolved every one) turned
 * into slot or global loads and stores, with the frontend's run-time check emitted as an
 * explicit `checkGlobal` before the access node would throw at.
 */

import type { Expression, Identifier, Super } from 'acorn';
import { assert } from '../errors.js';
import type { BuiltinName } from '../frontend/builtins.js';
import type { Binding, Reference, ScopeInfo } from '../frontend/scope.js';
import type { FunctionBuilder } from './function-builder.js';
import type { VReg } from './ir.js';

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
  ) {}

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
    this.check(ref, r);
    return this.load(r);
  }

  /** Stores `v` to a name; checks only a plain write (a read-write one was checked at its read). */
  write(id: Identifier, v: VReg): void {
    const ref = this.reference(id);
    const r = ref.resolution;
    assert(r.kind !== 'builtin', `assignment to builtin ${id.name} passed the subset`);
    if (ref.access === 'write') this.check(ref, r);
    this.store(r, v);
  }

  /** Initializes a declared name (a declarator, or a hoisted function): never checked. */
  initialize(id: Identifier, v: VReg): void {
    const binding = this.scopes.declarations.get(id);
    assert(binding !== undefined, `declaration ${id.name} has no binding`);
    this.store(binding, v);
  }

  /** Loads a binding's current value. */
  load(binding: Binding): VReg {
    if (binding.storage === 'local') return this.b.value((dst) => ({ op: 'loadLocal', dst, slot: binding.slot }));
    return this.b.value((dst) => ({ op: 'loadGlobal', dst, global: binding.slot, name: binding.name }));
  }

  private store(binding: Binding, src: VReg): void {
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
