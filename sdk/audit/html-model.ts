/**
 * The data behind the `pkjit audit html` timeline, built from the records in one pass:
 *
 *   axis        the record's position in the log, which is its `seq` in any log read in order;
 *               the one clock all lanes share (a record's `cycle` is its own thread's counter,
 *               not comparable across threads, so it appears in the details only)
 *   marks       one row per drawn record: position, kind, flags, thread, region, seq, and its
 *               text (html-marks.ts: which record is which marker, on which lanes)
 *   lanes       per thread: rights on each code key over time (segments), windows as bars,
 *               and what the thread did (enter, patch, exit, faults ...);
 *               per allocation: its state over time and what happened to it (reserve, write,
 *               seal, publish, enter, patch, replace, retire, reclaim, faults ...)
 *   problems    faults, violation records and broken invariants, each with the text of
 *               `explain` for it (html-problems.ts)
 *
 * Everything is plain numbers and strings, for JSON: the page draws it (html-script.ts).
 * Every string is from the log and untrusted; the page only ever sets it as text.
 */
import type { Violation } from './check.js';
import { describe, FLAG_BAD, MARK_FIELDS, MARK_KINDS, markKind, THREAD_KINDS, type MarkKind } from './html-marks.js';
import { keyRights, parseSpan, Replay } from './replay.js';
import type { AuditRecord } from './schema.js';

/** Allocation states, the index is the state code in `AllocLane.states`. */
export const ALLOC_STATES = ['reserved', 'sealed', 'seal failed', 'published', 'retired'] as const;

/** The rights of a key row, the index is the code in `KeyRow.segs`. */
export const RIGHTS = ['none', 'read', 'readwrite'] as const;

/** One code key on a thread lane. */
export interface KeyRow {
  readonly key: number;
  /** `k3 tier1`: the key and the regions that held it. */
  readonly label: string;
  /** One line per rights the thread held on it: `thread 2 k3: readwrite for 12 records (2 spans)`. */
  readonly tip: string;
  /** Flat [from, to, rights code] triples, in order, positions [from, to). */
  readonly segs: number[];
}

/** What both kinds of lane have. */
interface LaneBase {
  readonly id: string;
  readonly label: string;
  readonly tip: string;
  /** Positions [from, to] the lane spans. */
  from: number;
  to: number;
  /** Flat [mark index, end position] pairs, by the mark's position; end = position for points, the close for windows. */
  readonly items: number[];
  /** The longest item (end - position), so the page can find bars that start before the view. */
  span: number;
}

/** A thread's lane. */
export interface ThreadLane extends LaneBase {
  readonly type: 't';
  readonly tid: number;
  readonly keys: KeyRow[];
}

/** An allocation's lane. */
export interface AllocLane extends LaneBase {
  readonly type: 'a';
  /** Index in TimelineModel.regions, -1 when the log never said. */
  readonly region: number;
  /** Flat [from, to, state code] triples. */
  readonly states: number[];
}

/** One fault, violation record or record breaking an invariant; `explanation` is filled by html-problems.ts. */
export interface Problem {
  readonly pos: number;
  readonly seq: number;
  readonly kind: 'fault' | 'violation' | 'invariant';
  /** One line for the list. */
  readonly line: string;
  explanation: string;
}

/** The whole timeline. */
export interface TimelineModel {
  /** Position of the last record (records - 1). */
  readonly last: number;
  readonly kinds: readonly string[];
  readonly regions: string[];
  readonly threads: number[];
  /** Flat rows of MARK_FIELDS numbers; texts[i] belongs to row i. */
  readonly marks: number[];
  readonly texts: string[];
  readonly lanes: Array<ThreadLane | AllocLane>;
  readonly problems: Problem[];
  /** Whether some record's seq is not its position (a damaged log): the page says so. */
  seqShifted: boolean;
}

/** Builds the timeline of `records`; `violations` are the broken invariants (verifyLog's). */
export function buildModel(records: readonly AuditRecord[], violations: readonly Violation[]): TimelineModel {
  const b = new ModelBuilder(records.length - 1);
  records.forEach((r, pos) => b.record(r, pos));
  b.finish(records, violations);
  return b.model;
}

/** A window between its open and close. */
interface OpenBar { readonly mark: number; readonly pos: number; readonly lanes: LaneBase[]; readonly tip: string }

class ModelBuilder {
  readonly model: TimelineModel;
  /** The replay of the records so far (regions, allocations, threads' PKRU). */
  private readonly replay = new Replay();
  private readonly threadLanes = new Map<number, ThreadLane>();
  private readonly allocLanes = new Map<string, AllocLane>();
  /** tid -> (position, PKRU) at each change of the thread's PKRU. */
  private readonly pkru = new Map<number, Array<readonly [number, number]>>();
  /** key -> regions retagged to it. */
  private readonly keyRegions = new Map<number, Set<string>>();
  private readonly regionIndex = new Map<string, number>();
  private readonly open = new Map<string, OpenBar>();
  /** seq -> position of its first record. */
  private readonly posOfSeq = new Map<number, number>();

  constructor(last: number) {
    this.model = { last: Math.max(0, last), kinds: MARK_KINDS, regions: [], threads: [], marks: [], texts: [], lanes: [], problems: [], seqShifted: false };
  }

  record(r: AuditRecord, pos: number): void {
    if (r.seq !== pos) this.model.seqShifted = true;
    if (!this.posOfSeq.has(r.seq)) this.posOfSeq.set(r.seq, pos);
    const region = this.replay.regionOf(r) ?? (typeof r.window === 'string' ? this.replay.windows.get(r.window)?.region ?? null : null);
    const alloc = this.allocOf(r);
    const thread = typeof r.tid === 'number' ? this.thread(r.tid, pos) : null;
    const before = thread === null ? null : this.replay.threads.get(thread.tid)?.pkru ?? null;
    if (r.kind === 'alloc.reserve' && alloc !== null) this.allocLane(alloc, region, pos);
    const lane = alloc === null ? undefined : this.allocLanes.get(alloc) ?? (markKind(r.kind) === undefined ? undefined : this.allocLane(alloc, region, pos));
    this.replay.apply(r);
    if (thread !== null) this.pkruChange(thread, before, pos);
    if (r.kind === 'key.retag' && typeof r.region === 'string' && typeof r.key === 'number' && this.replay.regionKey.get(r.region) === r.key) {
      let s = this.keyRegions.get(r.key);
      if (s === undefined) this.keyRegions.set(r.key, (s = new Set()));
      s.add(r.region);
    }
    if (thread !== null && r.kind === 'thread.exit') thread.to = pos;
    if (lane !== undefined) this.allocState(lane, r, pos);
    if (r.kind === 'window.open' || r.kind === 'window.close') this.window(r, pos, region, thread, lane);
    const kind = markKind(r.kind);
    if (kind === undefined) return;
    const flags = (r.kind === 'seal' && r.detail?.['ok'] !== true) || (r.kind === 'retire' && r.detail?.['refused'] === true) ? FLAG_BAD : 0;
    const mark = this.mark(pos, r, kind, flags, region, describe(r, alloc));
    if (thread !== null && THREAD_KINDS.has(kind)) addItem(thread, mark, pos, pos);
    if (lane !== undefined) addItem(lane, mark, pos, pos);
    if (r.kind === 'replace') this.replaceOthers(r, mark, pos, lane);
  }

  /** The allocation a record concerns: its `alloc`, or (a fault) the one holding its address. */
  private allocOf(r: AuditRecord): string | null {
    if (typeof r.alloc === 'string') return r.alloc;
    if (r.kind !== 'fault' && r.kind !== 'violation') return null;
    const span = parseSpan(r.range);
    return span === null ? null : this.replay.allocAt(span[0]);
  }

  private thread(tid: number, pos: number): ThreadLane {
    let l = this.threadLanes.get(tid);
    if (l === undefined) {
      l = { type: 't', id: `t${tid}`, tid, label: '', tip: '', from: pos, to: -1, items: [], span: 0, keys: [] };
      this.threadLanes.set(tid, l);
      this.model.threads.push(tid);
    }
    return l;
  }

  private allocLane(alloc: string, region: string | null, pos: number): AllocLane {
    let l = this.allocLanes.get(alloc);
    if (l === undefined) {
      l = { type: 'a', id: `a${this.allocLanes.size}`, label: alloc, tip: '', region: region === null ? -1 : this.region(region), from: pos, to: -1, items: [], span: 0, states: [] };
      this.allocLanes.set(alloc, l);
    }
    return l;
  }

  private region(name: string): number {
    let i = this.regionIndex.get(name);
    if (i === undefined) {
      i = this.model.regions.push(name) - 1;
      this.regionIndex.set(name, i);
    }
    return i;
  }

  private pkruChange(l: ThreadLane, before: number | null, pos: number): void {
    const after = this.replay.threads.get(l.tid)?.pkru ?? null;
    if (after === null || after === before) return;
    let list = this.pkru.get(l.tid);
    if (list === undefined) this.pkru.set(l.tid, (list = []));
    list.push([pos, after]);
  }

  /** The allocation's state from this record on. */
  private allocState(l: AllocLane, r: AuditRecord, pos: number): void {
    const state = r.kind === 'alloc.reserve' ? 0 : r.kind === 'seal' ? (r.detail?.['ok'] === true ? 1 : 2)
      : r.kind === 'publish' ? 3 : r.kind === 'retire' ? 4 : null;
    if (r.kind === 'reclaim') l.to = pos;
    if (state === null) return;
    const s = l.states;
    if (s.length > 0) s[s.length - 2] = pos;
    s.push(pos, -1, state);
  }

  private window(r: AuditRecord, pos: number, region: string | null, thread: ThreadLane | null, lane: AllocLane | undefined): void {
    if (typeof r.window !== 'string') return;
    if (r.kind === 'window.open') {
      const tip = describe(r, typeof r.alloc === 'string' ? r.alloc : null);
      const mark = this.mark(pos, r, 'window', 0, region, tip);
      this.open.set(r.window, { mark, pos, tip, lanes: [thread, lane].filter((x): x is ThreadLane | AllocLane => x !== null && x !== undefined) });
      return;
    }
    const o = this.open.get(r.window);
    if (o === undefined) return;
    this.open.delete(r.window);
    const bytes = r.detail?.['bytes'];
    this.model.texts[o.mark] = `${o.tip}\nclosed at seq ${r.seq}${typeof bytes === 'number' ? `, ${bytes} bytes written` : ''}`;
    for (const l of o.lanes) addItem(l, o.mark, o.pos, pos);
  }

  /** A replace also marks the body the slot held before (detail.from). */
  private replaceOthers(r: AuditRecord, mark: number, pos: number, lane: AllocLane | undefined): void {
    const from = r.detail?.['from'];
    const other = typeof from === 'string' ? this.allocLanes.get(from) : undefined;
    if (other !== undefined && other !== lane) addItem(other, mark, pos, pos);
  }

  private mark(pos: number, r: AuditRecord, kind: MarkKind, flags: number, region: string | null, text: string): number {
    const i = this.model.texts.push(text) - 1;
    this.model.marks.push(pos, MARK_KINDS.indexOf(kind), flags, typeof r.tid === 'number' ? r.tid : -1, region === null ? -1 : this.region(region), r.seq);
    return i;
  }

  /** Closes what is still open, draws the broken invariants, labels the lanes. */
  finish(records: readonly AuditRecord[], violations: readonly Violation[]): void {
    const last = this.model.last;
    for (const o of this.open.values()) {
      this.model.marks[o.mark * MARK_FIELDS + 2] = FLAG_BAD;
      this.model.texts[o.mark] = `${o.tip}\nnever closes`;
      for (const l of o.lanes) addItem(l, o.mark, o.pos, last);
    }
    for (const v of violations) this.invariant(records, v);
    const codeKeys = [...this.replay.codeKeys];
    for (const l of this.threadLanes.values()) this.finishThread(l, codeKeys, last);
    for (const l of this.allocLanes.values()) finishAlloc(l, this.model.regions, last);
    for (const l of this.threadLanes.values()) this.model.lanes.push(l);
    // Allocations grouped by region, in the order the regions first appear.
    const allocs = [...this.allocLanes.values()];
    const order = (l: AllocLane): number => (l.region < 0 ? this.model.regions.length : l.region);
    allocs.sort((a, b) => order(a) - order(b) || a.from - b.from);
    for (const l of allocs) this.model.lanes.push(l); // not push(...): a hostile log may have more lanes than a call has arguments
    for (const l of this.model.lanes) sortItems(l, this.model.marks);
  }

  private invariant(records: readonly AuditRecord[], v: Violation): void {
    const pos = this.posOfSeq.get(v.seq);
    const r = pos === undefined ? undefined : records[pos];
    if (r === undefined || pos === undefined) return;
    const alloc = typeof r.alloc === 'string' ? this.allocLanes.get(r.alloc) : undefined;
    const region = alloc === undefined || alloc.region < 0 ? null : this.model.regions[alloc.region] ?? null;
    const mark = this.mark(pos, r, 'invariant', 0, region, `invariant ${v.invariant} broken by this ${r.kind} record: ${v.message}`);
    const thread = typeof r.tid === 'number' ? this.threadLanes.get(r.tid) : undefined;
    if (thread !== undefined) addItem(thread, mark, pos, pos);
    if (alloc !== undefined) addItem(alloc, mark, pos, pos);
  }

  private finishThread(l: ThreadLane, codeKeys: readonly number[], last: number): void {
    if (l.to < 0) l.to = last;
    const role = this.replay.threads.get(l.tid)?.role ?? '?';
    Object.assign(l, { label: `thread ${l.tid} (${role})`, tip: `thread ${l.tid}, role ${role}\nseq ${l.from}..${l.to}` });
    const changes = this.pkru.get(l.tid) ?? [];
    for (const key of codeKeys) l.keys.push(this.keyRow(l, key, changes));
  }

  private keyRow(l: ThreadLane, key: number, changes: ReadonlyArray<readonly [number, number]>): KeyRow {
    const segs: number[] = [];
    changes.forEach(([at, pkru], i) => {
      const to = Math.max(at + 1, changes[i + 1]?.[0] ?? l.to + 1);
      const code = RIGHTS.indexOf(keyRights(pkru, key));
      const n = segs.length;
      if (n > 0 && segs[n - 1] === code && segs[n - 2] === at) segs[n - 2] = to;
      else segs.push(at, to, code);
    });
    const regions = [...(this.keyRegions.get(key) ?? [])];
    const label = `k${key} ${regions.slice(0, 2).join(', ')}${regions.length > 2 ? ` +${regions.length - 2}` : ''}`.trimEnd();
    return { key, label, tip: rightsTip(l.tid, key, segs, regions), segs };
  }
}

function addItem(l: LaneBase, mark: number, pos: number, end: number): void {
  l.items.push(mark, end);
  l.span = Math.max(l.span, end - pos);
}

/** Items by position (a window's bar is added at its close, after the marks inside it). */
function sortItems(l: LaneBase, marks: readonly number[]): void {
  const pairs: Array<readonly [number, number]> = [];
  for (let i = 0; i < l.items.length; i += 2) pairs.push([l.items[i] ?? 0, l.items[i + 1] ?? 0]);
  const at = (m: number): number => marks[m * MARK_FIELDS] ?? 0;
  pairs.sort((a, b) => at(a[0]) - at(b[0]) || a[0] - b[0]);
  l.items.length = 0;
  for (const [m, end] of pairs) l.items.push(m, end);
}

function finishAlloc(l: AllocLane, regions: readonly string[], last: number): void {
  if (l.to < 0) l.to = last;
  const s = l.states;
  if (s.length > 0) s[s.length - 2] = l.to + 1;
  const region = l.region < 0 ? 'unknown region' : `region ${regions[l.region] ?? '?'}`;
  const states = [];
  for (let i = 0; i < s.length; i += 3) states.push(`${ALLOC_STATES[s[i + 2] ?? 0] ?? '?'} at seq ${s[i] ?? 0}`);
  Object.assign(l, { tip: `allocation ${l.label}, ${region}\n${states.join(', ') || 'no lifecycle records'}\nseq ${l.from}..${l.to}` });
}

/** One line per rights held, the time share in records. */
function rightsTip(tid: number, key: number, segs: readonly number[], regions: readonly string[]): string {
  const total = [0, 0, 0];
  const spans = [0, 0, 0];
  for (let i = 0; i < segs.length; i += 3) {
    const code = segs[i + 2] ?? 0;
    total[code] = (total[code] ?? 0) + (segs[i + 1] ?? 0) - (segs[i] ?? 0);
    spans[code] = (spans[code] ?? 0) + 1;
  }
  const lines = RIGHTS.flatMap((name, c) => ((spans[c] ?? 0) === 0 ? []
    : [`thread ${tid} k${key}: ${name} for ${total[c] ?? 0} records (${spans[c] ?? 0} span${spans[c] === 1 ? '' : 's'})`]));
  return [...lines, `k${key} held by ${regions.length === 0 ? 'no region' : `region ${regions.join(', ')}`}`].join('\n');
}
