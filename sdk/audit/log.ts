/**
 * The audit log: events become hash-chained records and go to every sink.  Sinks: memory,
 * an append-only file, a callback.  The log is deterministic: no wall-clock time, only
 * simulated cycles and sequence numbers.
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { AuditLogError } from '../errors.js';
import { HashChain } from './hash-chain.js';
import type { AuditEvent, AuditRecord } from './schema.js';

/** Where records go. */
export interface AuditSink {
  /** Receives each record and its JSON line (without the newline). */
  write(record: AuditRecord, line: string): void;
  /** Called once when the log closes. */
  close?(): void;
}

/** Keeps every record in memory. */
export class MemorySink implements AuditSink {
  readonly records: AuditRecord[] = [];
  readonly lines: string[] = [];
  write(record: AuditRecord, line: string): void {
    this.records.push(record);
    this.lines.push(line);
  }
  /** The log as JSON Lines text. */
  text(): string {
    return this.lines.map((l) => l + '\n').join('');
  }
}

/** Options of a file sink. */
export interface FileSinkOptions {
  /** Append to a file that already holds records (default false: a non-empty file is refused). */
  readonly append?: boolean;
}

/**
 * Appends each record to a file as it is written.  A file that already holds something is
 * refused unless `{ append: true }`: two logs in one file do not chain, so `audit verify`
 * would read the second as tampering.
 */
export class FileSink implements AuditSink {
  private fd: number | null;
  readonly path: string;
  constructor(path: string, opts: FileSinkOptions = {}) {
    if (typeof path !== 'string' || path.length === 0) throw new AuditLogError('AUDIT_SINK', 0, `FileSink needs a file path (got ${typeof path})`);
    if (opts === null || typeof opts !== 'object' || Object.keys(opts).some((k) => k !== 'append')) {
      throw new AuditLogError('AUDIT_SINK', 0, `FileSink options: only { append: boolean } (got ${JSON.stringify(opts)})`);
    }
    this.path = path;
    try {
      this.fd = openSync(path, 'a');
    } catch (e) {
      throw new AuditLogError('AUDIT_SINK', 0, `cannot open audit log ${path}: ${(e as Error).message}`);
    }
    if (opts.append !== true && fstatSync(this.fd).size > 0) {
      closeSync(this.fd);
      this.fd = null;
      throw new AuditLogError('AUDIT_SINK', 0, `audit log ${path} is not empty: a second log appended to it would not chain with the first ` +
        `(audit verify would report it as tampered); use a new file, or pass { append: true } to continue it on purpose`);
    }
  }
  write(_record: AuditRecord, line: string): void {
    if (this.fd === null) throw new AuditLogError('AUDIT_SINK', 0, `audit log ${this.path} is closed`);
    writeSync(this.fd, line + '\n');
  }
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** Calls a function with each record. */
export class CallbackSink implements AuditSink {
  private readonly fn: (r: AuditRecord) => void;
  constructor(fn: (r: AuditRecord) => void) {
    this.fn = fn;
  }
  write(record: AuditRecord): void {
    this.fn(record);
  }
}

/** The log of one sandbox. */
export class AuditLog {
  private readonly chain = new HashChain();
  private readonly sinks: readonly AuditSink[];
  private closed = false;

  constructor(sinks: readonly AuditSink[]) {
    this.sinks = sinks;
  }

  /** Number of records written. */
  get count(): number {
    return this.chain.count;
  }

  /** Records one event; returns the record. */
  emit(e: AuditEvent): AuditRecord {
    if (this.closed) throw new AuditLogError('AUDIT_SINK', 0, `event '${e.kind}' after the audit log was closed`);
    const r = this.chain.link(e);
    const line = JSON.stringify(r);
    for (const s of this.sinks) s.write(r, line);
    return r;
  }

  /** Writes the closing record (its count lets a reader tell a complete log from a truncated one). */
  close(cycle: number): void {
    if (this.closed) return;
    this.emit({ kind: 'log.close', cycle, tid: null, detail: { records: this.chain.count + 1 } });
    this.closed = true;
    for (const s of this.sinks) s.close?.();
  }
}
