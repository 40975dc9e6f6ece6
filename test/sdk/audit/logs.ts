/**
 * Logs for the audit tests: real ones from Sandbox runs, and hand-made ones built record by
 * record with AuditLog (so the hash chain is right and only the invariants are wrong).
 */
import { Machine, PROT_READ, SIGSEGV } from '../../../mpk-hw/index.js';
import { AuditLog, MemorySink } from '../../../sdk/audit/log.js';
import { hexAddr, type AuditEvent, type AuditRecord } from '../../../sdk/audit/schema.js';
import { Sandbox } from '../../../sdk/sandbox.js';
import type { SdkThread } from '../../../sdk/threads.js';

/** The seed key of the test logs (the embedder's key: `audit: { key }`), to verify with. */
export const TEST_KEY = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);

/** A real run and what the SDK counted while it ran. */
export interface RealRun {
  readonly text: string;
  readonly records: readonly AuditRecord[];
  readonly sbx: Sandbox;
  readonly compiler: SdkThread;
  readonly executor: SdkThread;
  /** Open times (cycles) of the windows, as WriteWindow.close reported them. */
  readonly windowCycles: readonly number[];
}

/** A sandbox with a compiler and an executor writing to a memory sink. */
export function setup(codeKeys = 12): { sbx: Sandbox; mem: MemorySink; compiler: SdkThread; executor: SdkThread } {
  const mem = new MemorySink();
  const sbx = new Sandbox(new Machine(), { audit: { sinks: [mem], key: TEST_KEY }, codeKeys });
  return { sbx, mem, compiler: sbx.spawn(sbx.owner, 'compiler'), executor: sbx.spawn(sbx.owner, 'executor') };
}

/**
 * Region `tier1` with two allocations: three windows (one unused, one that refuses an
 * out-of-bounds write), then an executor's write to the code, which faults; the fault record
 * is the one the SDK's fault handler is to write (emitted here from the SIGSEGV handler).
 */
export function sandboxRun(opts: { fault?: boolean } = {}): RealRun {
  const { sbx, mem, compiler, executor } = setup();
  const region = sbx.createRegion('tier1', 8192);
  const f = sbx.reserve(region, 64, 'function');
  const g = sbx.reserve(region, 32, 'stub');
  const cycles: number[] = [];
  const w0 = sbx.openWindow(compiler, f, { reason: 'emit f', site: 'jit.ts:10' });
  w0.write(0, Uint8Array.of(0x55, 0x48, 0x89, 0xe5));
  w0.write(4, Uint8Array.of(0x90, 0xc3));
  cycles.push(w0.close().cycles);
  cycles.push(sbx.openWindow(compiler, g, { reason: 'reserve g' }).close().cycles);
  const w2 = sbx.openWindow(compiler, f, { reason: 'patch f', range: { offset: 8, length: 8 } });
  w2.write(8, new Uint8Array(8).fill(0xcc));
  try {
    w2.write(16, Uint8Array.of(1));
  } catch {
    // refused: WINDOW_BOUNDS, recorded as a violation
  }
  cycles.push(w2.close().cycles);
  if (opts.fault !== false) executorFault(executor, f.start);
  sbx.close();
  return { text: mem.text(), records: mem.records, sbx, compiler, executor, windowCycles: cycles };
}

/** The executor writes to code at `at`: SEGV_PKUERR; the SDK's handler records the fault and ends the thread. */
function executorFault(executor: SdkThread, at: number): void {
  try {
    executor.ut.write8(at, 0xcc);
  } catch {
    // the SDK's SIGSEGV handler ended the thread
  }
}

/**
 * Region `jit`: f is written, sealed, published, checked and retired; g holds WRPKRU in an
 * immediate, so its seal fails (a `seal` record with ok: false); the executor's mprotect is
 * refused by the syscall filter.
 */
export function sealRun(): RealRun {
  const { sbx, mem, compiler, executor } = setup();
  const region = sbx.createRegion('jit', 4096);
  const f = sbx.reserve(region, 4, 'function');
  const g = sbx.reserve(region, 6, 'function');
  const cycles: number[] = [];
  sbx.withWindow(compiler, f, { reason: 'emit f' }, (w) => w.write(0, Uint8Array.of(0x31, 0xc0, 0xc3, 0x90)));
  sbx.seal(f);
  sbx.publish(f);
  sbx.checkIntegrity(f);
  sbx.withWindow(compiler, g, { reason: 'emit g' }, (w) => w.write(0, Uint8Array.of(0xb8, 0x0f, 0x01, 0xef, 0x00, 0xc3)));
  try {
    sbx.seal(g);
  } catch {
    // VerifyError: WRPKRU at offset 1
  }
  executor.ut.mprotect(region.start, 4096, PROT_READ);
  sbx.retire(f);
  sbx.close();
  for (const r of mem.records) if (r.kind === 'window.close') cycles.push(Number(r.detail?.['cycles']));
  return { text: mem.text(), records: mem.records, sbx, compiler, executor, windowCycles: cycles };
}

/** Builds a log record by record. */
export class LogBuilder {
  private readonly mem = new MemorySink();
  private readonly log = new AuditLog([this.mem], { key: TEST_KEY });

  /** Appends events; returns the seq of the last. */
  add(...events: AuditEvent[]): number {
    let seq = -1;
    for (const e of events) seq = this.log.emit(e).seq;
    return seq;
  }

  /** The log as text, closed with log.close unless `close` is false. */
  text(close = true): string {
    if (close) this.log.close(999);
    return this.mem.text();
  }
}

/** PKRU values of the hand-made logs (key 0 read/write, others as named). */
export const PKRU = {
  /** k1 none (AD): the baseline of everyone. */
  base: '0x55555554',
  /** k1 readwrite. */
  k1rw: '0x55555550',
  /** k1 read (WD only). */
  k1read: '0x55555558',
  /** every key readwrite. */
  all: '0x00000000',
} as const;

/** Region r = [0x10000, 0x11000) on key 1; r#0 = [0x10000, 0x10040), r#1 = [0x10040, 0x10080). */
export const BASE: readonly AuditEvent[] = [
  { kind: 'log.open', cycle: 0, tid: null, detail: { policy: 'pkey' } },
  { kind: 'thread.attach', cycle: 0, tid: 1, pkruBefore: PKRU.base, detail: { role: 'runtime' } },
  { kind: 'thread.spawn', cycle: 10, tid: 2, pkruBefore: PKRU.base, detail: { role: 'compiler', parent: 1 } },
  { kind: 'thread.spawn', cycle: 20, tid: 3, pkruBefore: PKRU.base, detail: { role: 'executor', parent: 1 } },
  { kind: 'region.create', cycle: 30, tid: 1, region: 'r', range: ['0x10000', '0x11000'] },
  { kind: 'key.retag', cycle: 40, tid: 1, key: 1, region: 'r', range: ['0x10000', '0x11000'], reason: 'new region' },
  { kind: 'alloc.reserve', cycle: 50, tid: 1, region: 'r', alloc: 'r#0', range: ['0x10000', '0x10040'], detail: { kind: 'function' } },
  { kind: 'alloc.reserve', cycle: 60, tid: 1, region: 'r', alloc: 'r#1', range: ['0x10040', '0x10080'], detail: { kind: 'function' } },
];

/** Opens window `w` for thread `tid` on r#0 (its PKRU flip, then window.open). */
export function openW0(cycle: number, tid = 2, w = 'w0'): AuditEvent[] {
  return [
    { kind: 'pkru', cycle, tid, key: 1, region: 'r', alloc: 'r#0', window: w, pkruBefore: PKRU.base, pkruAfter: PKRU.k1rw,
      rights: 'k1 none->readwrite', reason: 'emit', site: 'jit.ts:7', detail: { cause: 'window.open' } },
    { kind: 'window.open', cycle: cycle + 1, tid, key: 1, region: 'r', alloc: 'r#0', window: w, range: ['0x10000', '0x10040'], reason: 'emit' },
  ];
}

/** Closes window `w` of thread `tid`. */
export function closeW0(cycle: number, tid = 2, w = 'w0', bytes = 16): AuditEvent[] {
  return [
    { kind: 'pkru', cycle, tid, region: 'r', alloc: 'r#0', window: w, pkruBefore: PKRU.k1rw, pkruAfter: PKRU.base,
      rights: 'k1 readwrite->none', detail: { cause: 'window.close' } },
    { kind: 'window.close', cycle: cycle + 1, tid, region: 'r', alloc: 'r#0', window: w, detail: { bytes, cycles: 20, unused: bytes === 0 } },
  ];
}

/** A write of [start, end) through window `w` by `tid`. */
export function write(cycle: number, start: number, end: number, tid = 2, w = 'w0'): AuditEvent {
  return { kind: 'window.write', cycle, tid, region: 'r', alloc: 'r#0', window: w, range: [hexAddr(start), hexAddr(end)] };
}

/** Seal (ok or not) of an allocation. */
export function seal(cycle: number, alloc: string, ok = true): AuditEvent {
  return { kind: 'seal', cycle, tid: 2, alloc, range: ['0x10000', '0x10040'], detail: { ok, sha256: '0'.repeat(64), findings: [] } };
}

/** publish / retire / enter of an allocation. */
export function life(kind: 'publish' | 'retire' | 'enter', cycle: number, alloc: string, tid = kind === 'enter' ? 3 : 2): AuditEvent {
  return { kind, cycle, tid, alloc, ...(kind === 'enter' ? { detail: { entry: '0x10000' } } : {}) };
}

/** A PKRU record on `tid` from `before` to `after`. */
export function pkru(cycle: number, tid: number, before: string, after: string, kind: 'pkru' | 'pkru.unaudited' = 'pkru'): AuditEvent {
  return { kind, cycle, tid, pkruBefore: before, pkruAfter: after, detail: kind === 'pkru' ? { cause: 'patch' } : { where: 'spawn' } };
}

/** The sound hand-made log: a window writes r#0, which is sealed, published and entered. */
export function soundEvents(): AuditEvent[] {
  return [...BASE, ...openW0(100), write(110, 0x10000, 0x10010), ...closeW0(120), seal(130, 'r#0'), life('publish', 140, 'r#0'), life('enter', 150, 'r#0')];
}

/** Text meant to break out of HTML content, attributes and scripts. */
export const HOSTILE = `</div>"'><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">&amp;`;

/** A log whose strings are all hostile (it still chains: the writer of a log is not trusted). */
export function hostileEvents(): AuditEvent[] {
  return [...BASE,
    { kind: 'thread.spawn', cycle: 70, tid: 5, pkruBefore: PKRU.base, detail: { role: HOSTILE } },
    { kind: 'pkru', cycle: 80, tid: 2, region: HOSTILE, window: HOSTILE, pkruBefore: PKRU.base, pkruAfter: PKRU.k1rw, rights: HOSTILE, reason: HOSTILE, detail: { cause: HOSTILE } },
    { kind: 'window.open', cycle: 81, tid: 2, key: 1, region: 'r', alloc: 'r#0', window: HOSTILE, range: ['0x10000', '0x10040'], reason: HOSTILE, site: HOSTILE },
    { kind: 'violation', cycle: 85, tid: 2, region: HOSTILE, reason: HOSTILE, detail: { code: HOSTILE } },
    { kind: 'window.close', cycle: 90, tid: 2, window: HOSTILE, detail: { bytes: HOSTILE } },
    { kind: 'fault', cycle: 95, tid: 3, key: 1, range: ['0x10000', '0x10001'], detail: { access: HOSTILE, si_code: HOSTILE, diagnosis: HOSTILE } },
  ];
}
