import { describe, expect, it } from 'vitest';
import { formatPkru } from '../../../mpk-hw/pkru.js';
import { explain, formatExplanation } from '../../../sdk/audit/explain.js';
import { readLog } from '../../../sdk/audit/read.js';
import { AuditLogError } from '../../../sdk/errors.js';
import { BASE, LogBuilder, life, openW0, PKRU, pkru, sandboxRun, seal, setup } from './logs.js';
import { lifeRun } from './summary-explain-logs.js';
import type { AuditEvent, AuditRecord } from '../../../sdk/audit/schema.js';
import { Assembler, rax } from '../../../jit/x64/index.js';

/** The seq of the one record that matches. */
function seqOf(records: readonly AuditRecord[], match: (r: AuditRecord) => boolean): number {
  const found = records.filter(match);
  expect(found).toHaveLength(1);
  return found[0]?.seq ?? -1;
}

describe('audit explain', () => {
  it('a fault: the thread, its PKRU, the key, region, allocation and the pitfall', () => {
    const run = sandboxRun();
    const fault = run.records.find((r) => r.kind === 'fault');
    const key = run.sbx.keyOf(run.sbx.regions[0]!);
    const start = run.sbx.regions[0]!.start;
    const e = explain(run.records, fault?.seq ?? -1);
    expect(e).toMatchObject({ key, pkru: run.executor.shadow, role: 'executor', region: 'tier1', alloc: 'tier1#0',
      allocState: 'never sealed', published: false, pitfall: 'executor write to code', lastFlip: null, invariants: [] });
    const reserve = seqOf(run.records, (r) => r.kind === 'alloc.reserve' && r.alloc === 'tier1#0');
    const [w0, w2] = run.records.filter((r) => r.kind === 'window.open' && r.alloc === 'tier1#0').map((r) => r.seq);
    const end = `0x${(start + 64).toString(16)}`;
    expect(formatExplanation(e)).toEqual([
      `seq ${fault?.seq}: fault (cycle ${fault?.cycle}, thread ${run.executor.tid}, executor)`,
      `  what:       thread ${run.executor.tid}: write at 0x${start.toString(16)} on key k${key} faulted (SEGV_PKUERR)`,
      `  PKRU then:  ${formatPkru(run.executor.shadow)}`,
      `  k${key} then:    none`,
      `  last flip:  none of k${key} on this thread before this record`,
      '  region:     tier1',
      '  allocation: tier1#0 (never sealed)',
      '  published:  no, when this happened',
      `  life:       seq ${reserve}  alloc.reserve  function, [0x${start.toString(16)}, ${end})`,
      `              seq ${w0}  window.open    w0, thread ${run.compiler.tid}, reason emit f, site jit.ts:10`,
      `              seq ${w2}  window.open    w2, thread ${run.compiler.tid}, reason patch f`,
      '  entries:    none before this record',
      '  next:       none',
      '  pitfall:    executor write to code',
    ]);
  });

  it('a violation record: the window\'s flip is the last flip of the region key on that thread', () => {
    const run = sandboxRun();
    const v = run.records.find((r) => r.kind === 'violation');
    const flip = run.records.filter((r) => r.kind === 'pkru' && r.detail?.['cause'] === 'window.open').at(-1);
    const key = run.sbx.keyOf(run.sbx.regions[0]!) ?? -1;
    const e = explain(run.records, v?.seq ?? -1);
    expect(e.what).toBe(`thread ${run.compiler.tid}: the SDK refused WINDOW_BOUNDS: write of 1 bytes at offset 16 outside the window [8, 16)`);
    expect(e).toMatchObject({ key, pkru: Number(flip?.pkruAfter), region: 'tier1', alloc: 'tier1#0', pitfall: null });
    expect(e.lastFlip).toEqual({ seq: flip?.seq, cycle: flip?.cycle, kind: 'pkru', cause: 'window.open', window: 'w2', reason: 'patch f', site: null,
      from: 'none', to: 'readwrite' });
    expect(formatExplanation(e)[4]).toBe(`  last flip:  of k${key} at seq ${flip?.seq} (cycle ${flip?.cycle}, pkru): none->readwrite, cause window.open, window w2, reason patch f, site -`);
  });

  it('a record that breaks an invariant can be explained too', () => {
    const b = new LogBuilder();
    const seq = b.add(...BASE, pkru(100, 3, PKRU.base, PKRU.k1rw));
    const e = explain(readLog(b.text()).records, seq);
    expect(e.invariants).toEqual([{ seq, invariant: 3, message: 'executor thread 3 holds write rights on code key k1 (PKRU 0x55555550) after its pkru record' }]);
    expect(e.pkru).toBe(0x55555550);
    expect(e.lastFlip).toMatchObject({ seq, from: 'none', to: 'readwrite', cause: 'patch' });
    expect(formatExplanation(e).at(-1)).toBe(`  invariant 3 (no executor ever holds write rights on a code key; no other thread outside its window): ${e.invariants[0]?.message}`);
  });

  it('refuses a seq that is not a fault or violation, or does not exist', () => {
    const run = sandboxRun();
    const fault = run.records.find((r) => r.kind === 'fault')?.seq;
    const violation = run.records.find((r) => r.kind === 'violation')?.seq;
    expect(() => explain(run.records, 0)).toThrow(new AuditLogError('AUDIT_SEQ', 0,
      `seq 0 is a log.open record, not a fault or violation (faults and violation records: ${violation}, ${fault}; invariant violations: none)`));
    expect(() => explain(run.records, 9999)).toThrow(`no record with seq 9999 (the log has seq 0..${run.records.length - 1})`);
    const err = ((): unknown => {
      try {
        return explain(run.records, 1);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AuditLogError);
    expect(err).toMatchObject({ code: 'AUDIT_SEQ' });
  });

  it('on a truncated log, a window still open where it stops is not a violation to explain', () => {
    const b = new LogBuilder();
    const seq = b.add(...BASE, ...openW0(100));
    const records = readLog(b.text(false)).records;
    expect(explain(records, seq).invariants).toMatchObject([{ seq, invariant: 1 }]);
    expect(() => explain(records, seq, { partial: true })).toThrow(`seq ${seq} is a window.open record, not a fault or violation`);
  });

  it('the last flip carries its window\'s reason and site: an open\'s flip from the window.open after it', () => {
    const run = lifeRun();
    const v = seqOf(run.records, (r) => r.kind === 'violation');
    const open = seqOf(run.records, (r) => r.kind === 'pkru' && r.window === 'w6' && r.detail?.['cause'] === 'window.open');
    const e = explain(run.records, v);
    expect(e.lastFlip).toMatchObject({ seq: open, cause: 'window.open', window: 'w6', reason: 'emit stub', site: 'stubs.ts:21', from: 'none', to: 'readwrite' });
    expect(formatExplanation(e)).toContain(`  last flip:  of k${e.key} at seq ${open} (cycle ${e.lastFlip?.cycle}, pkru): none->readwrite, ` +
      'cause window.open, window w6, reason emit stub, site stubs.ts:21');
  });

  it('a fault after the window closed: the close\'s flip from the window.open before it; the lifecycle of the published body', () => {
    const run = lifeRun();
    const recs = run.records;
    const fault = seqOf(recs, (r) => r.kind === 'fault');
    const close = seqOf(recs, (r) => r.kind === 'pkru' && r.window === 'w6' && r.detail?.['cause'] === 'window.close');
    const e = explain(recs, fault);
    const id = run.body.id;
    expect(e).toMatchObject({ alloc: id, region: 'jit', published: true, pitfall: 'write to code without a window', role: 'compiler' });
    expect(e.lastFlip).toMatchObject({ seq: close, cause: 'window.close', window: 'w6', reason: 'emit stub', site: 'stubs.ts:21', from: 'readwrite', to: 'none' });
    const at = (kind: string, extra: (r: AuditRecord) => boolean = () => true): number =>
      seqOf(recs, (r) => r.kind === kind && r.alloc === id && extra(r));
    const writer = recs.find((r) => r.kind === 'window.open' && r.alloc === id)?.tid;
    const entry = seqOf(recs, (r) => r.kind === 'enter' && r.alloc === id);
    const a = (n: number): string => `0x${n.toString(16)}`;
    const seal = at('seal');
    const publish = at('publish');
    expect(e.allocState).toBe(`sealed ok at seq ${seal}, published at seq ${publish}`);
    expect(e.lifecycle).toEqual({
      before: [
        { seq: at('alloc.reserve'), cycle: expect.any(Number), kind: 'alloc.reserve', note: `function, [${a(run.body.start)}, ${a(run.body.start + 16)})` },
        { seq: at('window.open', (r) => r.detail?.['commit'] !== true), cycle: expect.any(Number), kind: 'window.open',
          note: `w4, thread ${writer}, reason deopt add, site tiers.ts:9` },
        { seq: seal, cycle: expect.any(Number), kind: 'seal', note: 'ok' },
        { seq: publish, cycle: expect.any(Number), kind: 'publish', note: '' },
        { seq: at('replace'), cycle: expect.any(Number), kind: 'replace', note: 'handle0: jit#1 -> jit#2, reason deopt add, site tiers.ts:9' },
      ],
      entries: 1, lastEntry: { seq: entry, tid: recs.find((r) => r.seq === entry)?.tid }, next: null });
    const lines = formatExplanation(e);
    expect(lines.slice(lines.indexOf(`  allocation: ${id} (sealed ok at seq ${seal}, published at seq ${publish})`))).toEqual([
      `  allocation: ${id} (sealed ok at seq ${seal}, published at seq ${publish})`,
      '  published:  yes, when this happened',
      ...(e.lifecycle?.before ?? []).map((s, i) => `${i === 0 ? '  life:       ' : ' '.repeat(14)}seq ${s.seq}  ${s.kind.padEnd(13)}  ${s.note}`.trimEnd()),
      `  entries:    1 before this record, the last at seq ${entry} (thread ${e.lifecycle?.lastEntry?.tid})`,
      '  next:       none',
      '  pitfall:    write to code without a window',
    ]);
  });

  it('a patch\'s flip takes its site from the patch record after it; what befell the allocation next', () => {
    const { sbx, mem, compiler, executor } = setup();
    const h = sbx.load(sbx.createRegion('jit', 4096), new Assembler().mov(rax, 1).ret().finish(), { reason: 'f' });
    h.call(executor);
    const same = sbx.machine.peek(sbx.owner.ut.pid, h.body.start, 4) ?? new Uint8Array(4);
    sbx.patch(compiler, h.body, 0, same, { reason: 'ic: f', site: 'ic.ts:5' });
    try {
      compiler.ut.write8(h.body.start, 0xcc);
    } catch {
      // SEGV_PKUERR, recorded by the SDK's handler
    }
    h.dispose();
    sbx.close();
    const fault = seqOf(mem.records, (r) => r.kind === 'fault');
    const restore = mem.records.filter((r) => r.kind === 'pkru' && r.detail?.['cause'] === 'patch').at(-1);
    const e = explain(mem.records, fault);
    expect(e.lastFlip).toMatchObject({ seq: restore?.seq, cause: 'patch', window: null, reason: 'ic: f', site: 'ic.ts:5', from: 'readwrite', to: 'none' });
    expect(formatExplanation(e)[4]).toMatch(/, cause patch, reason ic: f, site ic\.ts:5$/);
    expect(e.lifecycle?.before.map((s) => s.kind)).toEqual(['alloc.reserve', 'window.open', 'seal', 'publish', 'replace', 'patch']);
    expect(e.lifecycle?.before.at(-1)?.note).toBe(`[0x${h.body.start.toString(16)}, 0x${(h.body.start + 4).toString(16)}), thread ${compiler.tid}, reason ic: f, site ic.ts:5`);
    const dispose = seqOf(mem.records, (r) => r.kind === 'replace' && r.detail?.['to'] === null);
    expect(e.lifecycle?.next).toMatchObject({ seq: dispose, kind: 'replace', note: `handle0: ${h.body.id} -> -, reason handle disposed` });
    expect(formatExplanation(e)).toContain(`  next:       seq ${dispose}  replace  handle0: ${h.body.id} -> -, reason handle disposed`);
  });

  it('hand-made: a flip whose window.open is missing keeps reason and site unknown; a long life is cut in the middle', () => {
    const b = new LogBuilder();
    const patches = Array.from({ length: 20 }, (_, i): AuditEvent => ({ kind: 'patch', cycle: 200 + i, tid: 2, region: 'r', alloc: 'r#0',
      range: ['0x10000', '0x10004'], reason: `ic: ${i}` }));
    const seq = b.add(...BASE, seal(130, 'r#0'), life('publish', 140, 'r#0'), life('enter', 150, 'r#0'), ...patches,
      { kind: 'pkru', cycle: 300, tid: 2, window: 'w9', pkruBefore: PKRU.k1rw, pkruAfter: PKRU.base, detail: { cause: 'window.close' } },
      { kind: 'fault', cycle: 310, tid: 2, key: 1, alloc: 'r#0', range: ['0x10000', '0x10001'], detail: { access: 'write', si_code: 'SEGV_PKUERR' } });
    const e = explain(readLog(b.text()).records, seq);
    expect(e.lastFlip).toMatchObject({ cause: 'window.close', window: 'w9', reason: null, site: null });
    const lines = formatExplanation(e);
    expect(lines[4]).toMatch(/, cause window\.close, window w9, reason -, site -$/);
    const first = lines.findIndex((l) => l.startsWith('  life:'));
    expect(lines.slice(first, first + 14)).toEqual([
      '  life:       seq 6   alloc.reserve  function, [0x10000, 0x10040)',
      '              seq 8   seal           ok',
      '              seq 9   publish',
      '              seq 11  patch          [0x10000, 0x10004), thread 2, reason ic: 0',
      '              ... 12 more ...',
      ...[13, 14, 15, 16, 17, 18, 19].map((i) => `              seq ${11 + i}  patch          [0x10000, 0x10004), thread 2, reason ic: ${i}`),
      '  entries:    1 before this record, the last at seq 10 (thread 3)',
      '  next:       none',
    ]);
  });
});
