/**
 * Schema 2 (sdk/audit/mac.ts, read.ts): keyed, forward-secure records over exact bytes.  Each
 * way of breaking a log is told apart, with the key and without it; an attacker who holds the
 * key of epoch e (a process compromised then) cannot rewrite what was logged before e.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Machine } from '../../../mpk-hw/index.js';
import { AuditLog, FileSink, MemorySink } from '../../../sdk/audit/log.js';
import { KeySchedule, lineOf, nextKey, recordMac, sha256Hex, splitLine } from '../../../sdk/audit/mac.js';
import { readLog } from '../../../sdk/audit/read.js';
import { GENESIS_HASH } from '../../../sdk/audit/schema.js';
import { Sandbox, verifyLog } from '../../../sdk/index.js';

const KEY = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const OTHER = Uint8Array.from({ length: 32 }, (_, i) => i);

/** A log of `n` pkru records (plus open and close) under `key`, `epochRecords` records per epoch. */
function makeLog(key: Uint8Array, n = 10, epochRecords = 4): string[] {
  const mem = new MemorySink();
  const log = new AuditLog([mem], { key, epochRecords });
  log.emit({ kind: 'log.open', cycle: 0, tid: null });
  for (let i = 0; i < n; i++) log.emit({ kind: 'pkru', cycle: i, tid: 7, key: 1, pkruBefore: '0x55555554', pkruAfter: '0x55555550', reason: `w${i}` });
  log.close(99);
  return mem.lines.slice();
}
const text = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join('');
const bodyOf = (line: string): Record<string, unknown> => {
  const s = splitLine(line);
  if ('malformed' in s) throw new Error(s.malformed);
  return JSON.parse(s.body) as Record<string, unknown>;
};

/**
 * Recomputes every prev and MAC from line `from` on, as an attacker would: `keyOf(epoch)` gives
 * the key it has for an epoch (null: none, it uses a made-up one).
 */
function rechain(lines: readonly string[], keyOf: (epoch: number) => Buffer | null, epochRecords = 4): string[] {
  const out: string[] = [];
  const logId = (bodyOf(lines[0] ?? '')['detail'] as { audit: { logId: string } }).audit.logId;
  let prevLine = GENESIS_HASH;
  let prevMac = sha256Hex(`pkjit audit log ${logId}`);
  for (const line of lines) {
    const fields: Record<string, unknown> = { ...bodyOf(line), prev: prevLine };
    const body = JSON.stringify(fields);
    const seq = fields['seq'] as number;
    const mac = recordMac(keyOf(Math.floor(seq / epochRecords)) ?? Buffer.alloc(32, 9), prevMac, body);
    const l = lineOf(body, mac);
    out.push(l);
    prevLine = sha256Hex(l);
    prevMac = mac;
  }
  return out;
}

describe('schema 2: an intact log', () => {
  it('is authentic with the key, intact but not checked without it', () => {
    const lines = makeLog(KEY);
    expect(readLog(text(lines), { key: KEY })).toMatchObject({ status: 'intact', finding: null, authenticity: 'authentic', version: 2, problems: [] });
    const r = readLog(text(lines));
    expect(r).toMatchObject({ status: 'intact', authenticity: 'not-checked' });
    expect(r.authenticityNote).toMatch(/no key given/);
    // The wrong key: every MAC fails, the chain itself is consistent.
    expect(readLog(text(lines), { key: OTHER })).toMatchObject({ status: 'tampered', finding: 'rechained', authenticity: 'forged' });
  });

  it('each line is its body plus the MAC; prev is the sha256 of the line before; the first MAC covers the log id', () => {
    const lines = makeLog(KEY, 2);
    const s = splitLine(lines[1] ?? '');
    expect('body' in s && JSON.parse(s.body).prev).toBe(sha256Hex(lines[0] ?? ''));
    expect(bodyOf(lines[0] ?? '')['prev']).toBe(GENESIS_HASH);
    const logId = (bodyOf(lines[0] ?? '')['detail'] as { audit: { logId: string; schema: number } }).audit;
    expect(logId.schema).toBe(2);
    const s0 = splitLine(lines[0] ?? '');
    expect('body' in s0 && recordMac(Buffer.from(KEY), sha256Hex(`pkjit audit log ${logId.logId}`), s0.body)).toBe('body' in s0 && s0.mac);
  });
});

describe('schema 2: each attack is told apart', () => {
  const lines = makeLog(KEY);
  const edit = (i: number, f: (b: Record<string, unknown>) => Record<string, unknown>): string[] => {
    const copy = lines.slice();
    const line = copy[i] ?? '';
    const s = splitLine(line);
    if ('malformed' in s) throw new Error(s.malformed);
    copy[i] = lineOf(JSON.stringify(f(JSON.parse(s.body) as Record<string, unknown>)), s.mac);
    return copy;
  };
  const other = makeLog(KEY);
  const otherKey = makeLog(OTHER);
  const seed = Buffer.from(KEY);

  it.each<[string, () => string, string, string | null]>([
    // [what, the log, finding with the key, finding without]
    ['cut after 5 records', () => text(lines.slice(0, 5)), 'truncated', 'truncated'],
    ['cut inside a line', () => text(lines).slice(0, -30), 'truncated', 'truncated'],
    ['one record edited (reason changed)', () => text(edit(3, (b) => ({ ...b, reason: 'ATTACKER' }))), 'tampered', 'tampered'],
    ['a record removed', () => text([...lines.slice(0, 4), ...lines.slice(5)]), 'reordered', 'reordered'],
    ['two records swapped', () => text([lines[0] ?? '', lines[2] ?? '', lines[1] ?? '', ...lines.slice(3)]), 'reordered', 'reordered'],
    ['log.close count changed', () => text(edit(lines.length - 1, (b) => ({ ...b, detail: { records: 3 } }))), 'tampered', 'tampered'],
    ['rewritten and re-chained without the key', () => text(rechain(edit(3, (b) => ({ ...b, reason: 'ATTACKER' })), () => null)), 'rechained', null],
    ['every window-like record removed and re-chained', () => text(rechain([lines[0] ?? '', ...lines.slice(6)].map((l, i) => {
      const b = bodyOf(l);
      return lineOf(JSON.stringify({ ...b, seq: i, ...(b['kind'] === 'log.close' ? { detail: { records: lines.length - 5 } } : {}) }), '0'.repeat(64));
    }), () => null)), 'rechained', null],
    ['spliced: another log under the same key from record 6', () => text([...lines.slice(0, 6), ...other.slice(6)]), 'spliced', 'tampered'],
    ['spliced: another log under another key from record 6', () => text([...lines.slice(0, 6), ...otherKey.slice(6)]), 'spliced', 'tampered'],
    ['an old epoch replayed (records 0-3 again after 7)', () => text([...lines.slice(0, 8), ...lines.slice(0, 4), ...lines.slice(8)]), 'replayed', 'replayed'],
    ['CRLF line ends', () => lines.map((l) => `${l}\r\n`).join(''), 'malformed', 'malformed'],
    ['a record re-serialised with spaces', () => text(lines.map((l, i) => (i === 2 ? l.replace('","', '", "') : l))), 'malformed', 'malformed'],
    ['an escape the writer does not use (\\u0072)', () => text(lines.map((l, i) => (i === 2 ? l.replace('"reason"', '"\\u0072eason"') : l))), 'malformed', 'malformed'],
    ['a smuggled duplicate key', () => text(lines.map((l, i) => (i === 2 ? l.replace('"reason":', '"reason":"ATTACKER-CHOSEN TEXT","reason":') : l))), 'malformed', 'malformed'],
    ['a record nested 20,000 arrays deep', () => text([...lines.slice(0, 2), `{"v":2,"seq":2,"kind":"pkru","detail":${'['.repeat(20000)}${']'.repeat(20000)},"prev":"${'0'.repeat(64)}","mac":"${'0'.repeat(64)}"}`, ...lines.slice(3)]), 'malformed', 'malformed'],
  ])('%s', (_what, log, withKey, without) => {
    const k = readLog(log(), { key: KEY });
    expect(k.finding, k.problems.map((p) => `${p.line}: ${p.message}`).join('\n')).toBe(withKey);
    expect(k.status).toBe(withKey === 'truncated' ? 'truncated' : 'tampered');
    expect(readLog(log()).finding).toBe(without);
    // verify gives a report, never a host error, and does not replay a tampered log.
    const v = verifyLog(log(), { key: KEY });
    expect(v.ok).toBe(false);
    if (v.status === 'tampered') expect(v.replayed).toBe(false);
  });

  it('forward security: holding the key of epoch 2, an attacker cannot rewrite epochs 0 and 1', () => {
    const k2 = nextKey(nextKey(seed));
    const has = (e: number): Buffer | null => (e >= 2 ? new KeySchedule(k2).key(e - 2) : null);
    // Rewriting a record of epoch 0 (and re-chaining everything with the keys it has) is found.
    const early = readLog(text(rechain(edit(1, (b) => ({ ...b, reason: 'ATTACKER' })), has)), { key: KEY });
    expect(early).toMatchObject({ status: 'tampered', authenticity: 'forged' });
    expect(early.problems.find((p) => p.message.startsWith('mac'))?.seq).toBe(0);
    // From its own epoch on it can write MACs that verify: what it logs after t is its own (the
    // limit of any forward-secure log; a checkpoint kept elsewhere is what fixes the end).
    const sched = new KeySchedule(seed);
    expect(sched.key(2).equals(k2)).toBe(true);
    expect(sched.key(3).equals(nextKey(k2))).toBe(true);
  });

  it('property: any single byte changed in a real sandbox log is never intact with the key', () => {
    const mem = new MemorySink();
    const sbx = new Sandbox(new Machine(), { audit: { sinks: [mem], key: KEY, epochRecords: 8 } });
    const compiler = sbx.spawn(sbx.owner, 'compiler');
    const region = sbx.createRegion('r', 4096);
    sbx.load(region, Uint8Array.of(0xc3), { reason: 'ret', writer: compiler });
    sbx.close();
    const bytes = new TextEncoder().encode(mem.text());
    expect(verifyLog(mem.text(), { key: KEY })).toMatchObject({ status: 'intact', authenticity: 'authentic', ok: true });
    fc.assert(fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const copy = bytes.slice();
      copy[at] = (copy[at] ?? 0) ^ x;
      return readLog(new TextDecoder().decode(copy), { key: KEY }).status !== 'intact';
    }), { seed: 11, numRuns: 1500 });
  });
});

describe('schema 2: keys', () => {
  it('a sandbox with a FileSink and no key writes a key file (mode 0600) next to the log; verify with it is authentic', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pkjit-mac-'));
    const path = join(dir, 'run.jsonl');
    const sbx = new Sandbox(new Machine(), { audit: [new FileSink(path)] });
    sbx.spawn(sbx.owner, 'executor');
    sbx.close();
    const keyText = readFileSync(`${path}.key`, 'utf8');
    expect(keyText).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(`${path}.key`).mode & 0o777).toBe(0o600);
    const log = readFileSync(path, 'utf8');
    expect(readLog(log, { key: keyText })).toMatchObject({ status: 'intact', authenticity: 'authentic' });
    expect(readLog(log).authenticityNote).toMatch(/key file/);
  });

  it('a memory-only sandbox without a key says the MACs cannot be checked; bad key options are refused', () => {
    const mem = new MemorySink();
    const sbx = new Sandbox(new Machine(), { audit: [mem] });
    sbx.close();
    expect(readLog(mem.text()).authenticityNote).toMatch(/kept no key/);
    expect(readLog(mem.text(), { key: KEY }).authenticity).toBe('forged');
    for (const audit of [{ key: new Uint8Array(16) }, { key: 'k' }, { keyFile: '' }, { key: KEY, keyFile: '/tmp/x' }, { epochRecords: 0 }, { sink: [] }]) {
      expect(() => new Sandbox(new Machine(), { audit: audit as never })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    }
    expect(readLog(mem.text(), { key: 'not hex' }).problems[0]?.message).toMatch(/32 bytes/);
  });
});

describe('schema 2: signed checkpoints (audit: { sign: true })', () => {
  /** A signed log: 10 pkru records, 4 per epoch: checkpoints after seq 3, 8 (its epoch's 4th is the checkpoint's) and at close. */
  function signedLog(): { lines: string[]; publicKey: string } {
    const mem = new MemorySink();
    const log = new AuditLog([mem], { key: KEY, epochRecords: 4, sign: true });
    log.emit({ kind: 'log.open', cycle: 0, tid: null });
    for (let i = 0; i < 10; i++) log.emit({ kind: 'pkru', cycle: i, tid: 7, reason: `w${i}` });
    log.close(99);
    return { lines: mem.lines.slice(), publicKey: log.header.publicKey ?? '' };
  }

  it('every epoch end and the close have a checkpoint that anyone can verify without the MAC key', () => {
    const { lines, publicKey } = signedLog();
    expect(publicKey).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    const r = readLog(text(lines), { publicKey });
    const cps = r.records.filter((x) => x.kind === 'checkpoint');
    expect(cps.length).toBeGreaterThanOrEqual(3);
    expect(r).toMatchObject({ status: 'intact', checkpoints: { signed: cps.length, verified: cps.length } });
    expect(r.checkpoints.note).toMatch(/pinned public key/);
    expect(readLog(text(lines), { key: KEY, publicKey })).toMatchObject({ status: 'intact', authenticity: 'authentic' });
  });

  it('a log rewritten and re-chained without any secret is found by the checkpoints alone', () => {
    const { lines, publicKey } = signedLog();
    const edited = lines.slice();
    const b = bodyOf(edited[2] ?? '');
    edited[2] = lineOf(JSON.stringify({ ...b, reason: 'ATTACKER' }), '0'.repeat(64));
    const forged = rechain(edited, () => null);
    // No MAC key, no pinned key: the chain is consistent, the checkpoints no longer match.
    expect(readLog(text(forged))).toMatchObject({ status: 'tampered', finding: 'rechained' });
    // The attacker re-signs with a key of its own, swapped into log.open: only a pinned key finds it.
    const own = new AuditLog([new MemorySink()], { sign: true }).header.publicKey ?? '';
    const swapped = forged.map((l, i) => (i === 0 ? lineOf(JSON.stringify({ ...bodyOf(l), detail: { ...(bodyOf(l)['detail'] as object),
      audit: { ...((bodyOf(l)['detail'] as { audit: object }).audit), publicKey: own } } }), '0'.repeat(64)) : l));
    expect(readLog(text(rechain(swapped, () => null)), { publicKey })).toMatchObject({ status: 'tampered', finding: 'rechained' });
    expect(readLog(text(rechain(swapped, () => null)), { publicKey }).problems[0]?.message).toMatch(/pinned public key/);
  });
});
