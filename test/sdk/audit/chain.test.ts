import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { AuditLog, FileSink, MemorySink, CallbackSink } from '../../../sdk/audit/log.js';
import { readLog } from '../../../sdk/audit/read.js';
import { canonicalJson, HashChain, recordHash } from '../../../sdk/audit/hash-chain.js';
import { GENESIS_HASH, type AuditRecord } from '../../../sdk/audit/schema.js';

/** A schema 1 log (hash chain over canonical JSON), as pkjit wrote them before schema 2. */
function sampleLog(n = 6): string {
  const chain = new HashChain();
  const lines: string[] = [];
  const emit = (e: Parameters<HashChain['link']>[0]): void => void lines.push(JSON.stringify(chain.link(e)));
  emit({ kind: 'log.open', cycle: 0, tid: null, detail: { policy: 'pkey' } });
  for (let i = 0; i < n; i++) {
    emit({ kind: 'pkru', cycle: 10 * i, tid: 101, key: 1, pkruBefore: '0x55555554', pkruAfter: '0x55555550', rights: 'k1 A-->--', reason: `emit fn${i}` });
  }
  emit({ kind: 'log.close', cycle: 1000, tid: null, detail: { records: n + 2 } });
  return lines.map((l) => `${l}\n`).join('');
}

describe('schema 1 logs (hash chain) still verify as before, reported unkeyed', () => {
  it('is read as version 1, unkeyed', () => {
    expect(readLog(sampleLog())).toMatchObject({ version: 1, authenticity: 'unkeyed', status: 'intact' });
  });

  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":1,"z":0}]},"b":1}');
  });

  it('links records: seq counts up, prev is the previous hash, hash covers the record', () => {
    const records = readLog(sampleLog()).records;
    expect(records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(records[0]?.prev).toBe(GENESIS_HASH);
    for (let i = 1; i < records.length; i++) expect(records[i]?.prev).toBe(records[i - 1]?.hash);
    for (const r of records) expect(r.hash).toBe(recordHash(r));
    expect(records.at(-1)).toMatchObject({ kind: 'log.close', detail: { records: 8 } });
  });

  it('an untouched log is intact', () => {
    expect(readLog(sampleLog())).toMatchObject({ status: 'intact', problems: [] });
  });

  it('a log cut at any byte is truncated, never intact', () => {
    const text = sampleLog(3);
    for (let cut = 1; cut < text.length; cut++) {
      const r = readLog(text.slice(0, cut));
      expect(r.status, `cut at ${cut}`).toBe('truncated');
    }
    expect(readLog('').status).toBe('truncated');
  });

  it('removing, reordering or editing a record is tampering', () => {
    const lines = sampleLog().split('\n').filter((l) => l !== '');
    const drop = [...lines.slice(0, 2), ...lines.slice(3)].join('\n') + '\n';
    expect(readLog(drop).status).toBe('tampered');
    const swap = [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n') + '\n';
    expect(readLog(swap).status).toBe('tampered');
    const rec = JSON.parse(lines[3] ?? '') as AuditRecord;
    const edited = [...lines.slice(0, 3), JSON.stringify({ ...rec, pkruAfter: '0x00000000' }), ...lines.slice(4)].join('\n') + '\n';
    const r = readLog(edited);
    expect(r.status).toBe('tampered');
    expect(r.problems[0]).toMatchObject({ line: 4, seq: 3, message: "hash does not match the record's contents" });
  });

  it('property: flipping any single byte anywhere is detected (never intact)', () => {
    const text = sampleLog(2);
    const bytes = new TextEncoder().encode(text);
    fc.assert(fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const copy = bytes.slice();
      copy[at] = (copy[at] ?? 0) ^ x;
      const r = readLog(new TextDecoder().decode(copy));
      return r.status !== 'intact';
    }), { seed: 42, numRuns: 3000 });
  });

  it('file and callback sinks see the same lines as memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pkjit-audit-'));
    const path = join(dir, 'a.jsonl');
    const mem = new MemorySink();
    const seen: number[] = [];
    const log = new AuditLog([mem, new FileSink(path), new CallbackSink((r) => seen.push(r.seq))]);
    log.emit({ kind: 'log.open', cycle: 0, tid: null });
    log.close(5);
    expect(readFileSync(path, 'utf8')).toBe(mem.text());
    expect(seen).toEqual([0, 1]);
    expect(() => log.emit({ kind: 'pkru', cycle: 6, tid: 1 })).toThrow(/after the audit log was closed/);
    expect(() => new FileSink(join(dir, 'no/such/dir/x.jsonl'))).toThrow(/cannot open audit log/);
    // A second log in the same file would not chain: refused unless asked for.
    expect(() => new FileSink(path)).toThrow(/is not empty: a second log appended to it would not chain/);
    const before = readFileSync(path, 'utf8');
    new FileSink(path, { append: true }).close();
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(() => new FileSink(path, { apend: true } as never)).toThrow(/only \{ append: boolean \}/);
  });
});
