import { describe, expect, it } from 'vitest';
import { formatPkru } from '../../../mpk-hw/pkru.js';
import { explain, formatExplanation } from '../../../sdk/audit/explain.js';
import { readLog } from '../../../sdk/audit/read.js';
import { AuditLogError } from '../../../sdk/errors.js';
import { BASE, LogBuilder, openW0, PKRU, pkru, sandboxRun } from './logs.js';

describe('audit explain', () => {
  it('a fault: the thread, its PKRU, the key, region, allocation and the pitfall', () => {
    const run = sandboxRun();
    const fault = run.records.find((r) => r.kind === 'fault');
    const key = run.sbx.keyOf(run.sbx.regions[0]!);
    const start = run.sbx.regions[0]!.start;
    const e = explain(run.records, fault?.seq ?? -1);
    expect(e).toMatchObject({ key, pkru: run.executor.shadow, role: 'executor', region: 'tier1', alloc: 'tier1#0',
      allocState: 'never sealed', pitfall: 'executor write to code', lastFlip: null, invariants: [] });
    expect(formatExplanation(e)).toEqual([
      `seq ${fault?.seq}: fault (cycle ${fault?.cycle}, thread ${run.executor.tid}, executor)`,
      `  what:       thread ${run.executor.tid}: write at 0x${start.toString(16)} on key k${key} faulted (SEGV_PKUERR)`,
      `  PKRU then:  ${formatPkru(run.executor.shadow)}`,
      `  k${key} then:    none`,
      `  last flip:  none of k${key} on this thread before this record`,
      '  region:     tier1',
      '  allocation: tier1#0 (never sealed)',
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
    expect(e.lastFlip).toEqual({ seq: flip?.seq, cycle: flip?.cycle, kind: 'pkru', cause: 'window.open', reason: 'patch f', site: null, from: 'none', to: 'readwrite' });
    expect(formatExplanation(e)[4]).toBe(`  last flip:  of k${key} at seq ${flip?.seq} (cycle ${flip?.cycle}, pkru): none->readwrite, cause window.open, reason patch f, site -`);
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
});
