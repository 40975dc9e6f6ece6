import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { capture, scratch } from './capture.js';
import { BASE, closeW0, LogBuilder, openW0, sandboxRun, TEST_KEY, write } from '../sdk/audit/logs.js';

const { dir, file } = scratch('pkjit-audit-cli-');

/** The test logs' seed key as a key file. */
const KEY_FILE = file('test.key', `${Buffer.from(TEST_KEY).toString('hex')}\n`);

describe('pkjit audit verify', () => {
  it('an intact real log: exit 0, one line; authentic with --key, not checked without', () => {
    const run = sandboxRun();
    const r = capture(['audit', 'verify', file('run.jsonl', run.text), '--key', KEY_FILE]);
    expect(r).toEqual({ code: 0, out: [`intact: ${run.records.length} records, 5 invariants hold; authentic: every MAC verifies under the key`], err: [] });
    const n = capture(['audit', 'verify', join(dir, 'run.jsonl')]);
    expect(n).toEqual({ code: 0, err: [], out: [`intact: ${run.records.length} records, 5 invariants hold; ` +
      "authenticity not checked: no key given (the key is the embedder's; verify with --key)"] });
  });

  it('a rewritten, re-chained log: intact without the key, rechained and not authentic with it', () => {
    const run = sandboxRun();
    const other = file('other.key', `${'ab'.repeat(32)}\n`);
    const r = capture(['audit', 'verify', file('run2.jsonl', run.text), '--key', other]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('finding: rechained');
    expect(r.out.at(-1)).toBe('FAIL: tampered, invariants not checked (the records cannot be trusted)');
  });

  it('a bad key file is a one-line usage error', () => {
    const r = capture(['audit', 'verify', file('run3.jsonl', sandboxRun().text), '--key', file('bad.key', 'nope')]);
    expect(r).toMatchObject({ code: 2, out: [] });
    expect(r.err).toEqual([expect.stringMatching(/does not hold a key \(64 hex digits\)$/)]);
  });

  it('invariant violations: one line each with seq and invariant, then FAIL, exit 1', () => {
    const b = new LogBuilder();
    b.add(...BASE, ...openW0(100), write(110, 0x10030, 0x10041));
    const r = capture(['audit', 'verify', file('bad.jsonl', b.text()), '--key', KEY_FILE]);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      'seq 9: invariant 1: window w0 of thread 2 opens and never closes',
      "seq 10: invariant 2: thread 2 writes [0x10030, 0x10041) outside window w0's range [0x10000, 0x10040)",
      'FAIL: intact, 2 invariant violations',
    ]);
  });

  it('a truncated log: truncated with its line, partial check, exit 1', () => {
    const lines = sandboxRun().text.split('\n');
    const r = capture(['audit', 'verify', file('cut.jsonl', lines.slice(0, 10).join('\n') + '\n' + (lines[10] ?? '').slice(0, 30)), '--key', KEY_FILE]);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      'truncated: line 11: the last line is cut off',
      'truncated: line 11 (seq 9): the log ends without its log.close record',
      'FAIL: truncated, 0 invariant violations (partial: checked on the 10 records present)',
    ]);
  });

  it('a tampered log: tampered with line and seq, not replayed, exit 1', () => {
    const lines = sandboxRun().text.split('\n');
    lines[3] = (lines[3] ?? '').replace('"tid":', '"tid":1');
    const r = capture(['audit', 'verify', file('edit.jsonl', lines.join('\n')), '--key', KEY_FILE]);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      'tampered: line 4 (seq 3): mac does not verify under the key of its epoch',
      'tampered: line 5 (seq 4): prev is not the sha256 of the line before',
      'not authentic: 1 record(s) whose MAC does not verify under the key (first: seq 3)',
      'FAIL: tampered, invariants not checked (the records cannot be trusted)',
    ]);
  });

  it('property: a single flipped byte anywhere in a real log makes verify exit 1', () => {
    const bytes = Buffer.from(sandboxRun().text);
    const path = join(dir, 'flip.jsonl');
    fc.assert(fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const copy = Buffer.from(bytes);
      copy[at] = (copy[at] ?? 0) ^ x;
      writeFileSync(path, copy);
      const r = capture(['audit', 'verify', path, '--key', KEY_FILE]);
      return r.code === 1 && /^FAIL: (tampered|truncated), /.test(r.out.at(-1) ?? '');
    }), { seed: 3, numRuns: 300 });
  });
});

describe('pkjit audit summary, html, explain', () => {
  it('summary prints the tables', () => {
    const run = sandboxRun();
    const r = capture(['audit', 'summary', file('s.jsonl', run.text)]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe(`${run.records.length} records, 1 region, 3 threads`);
    expect(r.out).toContain(`${run.executor.tid}  executor        0      0           2          0       1                 0`);
    const json = capture(['audit', 'summary', '--json', join(dir, 's.jsonl')]);
    expect(JSON.parse(json.out.join('\n'))).toMatchObject({ chain: 'intact', records: run.records.length, regions: [{ name: 'tier1', bytes: 14 }] });
  });

  it('summary of a damaged log says so first', () => {
    const text = sandboxRun().text;
    const r = capture(['audit', 'summary', file('s2.jsonl', text.slice(0, text.length - 200))]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^note: the log is truncated \(2 problems; run pkjit audit verify\): using the \d+ records that could be read$/);
  });

  it('html writes a self-contained page', () => {
    const run = sandboxRun();
    const out = join(dir, 'report.html');
    const r = capture(['audit', 'html', file('h.jsonl', run.text), '-o', out, '--title', 'my <run>']);
    expect(r).toEqual({ code: 0, err: [], out: [`wrote ${out}: ${run.records.length} records, 3 thread lanes, 2 allocation lanes, 2 faults and violations, chain intact, 0 invariant violations`] });
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<title>my &#60;run&#62;</title>');
    expect(html).toContain('<canvas id="cv"></canvas>');
  });

  it('explain prints the diagnosis of a fault', () => {
    const run = sandboxRun();
    const seq = run.records.find((x) => x.kind === 'fault')?.seq ?? -1;
    const r = capture(['audit', 'explain', file('e.jsonl', run.text), '--seq', String(seq)]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(new RegExp(`^seq ${seq}: fault \\(cycle \\d+, thread ${run.executor.tid}, executor\\)$`));
    expect(r.out).toContain('  pitfall:    executor write to code');
  });

  it.each([
    [['audit', 'verify', '/no/such/log.jsonl'], "pkjit: audit verify: cannot read '/no/such/log.jsonl': no such file (ENOENT)"],
    [['audit', 'summary', '/tmp'], "pkjit: audit summary: cannot read '/tmp': it is a directory (EISDIR)"],
    [['audit', 'verify'], 'pkjit: audit verify: expected one LOG file, got 0 (usage: pkjit audit verify LOG)'],
    [['audit', 'verify', 'a', 'b'], 'pkjit: audit verify: expected one LOG file, got 2 (usage: pkjit audit verify LOG)'],
    [['audit', 'frob'], "pkjit: audit: unknown command 'frob' (verify, summary, html or explain)"],
    [['audit', 'verify', '--bogus', 'x'], /^pkjit: Unknown option '--bogus'/],
    [['audit', 'html', 'LOG'], 'pkjit: audit html: -o FILE is required (where to write the report)'],
    [['audit', 'explain', 'LOG'], 'pkjit: audit explain: --seq N is required'],
    [['audit', 'explain', 'LOG', '--seq', 'x1'], "pkjit: audit explain: --seq 'x1' is not a record number"],
  ])('usage error %j: exit 2, one line', (argv, msg) => {
    const args = argv.map((a) => (a === 'LOG' ? file('u.jsonl', sandboxRun().text) : a));
    const r = capture(args);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toHaveLength(1);
    if (typeof msg === 'string') expect(r.err[0]).toBe(msg);
    else expect(r.err[0]).toMatch(msg);
  });

  it('explain of a record that is not a fault or violation: exit 2, says so', () => {
    const run = sandboxRun();
    const r = capture(['audit', 'explain', file('e2.jsonl', run.text), '--seq', '2']);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^pkjit: audit explain: seq 2 is a \S+ record, not a fault or violation \(faults and violation records: \d+, \d+; invariant violations: none\)$/);
    expect(capture(['audit', 'explain', join(dir, 'e2.jsonl'), '--seq', '999']).err).toEqual([
      `pkjit: audit explain: no record with seq 999 (the log has seq 0..${run.records.length - 1})`]);
  });

  it('audit help and the top-level help', () => {
    expect(capture(['audit']).out.join('\n').split('\n')[0]).toBe('usage: pkjit audit <command> LOG [options]');
    expect(capture(['audit', 'verify', '--help'])).toMatchObject({ code: 0, out: [expect.stringContaining('verify LOG')] });
    expect(capture(['help']).out.join('\n')).toMatch(/\n {2}audit {7}verify, summarise/);
    const b = new LogBuilder();
    b.add(...BASE, ...openW0(1), ...closeW0(2));
    expect(capture(['audit', 'verify', file('ok.jsonl', b.text())]).code).toBe(0);
  });
});

describe('pkjit audit verify --public-key', () => {
  it('checks a signed log\'s checkpoints against a pinned public key', async () => {
    const { AuditLog, MemorySink } = await import('../../sdk/index.js');
    const mem = new MemorySink();
    const log = new AuditLog([mem], { key: TEST_KEY, epochRecords: 3, sign: true });
    log.emit({ kind: 'log.open', cycle: 0, tid: null });
    for (let i = 0; i < 5; i++) log.emit({ kind: 'pkru', cycle: i, tid: 1 });
    log.close(9);
    const path = file('signed.jsonl', mem.text());
    const pub = file('signed.pub', `${log.header.publicKey ?? ''}\n`);
    const ok = capture(['audit', 'verify', path, '--public-key', pub]);
    expect(ok.code).toBe(0);
    expect(ok.out[1]).toMatch(/^\d+ of \d+ signed checkpoints verify under the pinned public key$/);
    const other = new AuditLog([new MemorySink()], { sign: true }).header.publicKey ?? '';
    const bad = capture(['audit', 'verify', path, '--public-key', file('other.pub', other)]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('tampered: line 1 (seq 0): log.open does not carry the pinned public key');
    expect(capture(['audit', 'verify', path, '--public-key', file('junk.pub', 'not base64!')]).code).toBe(2);
  });
});
