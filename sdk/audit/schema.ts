/**
 * The audit-log record, version 2: one JSON object per line (JSON Lines).  Every permission
 * flip, window, seal, patch, key event, protection syscall, fault, refused syscall and
 * unaudited PKRU change is one record.  docs/audit-log.md describes every field; mac.ts how
 * version 2 chains and authenticates them (version 1, hash-chain.ts, is still read).
 */

/** Schema version written in every record's `v`. */
export const AUDIT_SCHEMA_VERSION = 2;
/** The versions a reader accepts. */
export type AuditSchemaVersion = 1 | 2;

/** The kinds of record. */
export const AUDIT_KINDS = [
  'log.open', 'log.close', 'checkpoint',
  'thread.spawn', 'thread.attach', 'thread.exit',
  'region.create', 'region.destroy',
  'key.alloc', 'key.free', 'key.retag', 'key.evict',
  'pkru', 'pkru.unaudited',
  'window.open', 'window.write', 'window.close',
  'alloc.reserve', 'seal', 'publish', 'retire', 'reclaim', 'replace', 'patch', 'enter', 'quiesce',
  'mprotect', 'pkey_mprotect',
  'fault', 'syscall.refused', 'signal.enter', 'signal.return', 'violation',
] as const;

/** One kind of record. */
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** A record without its chain fields, as the SDK emits it. */
export interface AuditEvent {
  readonly kind: AuditKind;
  /** Simulated cycle of the thread (or process) when it happened. */
  readonly cycle: number;
  /** Thread id (tid), or null for process-wide events. */
  readonly tid: number | null;
  /** Hardware protection key involved, if any. */
  readonly key?: number;
  /** Region name. */
  readonly region?: string;
  /** Allocation id inside the region. */
  readonly alloc?: string;
  /** Window id. */
  readonly window?: string;
  /** Address range [start, end) as hex strings. */
  readonly range?: readonly [string, string];
  /** PKRU before and after (hex, 8 digits). */
  readonly pkruBefore?: string;
  readonly pkruAfter?: string;
  /** The rights that changed, e.g. `k3 A-->--`. */
  readonly rights?: string;
  /** Why the SDK did it (caller-supplied for windows and patches). */
  readonly reason?: string;
  /** Caller's site (file:line or a label). */
  readonly site?: string;
  /** Kind-specific details (JSON values only). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** A record as written: the event plus version, sequence number and chain fields. */
export interface AuditRecord extends AuditEvent {
  readonly v: AuditSchemaVersion;
  /** 0-based position in the log. */
  readonly seq: number;
  /** v2: sha256 of the previous record's line (mac.ts); v1: the previous record's `hash`.  64 zeros for the first. */
  readonly prev: string;
  /** v2: HMAC-SHA256 of the line's body under the epoch key, after the previous MAC (mac.ts). */
  readonly mac?: string;
  /** v1 only: sha256 over the canonical JSON of the record without `hash`. */
  readonly hash?: string;
}

/** The `prev` of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** PKRU as the log writes it. */
export function hex32(v: number): string {
  return '0x' + (v >>> 0).toString(16).padStart(8, '0');
}

/** An address as the log writes it. */
export function hexAddr(v: number): string {
  return '0x' + v.toString(16);
}
