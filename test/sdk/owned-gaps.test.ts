/**
 * What docs/security-model.md ("What is not covered") says threads that are not executors can
 * and cannot do, checked against the SDK: the owned-resources filter (sdk/owned.ts) refuses and
 * records calls on the SDK's keys and memory from every role; the calls listed as still open
 * pass unrecorded.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Errno, Machine, MAP_ANONYMOUS, MAP_PRIVATE, PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE, SYS } from '../../mpk-hw/index.js';
import { MemorySink, Sandbox, SdkError } from '../../sdk/index.js';

function setup() {
  const mem = new MemorySink();
  const sbx = new Sandbox(new Machine(), { audit: [mem] });
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const region = sbx.createRegion('code', 4096);
  return { mem, sbx, compiler, region };
}

const CLONE_THREAD_FLAGS = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000; // CLONE_VM|FS|FILES|SIGHAND|THREAD

/** The "What is not covered" section of docs/security-model.md. */
function notCovered(): string {
  const doc = readFileSync(new URL('../../docs/security-model.md', import.meta.url), 'utf8');
  return doc.slice(doc.indexOf('## What is not covered'));
}

describe('docs/security-model.md: what threads that are not executors can still do', () => {
  it('the section names the owned-resources filter and what it leaves open', () => {
    const text = notCovered().replace(/\s+/g, ' ');
    expect(text).not.toContain('Threads that are not executors are not filtered');
    expect(text).toContain('`pkey_free` of a key the SDK allocated');
    expect(text).toContain('(`sdk/owned.ts`)');
    for (const open of ['`pkey_alloc` a free key', '`KEYS_EXHAUSTED`', 'PROT_EXEC', 'raw `clone`']) expect(text).toContain(open);
  });

  it.each<[string, (w: ReturnType<typeof setup>) => number]>([
    ['pkey_free of the cold key', (w) => w.compiler.ut.pkeyFree(w.sbx.coldKey)],
    ['mprotect of the code pages', (w) => w.compiler.ut.mprotect(w.region.start, PAGE_SIZE, PROT_READ | PROT_WRITE)],
    ['pkey_mprotect of a guard page', (w) => w.compiler.ut.pkeyMprotect(w.region.start - PAGE_SIZE, PAGE_SIZE, PROT_READ, 0)],
    ['munmap of the code pages', (w) => w.compiler.ut.munmap(w.region.start, PAGE_SIZE)],
  ])('refused with EPERM and recorded on a compiler: %s', (_what, call) => {
    const w = setup();
    const from = w.mem.records.length;
    expect(call(w)).toBe(-Errno.EPERM);
    expect(w.mem.records.slice(from).map((r) => [r.kind, r.tid, r.detail?.['action']])).toEqual([['syscall.refused', w.compiler.tid, 'EPERM']]);
  });

  it('pkey_alloc of a free key passes; only its PKRU side effect is recorded, at the next check', () => {
    const w = setup();
    const from = w.mem.records.length;
    const k = w.compiler.ut.pkeyAlloc(0, 0);
    expect(k).toBeGreaterThan(0);
    expect(w.mem.records.length).toBe(from);
    expect(w.compiler.ut.pkeyFree(k)).toBe(0); // not the SDK's key
    expect(w.mem.records.slice(from).map((r) => [r.kind, r.detail?.['where'] ?? r.detail?.['cause']])).toEqual([
      ['pkru.unaudited', 'syscall'], ['pkru', 'repair']]);
  });

  it('taking every free key makes the SDK\'s next key allocation fail (KEYS_EXHAUSTED)', () => {
    const w = setup();
    while (w.compiler.ut.pkeyAlloc(0, 1) > 0) { /* take them all */ }
    const a = w.sbx.reserve(w.sbx.createRegion('second', 4096), 16, 'f');
    let err: unknown = null;
    try {
      w.sbx.openWindow(w.compiler, a, { reason: 'emit' }).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SdkError);
    expect((err as SdkError).code).toBe('KEYS_EXHAUSTED');
  });

  it('executable memory of its own and raw clone pass, unrecorded; the new thread is unknown to the SDK', () => {
    const w = setup();
    const from = w.mem.records.length;
    const rwx = w.compiler.ut.mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS);
    expect(rwx).toBeGreaterThan(0);
    const stack = w.compiler.ut.mmap(0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    const tid = w.compiler.ut.syscall(SYS.clone, CLONE_THREAD_FLAGS, stack + 2 * PAGE_SIZE);
    expect(tid).toBeGreaterThan(w.compiler.tid);
    expect(w.mem.records.slice(from)).toEqual([]);
    expect(w.sbx.threads.has(tid)).toBe(false);
  });
});
