/**
 * What every slow path of the runtime works with (the Runtime an executor passes), and the two
 * errors a slow path raises: GuestError, the JavaScript error node would throw at that point,
 * and UnsupportedAtRunTimeError, a case the runtime cannot answer exactly as node would.
 */
import { JitError } from '../errors.js';
import { arrayProperties } from './array-properties.js';
import type { GuestHeap, GuestMemory } from './heap.js';
import { ToHost, type FunctionInfo } from './host-values.js';
import { guestObjects, type GuestObjects } from './objects.js';
import type { ShapeTable } from './shapes.js';
import type { WorkMeter } from './work-meter.js';

/** What the runtime's slow paths need: the guest heap, its memory and the function table. */
export interface Runtime {
  /** The guest heap (strings, arrays and objects are allocated here). */
  readonly heap: GuestHeap;
  /** The program's shapes (one table for every executor: the code's inline caches name them). */
  readonly shapes: ShapeTable;
  /** The guest memory the heap lives in. */
  readonly mem: GuestMemory;
  /** The function table's names (and parameter counts and source texts), by function index. */
  readonly functionNames: readonly FunctionInfo[];
  /** The executor's runtime-call steps (work-meter.ts), when `mem` is metered by it. */
  readonly meter?: WorkMeter;
}

/** A case the runtime cannot answer exactly as node would. Message: `unsupported at run time: <what>`. */
export class UnsupportedAtRunTimeError extends JitError<'UNSUPPORTED_AT_RUN_TIME', { readonly what: string }> {
  constructor(what: string) {
    super('UNSUPPORTED_AT_RUN_TIME', `unsupported at run time: ${what}`, { what });
    this.name = 'UnsupportedAtRunTimeError';
  }
}

/** The fields of a GuestError: the JavaScript error node would throw. */
export interface GuestErrorFields {
  /** The host error class node throws. */
  readonly errorName: 'RangeError' | 'TypeError' | 'SyntaxError';
  /** node's exact message, e.g. `Invalid array length`. */
  readonly message: string;
}

/** An error node would throw at this point; `message` is node's own message text. */
export class GuestError extends JitError<'RANGE_ERROR' | 'TYPE_ERROR' | 'SYNTAX_ERROR', GuestErrorFields> {
  constructor(errorName: 'RangeError' | 'TypeError' | 'SyntaxError', message: string) {
    super(errorName === 'RangeError' ? 'RANGE_ERROR' : errorName === 'TypeError' ? 'TYPE_ERROR' : 'SYNTAX_ERROR', message, { errorName, message });
    this.name = errorName;
  }
}

/**
 * The guest's version of an error a host method threw while computing for the guest (node's
 * own message), or the error itself when it is not one node's programs could catch.
 */
export function hostError(e: unknown): unknown {
  if (e instanceof TypeError) return new GuestError('TypeError', e.message);
  if (e instanceof RangeError) return new GuestError('RangeError', e.message);
  if (e instanceof SyntaxError) return new GuestError('SyntaxError', e.message);
  return e;
}

/** The plain objects of `rt`'s heap. */
export function objectsOf(rt: Runtime): GuestObjects {
  return guestObjects(rt.heap, rt.shapes, rt.meter);
}

/** A conversion to host values that sees the named properties of `rt`'s arrays and its objects. */
export function hostConversion(rt: Runtime): ToHost {
  return new ToHost(rt.mem, rt.functionNames, arrayProperties(rt.heap), rt.meter, objectsOf(rt));
}
