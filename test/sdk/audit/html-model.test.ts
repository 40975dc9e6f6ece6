/**
 * The timeline model behind `pkjit audit html` (sdk/audit/html-model.ts): markers at their
 * records' positions on the one clock (seq), the lanes they belong to, rights and allocation
 * states as segments, and a page for 100,000 records whose markup stays the same size.
 */
import { describe, expect, it } from 'vitest';
import { verifyLog } from '../../../sdk/audit/check.js';
import { renderHtmlReport } from '../../../sdk/audit/html.js';
import { buildModel, type AllocLane, type ThreadLane, type TimelineModel } from '../../../sdk/audit/html-model.js';
import { FLAG_BAD, MARK_FIELDS, MARK_KINDS } from '../../../sdk/audit/html-marks.js';
import { explainBudget } from '../../../sdk/audit/html-problems.js';
import { readLog } from '../../../sdk/audit/read.js';
import type { AuditRecord } from '../../../sdk/audit/schema.js';
import { bigLog, lifeRun } from './html-logs.js';
import { BASE, LogBuilder, openW0, pkru, PKRU, soundEvents } from './logs.js';

/** One mark as an object. */
interface Mark { readonly index: number; readonly pos: number; readonly kind: string; readonly flags: number; readonly tid: number; readonly seq: number }

function marks(m: TimelineModel): Mark[] {
  const out: Mark[] = [];
  for (let i = 0; i < m.marks.length / MARK_FIELDS; i++) {
    const f = (k: number): number => m.marks[i * MARK_FIELDS + k] ?? NaN;
    out.push({ index: i, pos: f(0), kind: MARK_KINDS[f(1)] ?? '?', flags: f(2), tid: f(3), seq: f(5) });
  }
  return out;
}

/** The lanes holding mark `index`, by label. */
function lanesOf(m: TimelineModel, index: number): string[] {
  return m.lanes.filter((l) => l.items.some((x, i) => i % 2 === 0 && x === index)).map((l) => l.label);
}

function records(events: Parameters<LogBuilder['add']>): AuditRecord[] {
  const b = new LogBuilder();
  b.add(...events);
  return [...readLog(b.text()).records];
}

/** Record kind -> marker kind and the lanes it is drawn on. */
const PLACES: ReadonlyArray<readonly [string, string, 'thread' | 'alloc' | 'both']> = [
  ['alloc.reserve', 'reserve', 'alloc'], ['window.write', 'write', 'alloc'], ['seal', 'seal', 'alloc'], ['publish', 'publish', 'alloc'],
  ['enter', 'enter', 'both'], ['patch', 'patch', 'both'], ['replace', 'replace', 'alloc'], ['retire', 'retire', 'alloc'],
  ['reclaim', 'reclaim', 'alloc'], ['thread.exit', 'exit', 'thread'], ['syscall.refused', 'refused', 'thread'],
  ['violation', 'violation', 'both'], ['fault', 'fault', 'both'],
];

describe('the timeline model', () => {
  const run = lifeRun();
  const model = buildModel(run.records, []);
  const all = marks(model);

  it.each(PLACES)('a %s record is a %s marker at its seq, on the %s lane', (recordKind, markKind, where) => {
    const recs = run.records.filter((r) => r.kind === recordKind);
    expect(recs.length).toBeGreaterThan(0);
    for (const r of recs) {
      const m = all.find((x) => x.seq === r.seq && x.kind === markKind);
      expect(m?.pos, `seq ${r.seq}`).toBe(r.seq);
      const lanes = lanesOf(model, m?.index ?? -1);
      const thread = `thread ${String(r.tid)} (`;
      if (where !== 'alloc') expect(lanes.some((l) => l.startsWith(thread)), `${recordKind} seq ${r.seq} on ${lanes.join(', ')}`).toBe(true);
      if (where !== 'thread' && r.tid !== null && recordKind !== 'syscall.refused') expect(lanes.some((l) => !l.startsWith('thread ')), `${recordKind} seq ${r.seq} on ${lanes.join(', ')}`).toBe(true);
      if (where === 'alloc') expect(lanes.every((l) => !l.startsWith('thread ')), `${recordKind} seq ${r.seq}`).toBe(true);
    }
  });

  it('every window is a bar from its open to its close, on its thread and its allocation', () => {
    const opens = run.records.filter((r) => r.kind === 'window.open');
    for (const o of opens) {
      const close = run.records.find((r) => r.kind === 'window.close' && r.window === o.window);
      const m = all.find((x) => x.kind === 'window' && x.seq === o.seq);
      expect(m).toBeDefined();
      const lanes = model.lanes.filter((l) => l.items.some((x, i) => i % 2 === 0 && x === m?.index));
      expect(lanes.map((l) => l.label)).toEqual([`thread ${o.tid} (compiler)`, o.alloc]);
      for (const l of lanes) expect(l.items[l.items.indexOf(m?.index ?? -1) + 1]).toBe(close?.seq);
    }
  });

  it('rights per code key are segments [from, to) of the thread\'s PKRU, labelled with the key and its regions', () => {
    const m = buildModel(records(soundEvents()), []);
    const compiler = m.lanes.find((l): l is ThreadLane => l.type === 't' && l.tid === 2);
    expect(compiler?.keys.map((k) => [k.key, k.label, k.segs])).toEqual([[1, 'k1 r', [2, 8, 0, 8, 11, 2, 11, 17, 0]]]);
    expect(compiler?.keys[0]?.tip).toBe('thread 2 k1: none for 12 records (2 spans)\nthread 2 k1: readwrite for 3 records (1 span)\nk1 held by region r');
  });

  it('an allocation\'s states: reserved, sealed, published, from each record to the next', () => {
    const m = buildModel(records(soundEvents()), []);
    const a = m.lanes.find((l): l is AllocLane => l.type === 'a' && l.label === 'r#0');
    expect(a?.states).toEqual([6, 13, 0, 13, 14, 1, 14, 17, 3]);
    expect([a?.from, a?.to]).toEqual([6, 16]);
    expect(m.regions[a?.region ?? -1]).toBe('r');
  });

  it('a window that never closes is a bad bar to the end, and its broken invariant a marker', () => {
    const recs = records([...BASE, ...openW0(100), pkru(120, 3, PKRU.base, PKRU.all, 'pkru.unaudited')]);
    const report = verifyLog(recs.map((r) => JSON.stringify(r) + '\n').join(''));
    const m = buildModel(recs, report.violations);
    const got = marks(m);
    const bar = got.find((x) => x.kind === 'window');
    expect(bar?.flags).toBe(FLAG_BAD);
    const thread = m.lanes.find((l) => l.label === 'thread 2 (compiler)');
    expect(thread?.items.slice(0, 2)).toEqual([bar?.index, m.last]);
    expect(got.filter((x) => x.kind === 'invariant').map((x) => x.seq)).toEqual(report.violations.map((v) => v.seq));
    expect(got.find((x) => x.kind === 'unaudited')).toMatchObject({ pos: 10, tid: 3 });
    expect(m.seqShifted).toBe(false);
  });

  it('explains at least 20 problems, and more on smaller logs', () => {
    expect([explainBudget(100_000), explainBudget(10_000), explainBudget(0)]).toEqual([20, 200, 2_000_000]);
  });
});

describe('a log of 100,000 records', () => {
  it('renders; every fault is listed with its explanation; the markup stays the same size', () => {
    const log = bigLog(100_000);
    expect(log.length).toBeGreaterThanOrEqual(99_950);
    const report = renderHtmlReport(log, 'big');
    expect(report.threadLanes).toBe(5);
    expect(report.allocationLanes).toBeGreaterThan(5000);
    expect(report.problems).toBe(log.filter((r) => r.kind === 'fault' || r.kind === 'violation').length);
    const markup = report.html.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/g, '');
    // Tags outside the data blocks: the tables, the filter and the problem list, not the records.
    expect(markup.match(/<[a-z]/g)?.length).toBeLessThan(1000);
    expect(report.html).not.toContain('no explanation');
    expect(report.html).not.toContain('not computed here');
  });
});
