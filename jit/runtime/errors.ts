/** Errors of the runtime (jit/runtime): typed JitErrors of the compiler layer (jit/errors.ts). */
import { JitError } from '../errors.js';

/** The structured fields of an OutOfHeapError (addresses and sizes in bytes). */
export interface OutOfHeapFields {
  /** Bytes asked for (before alignment). */
  readonly requested: number;
  /** The next free address when the request came. */
  readonly next: number;
  /** The heap's exclusive end address. */
  readonly end: number;
}

/** The guest heap is full. Message: `out of guest heap: N bytes requested at 0x..., heap ends at 0x...`. */
export class OutOfHeapError extends JitError<'OUT_OF_HEAP', OutOfHeapFields> {
  constructor(requested: number, next: number, end: number) {
    super('OUT_OF_HEAP',
      `out of guest heap: ${requested} bytes requested at 0x${next.toString(16)}, heap ends at 0x${end.toString(16)}`,
      { requested, next, end });
    this.name = 'OutOfHeapError';
  }
}
