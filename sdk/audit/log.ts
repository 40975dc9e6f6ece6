/**
 * The audit log: events become chained, keyed records (schema 2, mac.ts) and go to every sink.
 * Sinks: memory, an append-only file, a callback.  The records are deterministic (no
 * wall-clock time, only simulated cycles and sequence numbers); their MACs and the log id
 * depend on the key.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, fstatSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { AuditLogError } from '../errors.js';
import { DEFAULT_EPOCH_RECORDS, GENESIS_MAC, KEY_BYTES, lineOf, nextKey, recordMac, sha256Hex, signCheckpoint } from './mac.js';
import { AUDIT_SCHEMA_VERSION, GENESIS_HASH, type AuditEvent, type AuditRecord } from './schema.js';

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

/** How a log is keyed (see mac.ts). */
export interface AuditKeyOptions {
  /** The seed key (32 bytes), kept by the embedder to verify with. */
  readonly key?: Uint8Array;
  /** Where to write a generated seed key (hex, mode 0600) when no `key` is given. */
  readonly keyFile?: string;
  /** Records per key epoch (default 1000). */
  readonly epochRecords?: number;
  /**
   * The log's id (32 hex digits; default random).  Give one, with a key, only for a log that must
   * come out byte for byte the same (tests); two logs must never share a key and an id.
   */
  readonly logId?: string;
  /** Sign a checkpoint with a fresh Ed25519 key at the end of every epoch and at close (its public key in log.open). */
  readonly sign?: boolean;
}

/** What log.open says about the log's keying. */
export interface AuditHeader {
  readonly schema: 2;
  /** Random per log: binds the first MAC to this log (a splice of two logs under one key fails). */
  readonly logId: string;
  readonly epochRecords: number;
  /** Where the seed key is: the embedder's, a key file, or nowhere (MACs cannot be checked). */
  readonly key: 'embedder' | 'file' | 'none';
  /** The checkpoints' Ed25519 public key (SPKI DER, base64), when the log signs them. */
  readonly publicKey?: string;
}

/** The log of one sandbox. */
export class AuditLog {
  private readonly sinks: readonly AuditSink[];
  private closed = false;
  private seq = 0;
  /** The current epoch's key; the earlier ones are overwritten when it steps. */
  private key: Buffer;
  private epoch = 0;
  private readonly epochRecords: number;
  private prevMac = GENESIS_MAC;
  private prevLine = GENESIS_HASH;
  private readonly signer: KeyObject | null = null;
  readonly header: AuditHeader;

  constructor(sinks: readonly AuditSink[], opts: AuditKeyOptions = {}) {
    this.sinks = sinks;
    this.epochRecords = opts.epochRecords ?? DEFAULT_EPOCH_RECORDS;
    let where: AuditHeader['key'] = 'none';
    if (opts.key !== undefined) {
      this.key = Buffer.from(opts.key);
      where = 'embedder';
    } else {
      this.key = randomBytes(KEY_BYTES);
      if (opts.keyFile !== undefined) {
        writeKeyFile(opts.keyFile, this.key);
        where = 'file';
      }
    }
    // The first MAC covers the log id (the "previous MAC" of record 0), so no record of another
    // log verifies in this one's place.
    const logId = opts.logId ?? randomBytes(16).toString('hex');
    this.prevMac = sha256Hex(`pkjit audit log ${logId}`);
    let publicKey: string | undefined;
    if (opts.sign === true) {
      const pair = generateKeyPairSync('ed25519');
      this.signer = pair.privateKey;
      publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    }
    this.header = Object.freeze({ schema: 2, logId, epochRecords: this.epochRecords, key: where, ...(publicKey !== undefined ? { publicKey } : {}) });
  }

  /** Number of records written. */
  get count(): number {
    return this.seq;
  }

  /** Records one event; returns the record. */
  emit(e: AuditEvent): AuditRecord {
    if (this.closed) throw new AuditLogError('AUDIT_SINK', 0, `event '${e.kind}' after the audit log was closed`);
    if (this.seq === 0) {
      // Record 0 is the log.open that carries the keying (a reader needs its logId for the first MAC).
      if (e.kind !== 'log.open') this.emit({ kind: 'log.open', cycle: 0, tid: null });
      else e = { ...e, detail: { ...e.detail, audit: this.header } };
    }
    const seq = this.seq;
    while (Math.floor(seq / this.epochRecords) > this.epoch) {
      // Forward security: the next key, and the old one overwritten.
      const next = nextKey(this.key);
      this.key.fill(0);
      this.key = next;
      this.epoch++;
    }
    const fields = { v: AUDIT_SCHEMA_VERSION as 2, seq, ...e, prev: this.prevLine };
    const body = JSON.stringify(fields);
    const mac = recordMac(this.key, this.prevMac, body);
    const line = lineOf(body, mac);
    this.prevMac = mac;
    this.prevLine = sha256Hex(line);
    this.seq++;
    const r: AuditRecord = { ...fields, mac };
    for (const s of this.sinks) s.write(r, line);
    // The last record of an epoch gets a signed checkpoint (which opens the next epoch).
    if (this.signer !== null && e.kind !== 'checkpoint' && e.kind !== 'log.close' && (seq + 1) % this.epochRecords === 0) this.checkpoint(e.cycle);
    return r;
  }

  /** A signed checkpoint over the line written last (see mac.ts). */
  private checkpoint(cycle: number): void {
    if (this.signer === null) return;
    const upTo = this.seq - 1;
    const sig = signCheckpoint(this.signer, this.header.logId, upTo, this.prevLine);
    this.emit({ kind: 'checkpoint', cycle, tid: null, detail: { upTo, lineHash: this.prevLine, sig } });
  }

  /** Writes the closing record (its count lets a reader tell a complete log from a truncated one). */
  close(cycle: number): void {
    if (this.closed) return;
    this.checkpoint(cycle);
    this.emit({ kind: 'log.close', cycle, tid: null, detail: { records: this.seq + 1 } });
    this.closed = true;
    this.key.fill(0);
    for (const s of this.sinks) s.close?.();
  }
}

/** Writes a seed key as hex to `path`, readable by its owner only (mode 0600). */
function writeKeyFile(path: string, key: Buffer): void {
  try {
    writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600 });
    chmodSync(path, 0o600); // an existing file keeps its mode through writeFileSync
  } catch (e) {
    throw new AuditLogError('AUDIT_SINK', 0, `cannot write the audit key file ${path}: ${(e as Error).message}`);
  }
}
