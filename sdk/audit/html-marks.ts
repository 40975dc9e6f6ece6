/**
 * The markers of the `pkjit audit html` timeline: which records are drawn as which kind of
 * marker, on which lanes, and the text of their details.  A mark is MARK_FIELDS numbers in the
 * model's flat `marks` array (html-model.ts) and one string in its `texts`.
 */
import { detailString } from './replay.js';
import type { AuditRecord } from './schema.js';

/** Marker kinds, in drawing order (later ones are drawn on top); the page's filter lists them. */
export const MARK_KINDS = ['window', 'reserve', 'write', 'seal', 'publish', 'enter', 'patch', 'replace', 'retire', 'reclaim',
  'exit', 'unaudited', 'refused', 'violation', 'invariant', 'fault'] as const;

/** One marker kind. */
export type MarkKind = (typeof MARK_KINDS)[number];

/** Record kind -> marker kind (window.open is a `window` bar, built apart). */
const KIND_OF: ReadonlyMap<string, MarkKind> = new Map([
  ['alloc.reserve', 'reserve'], ['window.write', 'write'], ['seal', 'seal'], ['publish', 'publish'], ['enter', 'enter'], ['patch', 'patch'],
  ['replace', 'replace'], ['retire', 'retire'], ['reclaim', 'reclaim'], ['thread.exit', 'exit'], ['pkru.unaudited', 'unaudited'],
  ['syscall.refused', 'refused'], ['fault', 'fault'], ['violation', 'violation'],
]);

/** The marker kind of a record kind, or undefined for records drawn as no marker. */
export function markKind(recordKind: string): MarkKind | undefined {
  return KIND_OF.get(recordKind);
}

/** Kinds drawn on the acting thread's lane (the rest only on the allocation's). */
export const THREAD_KINDS: ReadonlySet<MarkKind> = new Set(['window', 'enter', 'patch', 'exit', 'unaudited', 'refused', 'violation', 'invariant', 'fault']);

/** Flag of a mark: something went wrong (a failed seal, a window that never closes, a refused load). */
export const FLAG_BAD = 1;

/** Fields per mark in `TimelineModel.marks`: pos, kind (index in MARK_KINDS), flags, tid (-1: none), region (index in regions, -1: none), seq. */
export const MARK_FIELDS = 6;

/** What a marker's details say: where, the record's reason and site, and its detail fields. */
export function describe(r: AuditRecord, alloc: string | null): string {
  const where = [typeof r.tid === 'number' ? `thread ${r.tid}` : 'process', `cycle ${r.cycle}`, r.key === undefined ? '' : `key k${String(r.key)}`,
    r.region ?? '', alloc ?? '', r.window ?? '', r.range === undefined ? '' : `[${r.range.join(', ')})`];
  const fields = Object.entries(r.detail ?? {}).map(([k, v]) => `${k}: ${brief(v)}`);
  const head = `seq ${r.seq} ${r.kind}${detailString(r, 'si_code') === null ? '' : ` ${detailString(r, 'si_code') ?? ''}`}`;
  return [head, where.filter((s) => s !== '').join(' · '), r.reason === undefined ? '' : `reason: ${r.reason}`,
    r.site === undefined ? '' : `site: ${r.site}`, ...fields].filter((s) => s !== '').join('\n');
}

/** A detail value in at most 160 characters. */
function brief(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  } catch {
    s = '(unprintable)';
  }
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}
