import { describe, expect, it } from 'vitest';
import { formatSummary, formatTable, JIT_EVENTS, percentiles, summarize, summaryTables } from '../../../sdk/audit/summary.js';
import { BASE, closeW0, LogBuilder, openW0, sandboxRun, sealRun, setup, write } from './logs.js';
import { readLog } from '../../../sdk/audit/read.js';
import type { AuditEvent, AuditRecord } from '../../../sdk/audit/schema.js';
import { lifeRun } from './summary-explain-logs.js';

describe('audit summary', () => {
  it('nearest-rank percentiles', () => {
    expect(percentiles([])).toBeNull();
    expect(percentiles([7])).toEqual({ p50: 7, p99: 7, max: 7 });
    expect(percentiles(Array.from({ length: 100 }, (_, i) => 100 - i))).toEqual({ p50: 50, p99: 99, max: 100 });
    expect(percentiles([5, 1, 3, 2])).toEqual({ p50: 2, p99: 5, max: 5 });
  });

  it('a real run: the numbers agree with what the SDK counted', () => {
    const run = sandboxRun();
    const s = summarize(run.records);
    const [c0, c1, c2] = [...run.windowCycles].sort((a, b) => a - b);
    expect(s.records).toBe(run.records.length);
    expect(s.regions).toEqual([{ name: 'tier1', windows: 3, openCycles: { p50: c1, p99: c2, max: c2 }, bytes: 14, unusedWindows: 1,
      writers: 1, seals: 0, faults: 1, keyHits: 2, keyMisses: 1, evictions: 0 }]);
    expect(c0).toBeLessThanOrEqual(c1 ?? 0);
    expect(run.sbx.keyStats()).toMatchObject({ hits: 2, misses: 1, evictions: 0 });
    expect(run.compiler.stats).toMatchObject({ windows: 3, bytesWritten: 14 });
    expect(s.threads).toEqual([
      { tid: run.sbx.owner.tid, role: 'runtime', windows: 0, bytes: 0, pkruFlips: 1, unauditedChanges: 0, faults: 0, refusedSyscalls: 0 },
      { tid: run.compiler.tid, role: 'compiler', windows: 3, bytes: 14, pkruFlips: 6, unauditedChanges: 0, faults: 0, refusedSyscalls: 0 },
      { tid: run.executor.tid, role: 'executor', windows: 0, bytes: 0, pkruFlips: 2, unauditedChanges: 0, faults: 1, refusedSyscalls: 0 },
    ]);
  });

  it('a real run with seals and a refused syscall', () => {
    const run = sealRun();
    const s = summarize(run.records);
    expect(s.regions).toEqual([{ name: 'jit', windows: 2, openCycles: percentiles(run.windowCycles), bytes: 10, unusedWindows: 0,
      writers: 1, seals: 2, faults: 0, keyHits: 1, keyMisses: 1, evictions: 0 }]);
    expect(run.sbx.keyStats()).toMatchObject({ hits: 2, misses: 1 }); // the seal's copy window is a hit
    expect(s.threads.find((t) => t.tid === run.executor.tid)).toEqual({ tid: run.executor.tid, role: 'executor', windows: 0, bytes: 0,
      pkruFlips: 1, unauditedChanges: 0, faults: 0, refusedSyscalls: 1 });
  });

  it('key pressure: misses, hits and evictions per region match the key manager', () => {
    const { sbx, mem, compiler } = setup(2);
    const allocs = Array.from({ length: 5 }, (_, i) => sbx.reserve(sbx.createRegion(`r${i}`, 4096), 16, 'f'));
    for (let round = 0; round < 2; round++) {
      for (const a of allocs) sbx.withWindow(compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(1, 2)));
    }
    sbx.withWindow(compiler, allocs[4] ?? allocs[0]!, { reason: 'again' }, () => undefined); // r4 still holds its key: a hit
    sbx.close();
    const s = summarize(mem.records);
    expect(s.regions.map((r) => [r.name, r.keyMisses, r.keyHits, r.evictions, r.windows, r.bytes, r.unusedWindows])).toEqual([
      ['r0', 2, 0, 2, 2, 4, 0], ['r1', 2, 0, 2, 2, 4, 0], ['r2', 2, 0, 2, 2, 4, 0], ['r3', 2, 0, 1, 2, 4, 0], ['r4', 2, 1, 1, 3, 4, 1]]);
    expect(sbx.keyStats()).toMatchObject({ misses: 10, hits: 1, evictions: 8 });
  });

  it('hand-made: open time falls back to close cycle - open cycle; writers are distinct threads', () => {
    const b = new LogBuilder();
    b.add(...BASE, ...openW0(100), write(110, 0x10000, 0x10008), ...closeW0(120, 2, 'w0', 8),
      ...openW0(200, 4, 'w1'), write(210, 0x10008, 0x1000c, 4, 'w1'),
      { kind: 'window.close', cycle: 250, tid: 4, window: 'w1' });
    const s = summarize(readLog(b.text()).records);
    // w0: detail.cycles 20; w1: no detail, 250 - 201 = 49.
    expect(s.regions[0]).toMatchObject({ name: 'r', windows: 2, openCycles: { p50: 20, p99: 49, max: 49 }, bytes: 12, writers: 2, keyHits: 2, keyMisses: 0 });
    expect(s.threads.find((t) => t.tid === 4)).toMatchObject({ role: '?', windows: 1, bytes: 4, pkruFlips: 1 });
  });

  it('formats fixed-width tables', () => {
    expect(formatTable({ title: 't', columns: ['name', 'n'], rows: [['a', '1'], ['bbb', '100']] })).toEqual(['t', 'name    n', 'a       1', 'bbb   100']);
    expect(formatTable({ title: 't', columns: ['x'], rows: [] })).toEqual(['t', 'x', '(none)']);
    const run = sandboxRun();
    const lines = formatSummary(summarize(run.records));
    expect(lines[0]).toBe(`${run.records.length} records, 1 region, 3 threads`);
    expect(lines[3]).toBe('region  windows  open p50  open p99  open max  bytes  unused  writers  seals  faults  key hits  key misses  evictions');
    expect(lines[4]).toMatch(/^tier1 +3 +\d+ +\d+ +\d+ +14 +1 +1 +0 +1 +2 +1 +0$/);
    expect(lines[7]).toBe('tid  role      windows  bytes  pkru flips  unaudited  faults  refused syscalls');
    expect(lines[9]).toBe(`${run.compiler.tid}  compiler        3     14           6          0       0                 0`);
  });

  it('a real code lifetime: patches, entries, retires, reclaims, replaces, thread exits and the JIT events', () => {
    const run = lifeRun();
    const s = summarize(run.records);
    const executors = [...run.sbx.threads.values()].filter((t) => t.roleName === 'executor');
    expect(executors.reduce((n, t) => n + t.stats.entries, 0)).toBe(4); // what the SDK counted
    expect(s.events).toEqual({ patches: 1, entries: 4, retires: 2, reclaims: 2, replaces: 3, threadExits: 1, icPatches: 1, tierUps: 1, deopts: 1 });
  });

  it('a real code lifetime: windows, bytes and patches per site, in order of first appearance; a seal\'s copy window is none', () => {
    const s = summarize(lifeRun().records);
    expect(s.sites).toEqual([
      { site: 'engine.ts:40', windows: 1, bytes: 16, patches: 0 },
      { site: 'ic.ts:12', windows: 0, bytes: 0, patches: 1 },
      { site: 'tiers.ts:7', windows: 1, bytes: 16, patches: 0 },
      { site: 'tiers.ts:9', windows: 1, bytes: 16, patches: 0 },
      { site: 'stubs.ts:21', windows: 1, bytes: 1, patches: 0 },
    ]);
    // Windows without a site are one row, null.
    expect(summarize(sandboxRun().records).sites).toEqual([
      { site: 'jit.ts:10', windows: 1, bytes: 6, patches: 0 }, { site: null, windows: 2, bytes: 8, patches: 0 }]);
  });

  it.each([
    ['ic: add shape 1', 'icPatches'], ['IC miss at f', 'icPatches'], ['inline cache f', 'icPatches'], ['inline-cache', 'icPatches'], ['ic', 'icPatches'],
    ['icon swap', null], ['tier-up f', 'tierUps'], ['Tier up', 'tierUps'], ['tierup', 'tierUps'], ['tiering', null],
    ['deopt f', 'deopts'], ['Deoptimize g', 'deopts'], ['emit f', null], ['patch ic', null],
  ] as const)('JIT event rule: a patch or replace with reason %j counts as %s', (reason, what) => {
    const b = new LogBuilder();
    b.add(...BASE,
      { kind: 'patch', cycle: 100, tid: 2, region: 'r', alloc: 'r#0', range: ['0x10000', '0x10004'], reason },
      { kind: 'replace', cycle: 110, tid: 1, region: 'r', alloc: 'r#1', reason, detail: { handle: 'handle0', from: 'r#0', to: 'r#1' } },
      // Not counted: a window's reason (a load's window and its replace carry the same one).
      { ...openW0(120)[1], reason } as AuditEvent);
    const e = summarize(readLog(b.text()).records).events;
    const jit = { icPatches: 0, tierUps: 0, deopts: 0 };
    if (what !== null) jit[what] = 2;
    expect(e).toEqual({ patches: 1, entries: 0, retires: 0, reclaims: 0, replaces: 1, threadExits: 0, ...jit });
    expect(JIT_EVENTS.filter(([, re]) => re.test(reason)).map(([k]) => k)).toEqual(what === null ? [] : [what]);
  });

  it('record kinds are looked up safely: a kind named like an Object property counts as nothing', () => {
    const records = sandboxRun().records.map((r, i) => (i === 3 ? { ...r, kind: 'constructor' } : i === 4 ? { ...r, kind: '__proto__' } : r));
    expect(summarize(records as unknown as AuditRecord[]).events).toEqual({ patches: 0, entries: 0, retires: 0, reclaims: 0, replaces: 0, threadExits: 0,
      icPatches: 0, tierUps: 0, deopts: 0 });
  });

  it('formats the events (JIT rows only when present) and the windows per site', () => {
    const lines = formatSummary(summarize(lifeRun().records));
    const events = lines.indexOf('events');
    expect(lines.slice(events - 1, events + 24)).toEqual(['', 'events', 'event         count',
      'patches           1', 'entries           4', 'retires           2', 'reclaims          2', 'replaces          3', 'thread exits      1',
      'ic patches        1', 'tier-ups          1', 'deopts            1', '',
      'windows per site', 'site          windows  bytes  patches',
      'engine.ts:40        1     16        0', 'ic.ts:12            0      0        1', 'tiers.ts:7          1     16        0',
      'tiers.ts:9          1     16        0', 'stubs.ts:21         1      1        0']);
    expect(lines.length).toBe(events + 19);
    const plain = summaryTables(summarize(sandboxRun().records));
    expect(plain.map((t) => t.title)).toEqual(['regions', 'threads', 'events', 'windows per site']);
    expect(plain[2]?.rows).toEqual([['patches', '0'], ['entries', '0'], ['retires', '0'], ['reclaims', '0'], ['replaces', '0'], ['thread exits', '0']]);
    expect(plain[3]?.rows).toEqual([['jit.ts:10', '1', '6', '0'], ['(none)', '2', '8', '0']]);
  });
});
