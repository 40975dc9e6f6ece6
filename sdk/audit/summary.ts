/**
 * `pkjit audit summary`: statistics of a log, per region and per thread, as data and as
 * fixed-width tables.  Every number is counted from the records alone:
 *
 *   windows          window.open records (not a seal's own copy window, detail.commit)
 *   open cycles      window.close detail.cycles (else close cycle - open cycle); p50/p99 are
 *                    nearest-rank percentiles, in simulated cycles of the writing thread
 *   bytes            sum of window.write range lengths
 *   unused           window.close with detail.unused === true
 *   writers          distinct threads with a window.write on the region
 *   key misses       key.retag with reason 'acquire' (the region had to be given a key)
 *   key hits         window.open on a region with no 'acquire' retag since its previous open
 *   evictions        key.evict naming the region
 *   pkru flips       `pkru` records; unaudited: `pkru.unaudited` records
 *
 * and for the whole log, the code's lifetime (`EventCounts`: one count per record kind, and
 * the JIT's events named by their records' reason, JIT_EVENTS) and the windows per caller site
 * (window.open `site`; bytes of their window.write records; `patch` records of that site).
 */
import { detailNumber, Replay } from './replay.js';
import { countEvent, newEventCounts, SiteCounter, spanBytes, type EventCounts, type SiteSummary } from './summary-events.js';
import type { AuditRecord } from './schema.js';

export { JIT_EVENTS, type EventCounts, type SiteSummary } from './summary-events.js';

/** Nearest-rank percentiles of a list of cycle counts. */
export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Statistics of one code region. */
export interface RegionSummary {
  readonly name: string;
  windows: number;
  /** Window open times in simulated cycles, or null when no window closed. */
  openCycles: Percentiles | null;
  /** Bytes written through windows. */
  bytes: number;
  unusedWindows: number;
  /** Distinct threads that wrote. */
  writers: number;
  seals: number;
  faults: number;
  keyHits: number;
  keyMisses: number;
  evictions: number;
}

/** Statistics of one thread. */
export interface ThreadSummary {
  readonly tid: number;
  /** detail.role of its spawn/attach record, or '?' when the log never said. */
  role: string;
  windows: number;
  bytes: number;
  pkruFlips: number;
  unauditedChanges: number;
  faults: number;
  refusedSyscalls: number;
}

/** Statistics of a whole log. */
export interface AuditSummary {
  readonly records: number;
  readonly events: EventCounts;
  readonly regions: readonly RegionSummary[];
  readonly threads: readonly ThreadSummary[];
  /** In order of first appearance. */
  readonly sites: readonly SiteSummary[];
}

/** Nearest-rank percentiles (p in 0..100) of `values`, or null for none. */
export function percentiles(values: readonly number[]): Percentiles | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = (p: number): number => s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
  return { p50: rank(50), p99: rank(99), max: s[s.length - 1] ?? 0 };
}

/** Per-region working state while counting. */
interface RegionAcc {
  readonly s: RegionSummary;
  readonly cycles: number[];
  readonly writers: Set<number>;
  /** An 'acquire' retag happened since the region's last window.open. */
  pendingMiss: boolean;
}

/** Counts the statistics of `records`. */
export function summarize(records: readonly AuditRecord[]): AuditSummary {
  const replay = new Replay();
  const regions = new Map<string, RegionAcc>();
  const threads = new Map<number, ThreadSummary>();
  const region = (name: string | null): RegionAcc | null => {
    if (name === null) return null;
    let a = regions.get(name);
    if (a === undefined) {
      a = { s: { name, windows: 0, openCycles: null, bytes: 0, unusedWindows: 0, writers: 0, seals: 0, faults: 0, keyHits: 0, keyMisses: 0, evictions: 0 },
        cycles: [], writers: new Set(), pendingMiss: false };
      regions.set(name, a);
    }
    return a;
  };
  // A seal's copy into the code pages is a window of its own (detail.commit): part of the
  // seal, not one of the JIT's windows, so its records count only as PKRU flips.
  const commits = new Set<string>();
  const events = newEventCounts();
  const sites = new SiteCounter();
  for (const r of records) {
    const t = typeof r.tid === 'number' ? threadOf(threads, r.tid) : null;
    if (r.kind === 'window.open' && r.detail?.['commit'] === true && typeof r.window === 'string') commits.add(r.window);
    const commit = r.kind.startsWith('window.') && typeof r.window === 'string' && commits.has(r.window);
    if (!commit) countRegion(r, region(replay.regionOf(r) ?? windowRegion(replay, r)), replay);
    if (t !== null && !commit) countThread(r, t);
    if (t !== null && commit && r.kind === 'pkru') countThread(r, t);
    if (!commit) sites.count(r);
    countEvent(r, events);
    replay.apply(r);
  }
  for (const t of threads.values()) t.role = replay.threads.get(t.tid)?.role ?? '?';
  for (const a of regions.values()) {
    a.s.openCycles = percentiles(a.cycles);
    a.s.writers = a.writers.size;
  }
  return { records: records.length, events, regions: [...regions.values()].map((a) => a.s), threads: [...threads.values()], sites: sites.list() };
}

function threadOf(threads: Map<number, ThreadSummary>, tid: number): ThreadSummary {
  let t = threads.get(tid);
  if (t === undefined) {
    t = { tid, role: '?', windows: 0, bytes: 0, pkruFlips: 0, unauditedChanges: 0, faults: 0, refusedSyscalls: 0 };
    threads.set(tid, t);
  }
  return t;
}

/** The region of an open window a record names (window.close may omit `region`). */
function windowRegion(replay: Replay, r: AuditRecord): string | null {
  return typeof r.window === 'string' ? replay.windows.get(r.window)?.region ?? null : null;
}

function countRegion(r: AuditRecord, a: RegionAcc | null, replay: Replay): void {
  if (a === null) return;
  const s = a.s;
  switch (r.kind) {
    case 'window.open':
      s.windows++;
      if (a.pendingMiss) a.pendingMiss = false;
      else s.keyHits++;
      return;
    case 'window.close': {
      const opened = typeof r.window === 'string' ? replay.windows.get(r.window) : undefined;
      const cycles = detailNumber(r, 'cycles') ?? (opened === undefined ? null : r.cycle - opened.cycle);
      if (cycles !== null) a.cycles.push(cycles);
      if (r.detail?.['unused'] === true) s.unusedWindows++;
      return;
    }
    case 'window.write':
      s.bytes += spanBytes(r);
      if (typeof r.tid === 'number') a.writers.add(r.tid);
      return;
    case 'key.retag':
      if (r.reason === 'acquire') {
        s.keyMisses++;
        a.pendingMiss = true;
      }
      return;
    case 'seal': s.seals++; return;
    case 'fault': s.faults++; return;
    case 'key.evict': s.evictions++; return;
    default: return;
  }
}

function countThread(r: AuditRecord, t: ThreadSummary): void {
  switch (r.kind) {
    case 'window.open': t.windows++; return;
    case 'window.write': t.bytes += spanBytes(r); return;
    case 'pkru': t.pkruFlips++; return;
    case 'pkru.unaudited': t.unauditedChanges++; return;
    case 'fault': t.faults++; return;
    case 'syscall.refused': t.refusedSyscalls++; return;
    default: return;
  }
}

/** A table of strings: what the text and HTML reports both draw. */
export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/** The summary as four tables: regions, threads, events (the JIT's rows only when the log has such events), windows per site. */
export function summaryTables(s: AuditSummary): Table[] {
  return [...entityTables(s), eventsTable(s.events),
    { title: 'windows per site', columns: ['site', 'windows', 'bytes', 'patches'],
      rows: s.sites.map((x) => [x.site ?? '(none)', ...[x.windows, x.bytes, x.patches].map(String)]) }];
}

/** One row per count; the JIT's rows only when the log has any of its events. */
function eventsTable(e: EventCounts): Table {
  const rows: Array<[string, number]> = [['patches', e.patches], ['entries', e.entries], ['retires', e.retires],
    ['reclaims', e.reclaims], ['replaces', e.replaces], ['thread exits', e.threadExits]];
  if (e.icPatches + e.tierUps + e.deopts > 0) rows.push(['ic patches', e.icPatches], ['tier-ups', e.tierUps], ['deopts', e.deopts]);
  return { title: 'events', columns: ['event', 'count'], rows: rows.map(([name, n]) => [name, String(n)]) };
}

function entityTables(s: AuditSummary): Table[] {
  const pc = (p: Percentiles | null, f: keyof Percentiles): string => (p === null ? '-' : String(p[f]));
  return [
    { title: 'regions',
      columns: ['region', 'windows', 'open p50', 'open p99', 'open max', 'bytes', 'unused', 'writers', 'seals', 'faults', 'key hits', 'key misses', 'evictions'],
      rows: s.regions.map((r) => [r.name, ...[r.windows].map(String), pc(r.openCycles, 'p50'), pc(r.openCycles, 'p99'), pc(r.openCycles, 'max'),
        ...[r.bytes, r.unusedWindows, r.writers, r.seals, r.faults, r.keyHits, r.keyMisses, r.evictions].map(String)]) },
    { title: 'threads',
      columns: ['tid', 'role', 'windows', 'bytes', 'pkru flips', 'unaudited', 'faults', 'refused syscalls'],
      rows: s.threads.map((t) => [String(t.tid), t.role, ...[t.windows, t.bytes, t.pkruFlips, t.unauditedChanges, t.faults, t.refusedSyscalls].map(String)]) },
  ];
}

/** A table as fixed-width text: numbers right-aligned; the first column and text columns left-aligned. */
export function formatTable(t: Table): string[] {
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const left = t.columns.map((_, i) => i === 0 || t.rows.some((r) => !/^(-?\d+|-)$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (left[i] === true ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  const body = t.rows.length === 0 ? ['(none)'] : t.rows.map(line);
  return [t.title, line(t.columns), ...body];
}

/** The summary as text lines: a header line and the tables, a blank line before each. */
export function formatSummary(s: AuditSummary): string[] {
  const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`;
  return [`${n(s.records, 'record')}, ${n(s.regions.length, 'region')}, ${n(s.threads.length, 'thread')}`,
    ...summaryTables(s).flatMap((t) => ['', ...formatTable(t)])];
}

/**
 * The summary as one JSON value for `audit summary --json`, keys in a fixed order: chain,
 * records, events, regions, threads, sites (each object's keys in the order of its interface
 * above; a site given none is null).
 */
export function summaryJson(s: AuditSummary, chain: string): string {
  return JSON.stringify({ chain, records: s.records, events: s.events, regions: s.regions, threads: s.threads, sites: s.sites }, null, 2);
}
