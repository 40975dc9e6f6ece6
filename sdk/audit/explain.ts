/**
 * `pkjit audit explain`: the diagnosis of one fault, one `violation` record, or one record the
 * invariant replay flags: what happened, the thread's PKRU at that moment, the last flip of
 * the key on that thread (its seq, cause, window, reason and site), the region and allocation
 * with their state and lifecycle (alloc-lifecycle.ts), and for faults the pitfall the SDK
 * named in detail.diagnosis.
 *
 * A flip's reason and site: the SDK writes a window's `site` on its window.open record only,
 * not on the `pkru` records of its open and close (sdk/windows.ts, write-window.ts), and a
 * patch's site on its `patch` record only, so a flip without them takes them from there.
 */
import { formatPkru, pkruKeyBits } from '../../mpk-hw/pkru.js';
import { AuditLogError } from '../errors.js';
import { bitsRights, type Rights } from '../policy.js';
import { allocLifecycle, formatLifecycle, type AllocLifecycle } from './alloc-lifecycle.js';
import { checkInvariants, INVARIANTS, type Violation } from './check.js';
import { detailString, isKey, keyRights, parsePkru, parseSpan, Replay } from './replay.js';
import { hexAddr, type AuditRecord } from './schema.js';

/** The last change of a key's rights on a thread. */
export interface KeyFlip {
  readonly seq: number;
  readonly cycle: number;
  readonly kind: string;
  /** detail.cause of a `pkru` record, detail.where of a `pkru.unaudited` one. */
  readonly cause: string | null;
  /** The window it opened or closed (the record's `window`), or null. */
  readonly window: string | null;
  /** Its own reason and site, else its window's window.open's, else (a patch's flip) its patch record's. */
  readonly reason: string | null;
  readonly site: string | null;
  readonly from: Rights;
  readonly to: Rights;
}

/** The diagnosis of one record. */
export interface Explanation {
  readonly record: AuditRecord;
  /** One line: what happened. */
  readonly what: string;
  readonly role: string | null;
  /** The key involved: the record's, else its region's key at that moment. */
  readonly key: number | null;
  /** The thread's PKRU at that moment, as far as the log tells. */
  readonly pkru: number | null;
  readonly lastFlip: KeyFlip | null;
  readonly region: string | null;
  readonly alloc: string | null;
  /** The allocation's lifetime so far, e.g. `sealed ok at seq 12, published at seq 13`. */
  readonly allocState: string | null;
  /** Whether the allocation was published (sealed, published, not retired) at that moment; null without one. */
  readonly published: boolean | null;
  /** Its lifecycle around the record (alloc-lifecycle.ts), or null without an allocation. */
  readonly lifecycle: AllocLifecycle | null;
  /** For faults: detail.diagnosis. */
  readonly pitfall: string | null;
  /** Invariants the record breaks. */
  readonly invariants: readonly Violation[];
}

/**
 * Diagnoses record `seq`; throws AuditLogError AUDIT_SEQ when it is no fault or violation.
 * `partial`: the log is truncated (windows open where it stops are not violations).
 */
export function explain(records: readonly AuditRecord[], seq: number, opts: { readonly partial?: boolean } = {}): Explanation {
  const r = records.find((x) => x.seq === seq);
  if (r === undefined) {
    const last = records.at(-1)?.seq;
    throw new AuditLogError('AUDIT_SEQ', 0, `no record with seq ${seq} (${last === undefined ? 'no record of the log could be read' : `the log has seq 0..${last}`})`);
  }
  const all = checkInvariants(records, opts);
  const invariants = all.filter((v) => v.seq === seq);
  if (r.kind !== 'fault' && r.kind !== 'violation' && invariants.length === 0) {
    throw new AuditLogError('AUDIT_SEQ', 0, `seq ${seq} is a ${r.kind} record, not a fault or violation (${diagnosable(records, all)})`);
  }
  const replay = new Replay();
  for (const x of records) {
    replay.apply(x); // through the record itself: a flagged pkru record's own value is the one that counts
    if (x.seq === seq) break;
  }
  const region = replay.regionOf(r);
  const key = isKey(r.key) ? r.key : region === null ? null : replay.regionKey.get(region) ?? null;
  const thread = typeof r.tid === 'number' ? replay.threads.get(r.tid) : undefined;
  const alloc = typeof r.alloc === 'string' ? r.alloc : allocOfRange(replay, r);
  const life = alloc === null ? undefined : replay.allocs.get(alloc);
  return { record: r, what: whatHappened(r), role: thread?.role ?? null, key, pkru: thread?.pkru ?? null,
    lastFlip: lastFlip(records, r, key), region, alloc, allocState: alloc === null ? null : allocState(replay, alloc),
    published: alloc === null ? null : life !== undefined && life.publishSeq !== null && life.retireSeq === null,
    lifecycle: alloc === null ? null : allocLifecycle(records, records.indexOf(r), alloc),
    pitfall: r.kind === 'fault' ? pitfallOf(r) : null, invariants };
}

/** The seqs that can be explained, for the error message. */
function diagnosable(records: readonly AuditRecord[], violations: readonly Violation[]): string {
  const list = (seqs: number[]): string => (seqs.length === 0 ? 'none' : seqs.length > 8 ? `${seqs.slice(0, 8).join(', ')}, ...` : seqs.join(', '));
  const faults = records.filter((x) => x.kind === 'fault' || x.kind === 'violation').map((x) => x.seq);
  const broken = [...new Set(violations.map((v) => v.seq))];
  return `faults and violation records: ${list(faults)}; invariant violations: ${list(broken)}`;
}

/** The allocation holding the record's range start: the latest reserved there (a reclaimed one's range is reused). */
function allocOfRange(replay: Replay, r: AuditRecord): string | null {
  const span = parseSpan(r.range);
  if (span === null) return null;
  let found: string | null = null;
  for (const [id, [s, e]] of replay.allocSpan) if (span[0] >= s && span[0] < e) found = id;
  return found;
}

function whatHappened(r: AuditRecord): string {
  const who = `thread ${String(r.tid)}`;
  if (r.kind === 'fault') {
    const span = parseSpan(r.range);
    const access = detailString(r, 'access') ?? 'access';
    const at = span === null ? 'an unknown address' : hexAddr(span[0]);
    const key = isKey(r.key) ? ` on key k${r.key}` : '';
    return `${who}: ${access} at ${at}${key} faulted (${detailString(r, 'si_code') ?? 'no si_code'})`;
  }
  if (r.kind === 'violation') {
    return `${who}: the SDK refused ${detailString(r, 'code') ?? 'an action'}: ${r.reason ?? '(no reason given)'}`;
  }
  return `${who}: ${r.kind} record that breaks an invariant`;
}

/** The last `pkru` / `pkru.unaudited` record at or before `r` on its thread that changed `key` (any key when null). */
function lastFlip(records: readonly AuditRecord[], r: AuditRecord, key: number | null): KeyFlip | null {
  for (let i = records.indexOf(r); i >= 0; i--) {
    const x = records[i];
    if (x === undefined || x.tid !== r.tid || (x.kind !== 'pkru' && x.kind !== 'pkru.unaudited')) continue;
    const before = parsePkru(x.pkruBefore);
    const after = parsePkru(x.pkruAfter);
    if (before === null || after === null || before === after) continue;
    const k = key ?? firstChangedKey(before, after);
    if (pkruKeyBits(before, k) === pkruKeyBits(after, k)) continue;
    const cause = detailString(x, x.kind === 'pkru' ? 'cause' : 'where');
    const from = origin(records, i, x, cause);
    return { seq: x.seq, cycle: x.cycle, kind: x.kind, cause, window: typeof x.window === 'string' ? x.window : null,
      reason: str(x.reason) ?? str(from?.reason), site: str(x.site) ?? str(from?.site), from: keyRights(before, k), to: keyRights(after, k) };
  }
  return null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/**
 * The record that says why flip `x` (at index `i`) happened: for a window's flip, its
 * window.open (after an open's flip, before a close's); for a patch's flip, the `patch` record
 * of that thread and allocation that follows it.
 */
function origin(records: readonly AuditRecord[], i: number, x: AuditRecord, cause: string | null): AuditRecord | null {
  const w = x.window;
  if (typeof w === 'string') {
    const opens = (y: AuditRecord): boolean => y.kind === 'window.open' && y.window === w && y.tid === x.tid;
    if (cause !== 'window.open') return findBack(records, i - 1, opens);
    for (let j = i + 1; j < records.length; j++) {
      const y = records[j];
      if (y !== undefined && opens(y)) return y;
      if (y !== undefined && y.kind === 'window.close' && y.window === w) return null;
    }
    return null;
  }
  if (cause !== 'patch' || typeof x.alloc !== 'string') return null;
  for (let j = i + 1; j < records.length; j++) {
    const y = records[j];
    if (y === undefined || y.tid !== x.tid) continue;
    if (y.kind === 'patch') return y.alloc === x.alloc ? y : null;
    if (y.kind === 'pkru' && y.detail?.['cause'] !== 'patch') return null;
  }
  return null;
}

function findBack(records: readonly AuditRecord[], from: number, match: (y: AuditRecord) => boolean): AuditRecord | null {
  for (let j = from; j >= 0; j--) {
    const y = records[j];
    if (y !== undefined && match(y)) return y;
  }
  return null;
}

function firstChangedKey(a: number, b: number): number {
  for (let k = 0; k < 16; k++) if (pkruKeyBits(a, k) !== pkruKeyBits(b, k)) return k;
  return 0;
}

function allocState(replay: Replay, alloc: string): string {
  const life = replay.allocs.get(alloc);
  if (life === undefined || life.sealSeq === null) return 'never sealed';
  const parts = [`sealed ${life.sealOk ? 'ok' : 'NOT ok'} at seq ${life.sealSeq}`];
  parts.push(life.publishSeq === null ? 'not published since' : `published at seq ${life.publishSeq}`);
  if (life.retireSeq !== null) parts.push(`retired at seq ${life.retireSeq}`);
  return parts.join(', ');
}

function pitfallOf(r: AuditRecord): string | null {
  const d = r.detail?.['diagnosis'];
  if (d === undefined || d === null) return null;
  return typeof d === 'string' ? d : JSON.stringify(d);
}

/** The explanation as text lines. */
export function formatExplanation(e: Explanation): string[] {
  const r = e.record;
  const k = e.key === null ? null : `k${e.key}`;
  const lines = [`seq ${r.seq}: ${r.kind} (cycle ${r.cycle}, thread ${String(r.tid)}${e.role === null ? '' : `, ${e.role}`})`, `  what:       ${e.what}`];
  lines.push(`  PKRU then:  ${e.pkru === null ? 'unknown (no PKRU record for this thread)' : formatPkru(e.pkru)}`);
  if (k !== null && e.pkru !== null) lines.push(`  ${k} then:    ${bitsRights(pkruKeyBits(e.pkru, e.key ?? 0))}`);
  const f = e.lastFlip;
  lines.push(f === null ? `  last flip:  none of ${k ?? 'any key'} on this thread before this record`
    : `  last flip:  of ${k ?? 'a key'} at seq ${f.seq} (cycle ${f.cycle}, ${f.kind}): ${f.from}->${f.to}, cause ${f.cause ?? '-'}${
      f.window === null ? '' : `, window ${f.window}`}, reason ${f.reason ?? '-'}, site ${f.site ?? '-'}`);
  lines.push(`  region:     ${e.region ?? 'unknown'}`);
  if (e.alloc !== null) {
    lines.push(`  allocation: ${e.alloc} (${e.allocState ?? '?'})`);
    lines.push(`  published:  ${e.published === true ? 'yes' : 'no'}, when this happened`);
    if (e.lifecycle !== null) lines.push(...formatLifecycle(e.lifecycle));
  }
  if (r.kind === 'fault') lines.push(`  pitfall:    ${e.pitfall ?? 'none named by the SDK'}`);
  for (const v of e.invariants) lines.push(`  invariant ${v.invariant} (${INVARIANTS[v.invariant]}): ${v.message}`);
  return lines;
}
