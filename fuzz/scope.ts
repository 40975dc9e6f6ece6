/**
 * What a generator may name at one point of a program, so that every program it writes stays
 * inside the subset (docs/js-subset.md) by construction: names are declared before use, consts
 * and loop counters are never assigned (loops stay bounded), implicit globals are never `typeof`
 * operands, and names that must keep one type (arrays, strings) are assigned only that type.
 */

/** A function a generated program may call. */
export interface FunctionSig {
  readonly name: string;
  /** Number of declared parameters. */
  readonly arity: number;
  /** For a function that recurses on its first parameter: the largest first argument to pass. */
  readonly counter?: number;
  /** A parameter the function calls: its position and the functions a caller may pass there. */
  readonly fnParam?: { readonly index: number; readonly choices: readonly string[] };
  /** Rough count of statements one call runs (loop trips times body), to keep programs fast. */
  readonly cost: number;
}

/** The names visible at one point; `child()` for a nested block. */
export class Scope {
  /** Names that may be read (any type). */
  readonly values: string[];
  /** Names that may be assigned any value (not const, not a loop counter, not typed). */
  readonly writable: string[];
  /** Names that always hold an array (assigned only arrays). */
  readonly arrays: string[];
  /** Names that always hold a string (assigned only strings, `+=` only). */
  readonly strings: string[];
  /** Names that always hold a plain object (assigned only objects). */
  readonly objects: string[];
  /** Implicit globals: never a `typeof` operand (the subset refuses that). */
  readonly implicit: string[];
  /** Functions that may be called from here without unbounded recursion. */
  readonly functions: FunctionSig[];
  /** Names holding functions, as values (rare in arithmetic: `"" + f` is refused at run time). */
  readonly functionValues: string[];

  constructor(from?: Scope) {
    this.values = [...(from?.values ?? [])];
    this.writable = [...(from?.writable ?? [])];
    this.arrays = [...(from?.arrays ?? [])];
    this.strings = [...(from?.strings ?? [])];
    this.objects = [...(from?.objects ?? [])];
    this.implicit = [...(from?.implicit ?? [])];
    this.functions = [...(from?.functions ?? [])];
    this.functionValues = [...(from?.functionValues ?? [])];
  }

  /** A copy for a nested block (its declarations do not leak out). */
  child(): Scope {
    return new Scope(this);
  }

  /** Forgets the functions costlier than `maxCost` (inside a loop of many trips). */
  limitCalls(maxCost: number): void {
    const keep = this.functions.filter((f) => f.cost <= maxCost);
    this.functions.splice(0, this.functions.length, ...keep);
  }

  /** Makes `name` invisible in this scope (a loop step that must not feed on itself). */
  hide(name: string): void {
    for (const list of [this.values, this.writable, this.arrays, this.strings, this.objects, this.implicit]) {
      for (let i = list.indexOf(name); i >= 0; i = list.indexOf(name)) list.splice(i, 1);
    }
  }

  /** Declares `name`: 'any' is writable, 'const' and 'counter' read-only, 'array'/'string'/'object' typed. */
  declare(name: string, kind: 'any' | 'const' | 'counter' | 'array' | 'string' | 'object' | 'implicit'): void {
    this.values.push(name);
    if (kind === 'any' || kind === 'implicit') this.writable.push(name);
    if (kind === 'implicit') this.implicit.push(name);
    if (kind === 'array') this.arrays.push(name);
    if (kind === 'string') this.strings.push(name);
    if (kind === 'object') this.objects.push(name);
  }
}
