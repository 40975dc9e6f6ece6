/**
 * Errors of the compiler layer (jit/frontend now; jit/ir, jit/backend and jit/runtime later).
 * One base class with a literal `code` and structured `fields`, so callers (the CLI, tests)
 * branch on data, never on message text. The x64 assembler keeps its own, separate JitError
 * in jit/x64/errors.ts: its codes are the assembler's, these are the compiler's.
 *
 * Errors a user's program causes (UNSUPPORTED, SYNTAX) carry a source location and a
 * message in the one format every compiler-style tool prints, `FILE:line:col: ...`, so the
 * CLI prints `error.message` and exits 2 without a stack trace.
 */

/** Every code a compiler JitError can carry. */
export type JitErrorCode =
  /** The program is valid JavaScript but uses something outside docs/js-subset.md. */
  | 'UNSUPPORTED'
  /** The program is not valid JavaScript (acorn rejected it). */
  | 'SYNTAX'
  /** The guest heap cannot hold an allocation (jit/runtime/heap.ts). */
  | 'OUT_OF_HEAP'
  /** An executor's runtime calls used up its step budget (jit/runtime/work-meter.ts). */
  | 'STEPS_EXHAUSTED'
  /** An internal invariant failed (a bug in pkjit). */
  | 'INVARIANT'
  /** A run-time case the runtime cannot answer exactly as node would (jit/runtime). */
  | 'UNSUPPORTED_AT_RUN_TIME'
  /** node would throw a RangeError here (fields: node's message). */
  | 'RANGE_ERROR'
  /** node would throw a TypeError here (fields: node's message). */
  | 'TYPE_ERROR'
  /** node would throw a SyntaxError here (JSON.parse; fields: node's message). */
  | 'SYNTAX_ERROR';

/** Base class of every error the compiler layer throws. */
export class JitError<C extends JitErrorCode = JitErrorCode, F extends object = Record<string, unknown>> extends Error {
  /** Stable machine-readable code. */
  readonly code: C;
  /** The values the message names, for programs that inspect the error. */
  readonly fields: Readonly<F>;
  constructor(code: C, message: string, fields: F) {
    super(message);
    this.name = 'JitError';
    this.code = code;
    this.fields = Object.freeze({ ...fields });
  }
}

/** A position in a source file, as users and editors count: both numbers 1-based. */
export interface SourcePosition {
  /** The file name as the user gave it. */
  readonly file: string;
  /** Line number, 1-based. */
  readonly line: number;
  /** Column number, 1-based, counted in UTF-16 code units (as acorn and V8 count). */
  readonly column: number;
}

/** The structured fields of an UnsupportedError. */
export interface UnsupportedFields extends SourcePosition {
  /** The refused construct, as docs/js-subset.md names it ('closures', 'for-in loops', ...). */
  readonly what: string;
}

/** A construct outside the supported subset. Message: `FILE:line:col: unsupported: <what>`. */
export class UnsupportedError extends JitError<'UNSUPPORTED', UnsupportedFields> {
  /** The file name as the user gave it. */
  readonly file: string;
  /** Line of the refused construct's first character, 1-based. */
  readonly line: number;
  /** Column of the refused construct's first character, 1-based. */
  readonly column: number;
  /** The refused construct. */
  readonly what: string;
  constructor(file: string, line: number, column: number, what: string) {
    super('UNSUPPORTED', `${file}:${line}:${column}: unsupported: ${what}`, { file, line, column, what });
    this.name = 'UnsupportedError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.what = what;
  }
}

/** The structured fields of a JsSyntaxError. */
export interface JsSyntaxFields extends SourcePosition {
  /** acorn's message without its trailing `(line:col)`, e.g. `Unexpected token`. */
  readonly reason: string;
}

/** Not JavaScript at all. Message: `FILE:line:col: SyntaxError: <reason>`. */
export class JsSyntaxError extends JitError<'SYNTAX', JsSyntaxFields> {
  /** The file name as the user gave it. */
  readonly file: string;
  /** Line where acorn stopped, 1-based. */
  readonly line: number;
  /** Column where acorn stopped, 1-based. */
  readonly column: number;
  /** acorn's message without its location suffix. */
  readonly reason: string;
  constructor(file: string, line: number, column: number, reason: string) {
    super('SYNTAX', `${file}:${line}:${column}: SyntaxError: ${reason}`, { file, line, column, reason });
    this.name = 'JsSyntaxError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** Throws an INVARIANT JitError unless `cond` holds. Never caught: it marks a pkjit bug. */
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new JitError('INVARIANT', message, {});
}
