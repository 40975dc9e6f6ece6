/** Errors of the SDK: one base class with a literal code and structured fields. */

/** Every code an SdkError can carry. */
export const SDK_ERROR_CODES = [
  // Arguments and options refused at the API boundary.
  'BAD_ARGUMENT', 'BAD_OPTION', 'BAD_SIZE', 'UNSUPPORTED',
  // Lifetimes of allocations, regions and the sandbox.
  'ALLOC_STATE', 'REGION_NAME', 'REGION_FULL', 'REGION_MAP', 'SANDBOX_CLOSED', 'NOT_QUIESCED',
  // Threads and roles.
  'ROLE', 'THREAD_KNOWN', 'THREAD_UNKNOWN', 'THREAD_GONE', 'ALTSTACK', 'CLONE_FAILED',
  // Keys and page permissions.
  'KEYS_EXHAUSTED', 'RETAG_FAILED', 'MPROTECT_FAILED', 'NO_GUEST_DATA',
  // Write windows.
  'WINDOW_RANGE', 'WINDOW_BOUNDS', 'WINDOW_BYTES', 'WINDOW_TIME', 'WINDOW_SEAM', 'WINDOW_ORDER',
  'WINDOW_NESTED', 'WINDOW_CLOSED', 'WINDOW_ASYNC',
  // Sealing, publishing, patching, retiring.
  'VERIFY_FAILED', 'SEAL_WINDOW_OPEN', 'RETIRE_WINDOW_OPEN', 'PATCH_BOUNDS', 'INTEGRITY', 'WRITER_GONE',
  // Code handles (sbx.load).
  'LOAD_SIZE', 'HANDLE_DISPOSED',
  // Entering code.
  'ENTER_WRITABLE', 'ENTER_UNPUBLISHED', 'ENTER_RUNNING', 'ENTER_OFFSET', 'START_ARGS', 'BUDGET',
  'PKEY_FAULT',
  // The runtime gate.
  'GATE_NAME', 'GATE_INSTALLED',
  // The audit log.
  'AUDIT_PARSE', 'AUDIT_VERSION', 'AUDIT_SINK', 'AUDIT_SEQ',
  // A broken internal invariant (a bug in pkjit, never a user mistake).
  'INVARIANT',
] as const;

/** A code an SdkError can carry. */
export type SdkErrorCode = (typeof SDK_ERROR_CODES)[number];

/** Base class of every error the SDK throws. */
export class SdkError extends Error {
  /** Stable machine-readable code. */
  readonly code: SdkErrorCode;
  constructor(code: SdkErrorCode, message: string) {
    super(message);
    this.name = 'SdkError';
    this.code = code;
  }
}

/** An audit log that cannot be read or continued (bad JSON, wrong version, broken chain). */
export class AuditLogError extends SdkError {
  /** 1-based line of the log where the problem is, or 0. */
  readonly line: number;
  /** AUDIT_SEQ: `audit explain` was asked about a seq that is missing or not a fault or violation. */
  constructor(code: 'AUDIT_PARSE' | 'AUDIT_VERSION' | 'AUDIT_SINK' | 'AUDIT_SEQ', line: number, message: string) {
    super(code, line > 0 ? `line ${line}: ${message}` : message);
    this.name = 'AuditLogError';
    this.line = line;
  }
}
