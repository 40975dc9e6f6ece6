/** Errors of the SDK: one base class with a literal code and structured fields. */

/** Base class of every error the SDK throws. */
export class SdkError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  constructor(code: string, message: string) {
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
