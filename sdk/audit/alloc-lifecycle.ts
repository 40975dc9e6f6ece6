/**
 * The lifecycle of one allocation around one record, for `pkjit audit explain`: the records
 * that moved it through its states before that record (reserve, write window, seal, publish,
 * patch, replace, retire, reclaim), how often it was entered, and what happened to it next.
 * The log is untrusted: every field is read through a type check.
 */
import { detailString, parseSpan } from './replay.js';
import { hexAddr, type AuditRecord } from './schema.js';

/** One record of an allocation's lifecycle. */
export interface LifeStep {
  readonly seq: number;
  readonly cycle: number;
  readonly kind: string;
  /** What the record says of it, e.g. `ok` for a seal; '' when nothing. */
  readonly note: string;
}

/** An allocation's lifecycle around one record. */
export interface AllocLifecycle {
  /** Its lifecycle records before the record, in log order. */
  readonly before: readonly LifeStep[];
  /** `enter` records of it before the record. */
  readonly entries: number;
  /** The last of those: its seq and thread. */
  readonly lastEntry: { readonly seq: number; readonly tid: number | null } | null;
  /** Its first lifecycle record after the record, or null. */
  readonly next: LifeStep | null;
}

/** Steps shown in full; a longer life shows its first FIRST_SHOWN and last steps around a count. */
const MAX_SHOWN = 12;
const FIRST_SHOWN = 4;

/** The lifecycle of `alloc` around the record at index `at` of `records`. */
export function allocLifecycle(records: readonly AuditRecord[], at: number, alloc: string): AllocLifecycle {
  const before: LifeStep[] = [];
  let entries = 0;
  let lastEntry: AllocLifecycle['lastEntry'] = null;
  for (let i = 0; i < at; i++) {
    const x = records[i];
    if (x === undefined) continue;
    if (x.kind === 'enter' && x.alloc === alloc) {
      entries++;
      lastEntry = { seq: x.seq, tid: typeof x.tid === 'number' ? x.tid : null };
    }
    const step = lifeStep(x, alloc);
    if (step !== null) before.push(step);
  }
  let next: LifeStep | null = null;
  for (let i = at + 1; i < records.length && next === null; i++) {
    const x = records[i];
    if (x !== undefined) next = lifeStep(x, alloc);
  }
  return { before, entries, lastEntry, next };
}

/** `x` as a step of `alloc`'s life, or null when it is none. */
function lifeStep(x: AuditRecord, alloc: string): LifeStep | null {
  const note = noteOf(x, alloc);
  return note === null ? null : { seq: x.seq, cycle: x.cycle, kind: x.kind, note };
}

/** What `x` says of `alloc`, or null when it is not one of its lifecycle records. */
function noteOf(x: AuditRecord, alloc: string): string | null {
  const d = x.detail;
  if (x.kind === 'replace') {
    if (x.alloc !== alloc && d?.['from'] !== alloc) return null;
    const id = (v: unknown): string => (typeof v === 'string' ? v : '-');
    return join(`${id(d?.['handle'])}: ${id(d?.['from'])} -> ${id(d?.['to'])}`, why(x));
  }
  if (x.alloc !== alloc) return null;
  switch (x.kind) {
    case 'alloc.reserve': return join(detailString(x, 'kind'), range(x));
    case 'window.open': return d?.['commit'] === true ? null : join(str(x.window), thread(x), why(x));
    case 'seal': {
      const findings = Array.isArray(d?.['findings']) ? (d['findings'] as unknown[]).length : 0;
      return d?.['ok'] === true ? 'ok' : `NOT ok (${findings} finding${findings === 1 ? '' : 's'})`;
    }
    case 'publish': return join(detailString(x, 'by') === null ? null : `by ${detailString(x, 'by')}`);
    case 'patch': return join(range(x), thread(x), why(x));
    case 'retire': return join(detailString(x, 'replacedIn') === null ? null : `replaced in ${detailString(x, 'replacedIn')}`);
    case 'reclaim': return '';
    default: return null;
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function join(...parts: ReadonlyArray<string | null>): string {
  return parts.filter((p) => p !== null && p !== '').join(', ');
}

function why(x: AuditRecord): string | null {
  return join(typeof x.reason === 'string' ? `reason ${x.reason}` : null, typeof x.site === 'string' ? `site ${x.site}` : null);
}

function thread(x: AuditRecord): string | null {
  return typeof x.tid === 'number' ? `thread ${x.tid}` : null;
}

function range(x: AuditRecord): string | null {
  const s = parseSpan(x.range);
  return s === null ? null : `[${hexAddr(s[0])}, ${hexAddr(s[1])})`;
}

/** The lifecycle as text lines under `explain`'s allocation line: life, entries, next. */
export function formatLifecycle(l: AllocLifecycle): string[] {
  const shown = l.before.length <= MAX_SHOWN ? l.before
    : [...l.before.slice(0, FIRST_SHOWN), null, ...l.before.slice(l.before.length - (MAX_SHOWN - FIRST_SHOWN - 1))];
  const seqWidth = Math.max(0, ...l.before.map((s) => String(s.seq).length));
  const kindWidth = Math.max(0, ...l.before.map((s) => s.kind.length));
  const step = (s: LifeStep, wide: boolean): string =>
    `seq ${wide ? String(s.seq).padEnd(seqWidth) : s.seq}  ${wide ? s.kind.padEnd(kindWidth) : s.kind}  ${s.note}`.trimEnd();
  const rows = shown.map((s) => (s === null ? `... ${l.before.length - MAX_SHOWN + 1} more ...` : step(s, true)));
  const lines = rows.length === 0 ? ['  life:       no record of it before this one']
    : rows.map((row, i) => `${i === 0 ? '  life:       ' : ' '.repeat(14)}${row}`);
  const e = l.lastEntry;
  lines.push(`  entries:    ${e === null ? 'none before this record'
    : `${l.entries} before this record, the last at seq ${e.seq}${e.tid === null ? '' : ` (thread ${e.tid})`}`}`);
  lines.push(`  next:       ${l.next === null ? 'none' : step(l.next, false)}`);
  return lines;
}
