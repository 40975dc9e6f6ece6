/**
 * `pkjit audit summary` and `pkjit audit explain` on a real log of a code lifetime (issue 14
 * part 3): the counts of patches, entries, retires, reclaims, replaces, thread exits and the
 * JIT's events, the windows per site, `--json` with its fixed key order; the last flip with
 * its window's reason and site, and the allocation's lifecycle.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { capture, scratch } from './capture.js';
import { sandboxRun } from '../sdk/audit/logs.js';
import { lifeRun } from '../sdk/audit/summary-explain-logs.js';

const { dir, file } = scratch('pkjit-audit-summary-explain-');

/** Every object's keys in order, by path (arrays: their first element). */
function keyOrder(v: unknown, path = '$', out: Record<string, string[]> = {}): Record<string, string[]> {
  if (Array.isArray(v)) {
    if (v.length > 0) keyOrder(v[0], `${path}[]`, out);
  } else if (v !== null && typeof v === 'object') {
    out[path] = Object.keys(v);
    for (const [k, x] of Object.entries(v)) keyOrder(x, `${path}.${k}`, out);
  }
  return out;
}

describe('pkjit audit summary', () => {
  it('prints the events and the windows per site after the region and thread tables', () => {
    const r = capture(['audit', 'summary', file('life.jsonl', lifeRun().text)]);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out.slice(r.out.indexOf('events'))).toEqual(['events', 'event         count',
      'patches           1', 'entries           4', 'retires           2', 'reclaims          2', 'replaces          3', 'thread exits      1',
      'ic patches        1', 'tier-ups          1', 'deopts            1', '',
      'windows per site', 'site          windows  bytes  patches',
      'engine.ts:40        1     16        0', 'ic.ts:12            0      0        1', 'tiers.ts:7          1     16        0',
      'tiers.ts:9          1     16        0', 'stubs.ts:21         1      1        0']);
  });

  it('a log without JIT events has no JIT rows; windows without a site are one (none) row', () => {
    const r = capture(['audit', 'summary', file('plain.jsonl', sandboxRun().text)]);
    expect(r.out.slice(r.out.indexOf('events'))).toEqual(['events', 'event         count',
      'patches           0', 'entries           0', 'retires           0', 'reclaims          0', 'replaces          0', 'thread exits      0', '',
      'windows per site', 'site       windows  bytes  patches', 'jit.ts:10        1      6        0', '(none)           2      8        0']);
  });

  it('--json: the same numbers, keys in a fixed order', () => {
    const run = lifeRun();
    const r = capture(['audit', 'summary', '--json', file('life2.jsonl', run.text)]);
    expect(r.code).toBe(0);
    const json: unknown = JSON.parse(r.out.join('\n'));
    expect(json).toMatchObject({ records: run.records.length,
      events: { patches: 1, entries: 4, retires: 2, reclaims: 2, replaces: 3, threadExits: 1, icPatches: 1, tierUps: 1, deopts: 1 },
      sites: [{ site: 'engine.ts:40', windows: 1, bytes: 16, patches: 0 }, { site: 'ic.ts:12', windows: 0, bytes: 0, patches: 1 },
        { site: 'tiers.ts:7' }, { site: 'tiers.ts:9' }, { site: 'stubs.ts:21', bytes: 1 }] });
    expect(keyOrder(json)).toEqual({
      '$': ['chain', 'records', 'events', 'regions', 'threads', 'sites'],
      '$.events': ['patches', 'entries', 'retires', 'reclaims', 'replaces', 'threadExits', 'icPatches', 'tierUps', 'deopts'],
      '$.regions[]': ['name', 'windows', 'openCycles', 'bytes', 'unusedWindows', 'writers', 'seals', 'faults', 'keyHits', 'keyMisses', 'evictions'],
      '$.regions[].openCycles': ['p50', 'p99', 'max'],
      '$.threads[]': ['tid', 'role', 'windows', 'bytes', 'pkruFlips', 'unauditedChanges', 'faults', 'refusedSyscalls'],
      '$.sites[]': ['site', 'windows', 'bytes', 'patches'],
    });
    const plain = JSON.parse(capture(['audit', 'summary', '--json', file('plain2.jsonl', sandboxRun().text)]).out.join('\n')) as { sites: unknown };
    expect(plain.sites).toEqual([{ site: 'jit.ts:10', windows: 1, bytes: 6, patches: 0 }, { site: null, windows: 2, bytes: 8, patches: 0 }]);
  });
});

describe('pkjit audit explain', () => {
  it('a fault after a window closed: the last flip names the window, its reason and site; the body\'s lifecycle', () => {
    const run = lifeRun();
    const seq = (match: (r: (typeof run.records)[number]) => boolean): number => run.records.find(match)?.seq ?? -1;
    const fault = seq((r) => r.kind === 'fault');
    const close = seq((r) => r.kind === 'pkru' && r.window === 'w6' && r.detail?.['cause'] === 'window.close');
    const id = run.body.id;
    const r = capture(['audit', 'explain', file('life3.jsonl', run.text), '--seq', String(fault)]);
    expect(r.code).toBe(0);
    expect(r.out.find((l) => l.startsWith('  last flip:'))).toMatch(new RegExp(
      `^  last flip:  of k\\d+ at seq ${close} \\(cycle \\d+, pkru\\): readwrite->none, cause window\\.close, window w6, reason emit stub, site stubs\\.ts:21$`));
    const from = r.out.findIndex((l) => l.startsWith('  published:'));
    const pad = (n: number): string => String(n).padEnd(2);
    expect(r.out.slice(from)).toEqual([
      '  published:  yes, when this happened',
      `  life:       seq ${pad(seq((x) => x.kind === 'alloc.reserve' && x.alloc === id))}  alloc.reserve  function, ` +
        `[0x${run.body.start.toString(16)}, 0x${(run.body.start + 16).toString(16)})`,
      `              seq ${pad(seq((x) => x.kind === 'window.open' && x.alloc === id))}  window.open    w4, thread ` +
        `${run.records.find((x) => x.kind === 'window.open' && x.alloc === id)?.tid}, reason deopt add, site tiers.ts:9`,
      `              seq ${pad(seq((x) => x.kind === 'seal' && x.alloc === id))}  seal           ok`,
      `              seq ${pad(seq((x) => x.kind === 'publish' && x.alloc === id))}  publish`,
      `              seq ${pad(seq((x) => x.kind === 'replace' && x.alloc === id))}  replace        handle0: jit#1 -> ${id}, reason deopt add, site tiers.ts:9`,
      `  entries:    1 before this record, the last at seq ${seq((x) => x.kind === 'enter' && x.alloc === id)} ` +
        `(thread ${run.records.find((x) => x.kind === 'enter' && x.alloc === id)?.tid})`,
      '  next:       none',
      '  pitfall:    write to code without a window',
    ]);
  });

  it('a refused write inside a window: the open\'s flip with the window\'s site; the allocation was never published', () => {
    const run = lifeRun();
    const v = run.records.find((r) => r.kind === 'violation')?.seq ?? -1;
    const r = capture(['audit', 'explain', file('life4.jsonl', run.text), '--seq', String(v)]);
    expect(r.code).toBe(0);
    expect(r.out.find((l) => l.startsWith('  last flip:'))).toMatch(/, cause window\.open, window w6, reason emit stub, site stubs\.ts:21$/);
    expect(r.out).toContain(`  allocation: ${run.stub.id} (never sealed)`);
    expect(r.out).toContain('  published:  no, when this happened');
    expect(r.out.filter((l) => /^ {2}life: {7}seq \d+ {2}alloc\.reserve {2}stub, /.test(l))).toHaveLength(1);
  });

  it('the help names the new fields', () => {
    const help = capture(['audit', 'help']).out.join('\n');
    expect(help).toContain('(patches, entries, retires, reclaims, replaces, thread exits,');
    expect(help).toContain('of its key with its window, reason and site, and the lifecycle');
  });
});
