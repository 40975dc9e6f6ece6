/**
 * Schema 1's hash chain, kept to read (and, in tests, write) version 1 logs: each record's `hash` is sha256 over its canonical JSON (keys sorted, no
 * `hash` field), and each record's `prev` is the previous record's hash, so that changing,
 * removing or reordering any record breaks every later link.
 */
import { createHash } from 'node:crypto';
import { GENESIS_HASH, type AuditEvent, type AuditRecord } from './schema.js';

/**
 * JSON with object keys sorted at every level: the form that is hashed.  Recursive: callers
 * bound the nesting first (read.ts refuses lines nested deeper than MAX_DEPTH).
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The hash a record must carry. */
export function recordHash(r: Omit<AuditRecord, 'hash'> | AuditRecord): string {
  const { hash: _drop, ...rest } = r as AuditRecord;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** Appends events to a version 1 chain (the SDK writes version 2: log.ts). */
export class HashChain {
  /** Hash of the last record. */
  private last = GENESIS_HASH;
  /** Next sequence number. */
  private nextSeq = 0;

  /** Seals an event into the next record. */
  link(e: AuditEvent): AuditRecord {
    const body: Omit<AuditRecord, 'hash'> = { v: 1, seq: this.nextSeq, ...e, prev: this.last };
    const hash = recordHash(body);
    this.last = hash;
    this.nextSeq++;
    return { ...body, hash };
  }

  /** Number of records linked. */
  get count(): number {
    return this.nextSeq;
  }
}
