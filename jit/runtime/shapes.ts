/**
 * Hidden classes (shapes) of plain objects: an object's shape is the list of its property
 * names in creation order, and the slot each one has. Shapes form a tree of transitions from
 * the empty shape (adding name n to shape S always gives the same shape), so two objects built
 * the same way share a shape, and an inline cache that has seen shape S knows where every
 * property of an S-object is (docs/jit-design.md, "Objects, shapes and inline caches").
 *
 * One table serves every executor of a program: shape ids are what the code's inline caches
 * compare with, and the code is shared. An object with more than MAX_SHAPE_PROPERTIES
 * properties, or one a property was deleted from, leaves the tree for dictionary mode (its own
 * host-side table, objects.ts), whose id no inline cache is ever given.
 */
import { assert } from '../errors.js';

/** Id of the empty shape (what `{}` starts with). */
export const EMPTY_SHAPE = 0;
/** Id every dictionary-mode object carries: never cached by an inline cache. */
export const DICTIONARY_SHAPE = 1;
/** Properties a shape may have; one more moves the object to dictionary mode. */
export const MAX_SHAPE_PROPERTIES = 128;
/** Shapes a program may make; past it, new objects with new layouts go to dictionary mode. */
export const MAX_SHAPES = 1 << 16;

/** One hidden class. */
export class Shape {
  /** Slot of each name, built on first lookup (a chain of up to MAX_SHAPE_PROPERTIES parents). */
  private slots: Map<string, number> | null = null;
  /** The shape adding each name leads to (enumerable). */
  readonly transitions = new Map<string, Shape>();
  /** The shape adding each name as a non-enumerable property leads to. */
  readonly hiddenTransitions = new Map<string, Shape>();

  constructor(
    readonly id: number,
    readonly parent: Shape | null,
    /** The name this shape added to its parent (null for the empty shape). */
    readonly name: string | null,
    /** Number of properties (= the slot of the next one). */
    readonly count: number,
    /** Whether the property this shape added is enumerable (for-in, Object.keys, util.inspect see it). */
    readonly enumerable = true,
  ) {}

  /** Whether own property `name` (which the shape has) is enumerable. */
  isEnumerable(name: string): boolean {
    for (let s: Shape | null = this; s !== null && s.name !== null; s = s.parent) if (s.name === name) return s.enumerable;
    return false;
  }

  /** The slot of `name`, or undefined when the shape has no such property. */
  slot(name: string): number | undefined {
    if (this.slots === null) {
      const m = new Map<string, number>();
      for (let s: Shape | null = this; s !== null && s.name !== null; s = s.parent) m.set(s.name, s.count - 1);
      this.slots = m;
    }
    return this.slots.get(name);
  }

  /** The property names, in creation order (slot order). */
  names(): string[] {
    const out = new Array<string>(this.count);
    for (let s: Shape | null = this; s !== null && s.name !== null; s = s.parent) out[s.count - 1] = s.name;
    return out;
  }
}

/** Every shape of one program. */
export class ShapeTable {
  private readonly byId: Shape[] = [];
  /** Shapes, the empty one included (the dictionary marker is not a shape). */
  get size(): number {
    return this.byId.length - 1;
  }

  constructor() {
    this.byId.push(new Shape(EMPTY_SHAPE, null, null, 0));
    // The dictionary marker: a shape no object's properties are read through.
    this.byId.push(new Shape(DICTIONARY_SHAPE, null, null, 0));
  }

  /** The shape with id `id`. */
  get(id: number): Shape {
    const s = this.byId[id];
    assert(s !== undefined && id !== DICTIONARY_SHAPE, `shape ${id} does not exist`);
    return s;
  }

  /** The empty shape. */
  get empty(): Shape {
    return this.get(EMPTY_SHAPE);
  }

  /**
   * The shape of an S-object after adding `name` (non-enumerable unless `enumerable`), or null
   * when it must go to dictionary mode.
   */
  add(s: Shape, name: string, enumerable = true): Shape | null {
    assert(s.slot(name) === undefined, `shape ${s.id} already has ${name}`);
    const transitions = enumerable ? s.transitions : s.hiddenTransitions;
    const known = transitions.get(name);
    if (known !== undefined) return known;
    if (s.count >= MAX_SHAPE_PROPERTIES || this.byId.length >= MAX_SHAPES) return null;
    const next = new Shape(this.byId.length, s, name, s.count + 1, enumerable);
    this.byId.push(next);
    transitions.set(name, next);
    return next;
  }
}
