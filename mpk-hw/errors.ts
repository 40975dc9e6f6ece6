/**
 * Errors of the simulated machine. One base class with a literal `code`; architectural
 * events (page faults, #GP, #UD) are data, never host exceptions escaping to users.
 */

/** Base class of every error the machine layer throws. */
export class MpkHwError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'MpkHwError';
    this.code = code;
  }
}

/** A check the simulator relies on failed: a bug in pkjit, never a user mistake. */
export class InvariantError extends MpkHwError {
  constructor(message: string) {
    super('INVARIANT', message);
    this.name = 'InvariantError';
  }
}

/**
 * Throws an InvariantError unless `cond` holds.  On hot paths pass the message as a function:
 * a template literal argument is built on every call, also when the condition holds.
 */
export function assert(cond: unknown, message: string | (() => string)): asserts cond {
  if (!cond) throw new InvariantError(typeof message === 'string' ? message : message());
}

/** Hex formatting used in every message that names an address or register value. */
export function hex(v: number | bigint): string {
  return '0x' + v.toString(16);
}
