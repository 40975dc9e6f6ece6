/**
 * The lifecycle counts of the `pkjit audit html` page, next to the summary tables: per region
 * and per thread, how many allocations were reserved, sealed (and refused), published,
 * entered, patched, replaced, retired and reclaimed, and how many threads exited.
 */
import { Replay } from './replay.js';
import type { AuditRecord } from './schema.js';
import type { Table } from './summary.js';

/** Record kinds counted, with their column names. */
const REGION_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['alloc.reserve', 'reserves'], ['seal', 'seals'], ['seal failed', 'seals refused'], ['publish', 'publishes'], ['enter', 'entries'],
  ['patch', 'patches'], ['replace', 'replaces'], ['retire', 'retires'], ['reclaim', 'reclaims'],
];
const THREAD_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['enter', 'entries'], ['patch', 'patches'], ['thread.exit', 'exits'], ['fault', 'faults'], ['violation', 'violations'],
];

/** The two lifecycle tables (regions, threads); the summary's `events` table has the totals. */
export function lifeTables(records: readonly AuditRecord[]): Table[] {
  const replay = new Replay();
  const byRegion = new Map<string, Map<string, number>>();
  const byThread = new Map<number, Map<string, number>>();
  for (const r of records) {
    const kind = r.kind === 'seal' && r.detail?.['ok'] !== true ? 'seal failed' : r.kind;
    const region = replay.regionOf(r);
    if (region !== null && REGION_COLUMNS.some(([k]) => k === kind || (kind === 'seal failed' && k === 'seal'))) {
      bump(byRegion, region, kind);
      if (kind === 'seal failed') bump(byRegion, region, 'seal');
    }
    if (typeof r.tid === 'number' && THREAD_COLUMNS.some(([k]) => k === kind)) bump(byThread, r.tid, kind);
    replay.apply(r);
  }
  const role = (tid: number): string => replay.threads.get(tid)?.role ?? '?';
  return [
    table('lifecycle by region', ['region'], REGION_COLUMNS, [...byRegion].map(([name, c]) => [[name], c])),
    table('lifecycle by thread', ['tid', 'role'], THREAD_COLUMNS, [...byThread].map(([tid, c]) => [[String(tid), role(tid)], c])),
  ];
}

function bump<K>(m: Map<K, Map<string, number>>, at: K, kind: string): void {
  let c = m.get(at);
  if (c === undefined) m.set(at, (c = new Map()));
  c.set(kind, (c.get(kind) ?? 0) + 1);
}

function table(title: string, head: readonly string[], columns: ReadonlyArray<readonly [string, string]>,
  rows: ReadonlyArray<readonly [readonly string[], ReadonlyMap<string, number>]>): Table {
  const cells = (c: ReadonlyMap<string, number>): string[] => columns.map(([k]) => String(c.get(k) ?? 0));
  return { title, columns: [...head, ...columns.map(([, name]) => name)], rows: rows.map(([h, c]) => [...h, ...cells(c)]) };
}
