/**
 * `pkjit audit verify`: the hash chain (read.ts) and then a replay of the records that checks
 * the five invariants of docs/audit-log.md:
 *
 *   1  every window.open has its window.close
 *   2  every window.write lies inside an open window of the same thread
 *   3  no executor holds write rights (AD = 0 and WD = 0) on a code key, and no other thread
 *      holds them outside its own window (or the SDK's one-store patch flip) on that key; a
 *      thread's PKRU is the value of its records, except a signal frame edited in the handler
 *      (`pkruNeverHeld`), which the thread never ran with
 *   4  no `enter` by a thread holding write rights on its region's key at that moment
 *   5  every `enter` is for an allocation whose latest seal is ok, published since, not retired
 *
 * A tampered log is not replayed (its records cannot be trusted to be the ones written).  A
 * truncated one is replayed as far as it goes, and the report says it is partial; windows
 * still open where it stops are not counted against invariant 1, since their close may be in
 * the part that is missing.
 */
import { readLog, type Authenticity, type ChainFinding, type ChainReport, type ChainProblem, type ChainStatus, type ReadOptions } from './read.js';
import { canWrite, parseSpan, pkruNeverHeld, Replay, type Span } from './replay.js';

export { pkruNeverHeld };
import { hex32, hexAddr, type AuditRecord } from './schema.js';

/** An invariant's number, as in docs/audit-log.md. */
export type InvariantNumber = 1 | 2 | 3 | 4 | 5;

/** The invariants, in the words of docs/audit-log.md. */
export const INVARIANTS: Readonly<Record<InvariantNumber, string>> = {
  1: 'every window that opens closes',
  2: 'no bytes are written outside an open window of the writing thread',
  3: 'no executor ever holds write rights on a code key; no other thread outside its window',
  4: 'no thread enters code in a region on whose key it holds write rights',
  5: 'every entered allocation was sealed with ok: true and published, and not retired',
};

/** One broken invariant. */
export interface Violation {
  /** seq of the record that breaks it (for an unclosed window: its window.open). */
  readonly seq: number;
  readonly invariant: InvariantNumber;
  readonly message: string;
}

/** What `verifyLog` found. */
export interface VerifyReport {
  readonly status: ChainStatus;
  /** What broke in the chain, when something did (read.ts: malformed, replayed, reordered, spliced, rechained, tampered, truncated). */
  readonly finding: ChainFinding | null;
  /** Whether the MACs were checked with the key and verify (schema 2), or why not. */
  readonly authenticity: Authenticity;
  readonly authenticityNote: string;
  /** Signed checkpoints: how many, how many verify. */
  readonly checkpoints: ChainReport['checkpoints'];
  /** Schema version of the log. */
  readonly version: 1 | 2;
  readonly problems: readonly ChainProblem[];
  /** The records that could be read, in order. */
  readonly records: readonly AuditRecord[];
  /** Whether the invariants were checked (intact and truncated logs; never tampered ones). */
  readonly replayed: boolean;
  /** Whether they were checked on part of the log only (truncated). */
  readonly partial: boolean;
  /** Broken invariants, by seq. */
  readonly violations: readonly Violation[];
  /** True only when the log is intact and every invariant holds. */
  readonly ok: boolean;
}

/** Reads a JSON Lines log, checks its chain and, when it can be trusted that far, its invariants. */
export function verifyLog(text: string, opts: ReadOptions = {}): VerifyReport {
  const chain = readLog(text, opts);
  const replayed = chain.status !== 'tampered';
  const partial = chain.status === 'truncated';
  const violations = replayed ? checkInvariants(chain.records, { partial }) : [];
  return { status: chain.status, finding: chain.finding, authenticity: chain.authenticity, authenticityNote: chain.authenticityNote, checkpoints: chain.checkpoints,
    version: chain.version, problems: chain.problems, records: chain.records, replayed, partial, violations,
    ok: chain.status === 'intact' && violations.length === 0 };
}

/** Replays `records` and returns every broken invariant, ordered by seq. */
export function checkInvariants(records: readonly AuditRecord[], opts: { readonly partial?: boolean } = {}): Violation[] {
  const replay = new Replay();
  const out: Violation[] = [];
  records.forEach((r, i) => {
    checkBefore(replay, r, out);
    // Still a pkru.unaudited record (summary and explain count it), but not the thread's PKRU.
    if (pkruNeverHeld(r)) return;
    const newCodeKey = replay.apply(r);
    checkAfter(replay, r, newCodeKey, out, records[i + 1]);
  });
  if (opts.partial !== true) {
    for (const w of replay.windows.values()) {
      out.push({ seq: w.seq, invariant: 1, message: `window ${w.id} of thread ${String(w.tid)} opens and never closes` });
    }
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** Checks that need the state before `r`. */
function checkBefore(replay: Replay, r: AuditRecord, out: Violation[]): void {
  const add = (invariant: InvariantNumber, message: string): void => void out.push({ seq: r.seq, invariant, message });
  switch (r.kind) {
    case 'window.open': {
      const again = typeof r.window === 'string' ? replay.windows.get(r.window) : undefined;
      if (again !== undefined) {
        out.push({ seq: again.seq, invariant: 1, message: `window ${again.id} of thread ${String(again.tid)} never closes: its id opens again at seq ${r.seq}` });
      }
      const m = windowRangeProblem(replay, r);
      if (m !== null) add(2, m);
      return;
    }
    case 'window.close':
      if (typeof r.window !== 'string' || !replay.windows.has(r.window)) add(1, `window.close of window ${String(r.window)}, which is not open`);
      return;
    case 'window.write': {
      const m = writeProblem(replay, r);
      if (m !== null) add(2, m);
      return;
    }
    case 'enter':
      for (const [inv, m] of enterProblems(replay, r)) add(inv, m);
      return;
    default:
      return;
  }
}

/** Checks that need the state after `r`: executors' rights on code keys. */
function checkAfter(replay: Replay, r: AuditRecord, newCodeKey: number | null, out: Violation[], next: AuditRecord | undefined): void {
  if (newCodeKey !== null) {
    for (const t of replay.threads.values()) {
      const m = executorProblem(replay, t.tid, [newCodeKey]);
      if (m !== null) out.push({ seq: r.seq, invariant: 3, message: `${m} when k${newCodeKey} becomes a code key (region ${String(r.region)})` });
    }
    return;
  }
  const changesPkru = r.kind === 'thread.spawn' || r.kind === 'thread.attach' || r.kind === 'pkru' || r.kind === 'pkru.unaudited';
  if (!changesPkru || typeof r.tid !== 'number') return;
  // The SDK's own flips for a window (its window.open record follows) and for a patch's one store are covered.
  const cause = r.detail?.['cause'];
  // A flip for a window is the SDK's only when its window.open is the very next record, of the same thread.
  const opens = next !== undefined && next.kind === 'window.open' && next.tid === r.tid;
  const sdkFlip = r.kind === 'pkru' && ((cause === 'window.open' && opens) || cause === 'patch');
  const m = executorProblem(replay, r.tid, [...replay.codeKeys]) ?? (sdkFlip ? null : windowlessProblem(replay, r.tid));
  if (m !== null) out.push({ seq: r.seq, invariant: 3, message: `${m} after its ${r.kind} record` });
}

/** Why a non-executor thread holds write rights on a code key no window of its own covers, or null. */
function windowlessProblem(replay: Replay, tid: number): string | null {
  const t = replay.threads.get(tid);
  if (t === undefined || t.pkru === null) return null;
  const pkru = t.pkru;
  const covered = new Set<number>();
  for (const w of replay.windows.values()) {
    const k = w.tid === tid && w.region !== null ? replay.regionKey.get(w.region) : undefined;
    if (k !== undefined) covered.add(k);
  }
  const bad = [...replay.codeKeys].filter((k) => canWrite(pkru, k) && !covered.has(k));
  if (bad.length === 0) return null;
  return `thread ${tid} (${t.role ?? 'no role'}) holds write rights on code key${bad.length > 1 ? 's' : ''} ${bad.map((k) => `k${k}`).join(', ')} outside a window (PKRU ${hex32(pkru)})`;
}

/** Why executor `tid` breaks invariant 3 on `keys`, or null. */
function executorProblem(replay: Replay, tid: number, keys: readonly number[]): string | null {
  const t = replay.threads.get(tid);
  if (t === undefined || t.role !== 'executor' || t.pkru === null) return null;
  const pkru = t.pkru;
  const writable = keys.filter((k) => canWrite(pkru, k));
  if (writable.length === 0) return null;
  return `executor thread ${tid} holds write rights on code key${writable.length > 1 ? 's' : ''} ${writable.map((k) => `k${k}`).join(', ')} (PKRU ${hex32(pkru)})`;
}

function spanText(s: Span): string {
  return `[${hexAddr(s[0])}, ${hexAddr(s[1])})`;
}

/** Why a window.open's range is not inside its allocation (invariant 2), or null. */
function windowRangeProblem(replay: Replay, r: AuditRecord): string | null {
  const span = parseSpan(r.range);
  const alloc = typeof r.alloc === 'string' ? replay.allocSpan.get(r.alloc) : undefined;
  if (span === null || alloc === undefined) return null;
  if (span[0] >= alloc[0] && span[1] <= alloc[1]) return null;
  return `window ${String(r.window)} of thread ${String(r.tid)} may write ${spanText(span)}, outside its allocation ${String(r.alloc)} ${spanText(alloc)}`;
}

/** Why a window.write breaks invariant 2, or null. */
function writeProblem(replay: Replay, r: AuditRecord): string | null {
  const span = parseSpan(r.range);
  const what = `thread ${String(r.tid)} writes ${span === null ? '(no valid range)' : spanText(span)}`;
  if (typeof r.window !== 'string') return `${what} without naming a window`;
  const w = replay.windows.get(r.window);
  if (w === undefined) return `${what} through window ${r.window}, which is not open`;
  if (w.tid !== r.tid) return `${what} through window ${w.id} of thread ${String(w.tid)}`;
  if (span === null) return `${what} through window ${w.id}: the write has no valid range`;
  if (w.span === null) return `${what} through window ${w.id}, which was opened without a range`;
  if (span[0] < w.span[0] || span[1] > w.span[1]) return `${what} outside window ${w.id}'s range ${spanText(w.span)}`;
  return null;
}

/** Why an `enter` breaks invariants 4 and 5. */
function enterProblems(replay: Replay, r: AuditRecord): Array<[InvariantNumber, string]> {
  const out: Array<[InvariantNumber, string]> = [];
  const who = `thread ${String(r.tid)} enters ${String(r.alloc)}`;
  const region = replay.regionOf(r);
  const key = region === null ? undefined : replay.regionKey.get(region);
  const pkru = typeof r.tid === 'number' ? replay.threads.get(r.tid)?.pkru ?? null : null;
  if (key !== undefined && pkru !== null && canWrite(pkru, key)) {
    out.push([4, `${who} while it holds write rights on k${key}, the key of region ${String(region)} (PKRU ${hex32(pkru)})`]);
  }
  if (typeof r.alloc !== 'string') return [...out, [5, `thread ${String(r.tid)} enters code without naming an allocation`]];
  const life = replay.allocs.get(r.alloc);
  if (life === undefined || life.sealSeq === null) out.push([5, `${who}, which was never sealed`]);
  else if (!life.sealOk) out.push([5, `${who}, whose latest seal (seq ${life.sealSeq}) is not ok`]);
  else if (life.publishSeq === null) out.push([5, `${who}, which was not published after its latest seal (seq ${life.sealSeq})`]);
  if (life?.retireSeq !== null && life?.retireSeq !== undefined) out.push([5, `${who}, which was retired at seq ${life.retireSeq}`]);
  return out;
}
