/**
 * Logs for the html tests: `lifeRun`, a real Sandbox run with a record of every marker kind the
 * timeline draws, and `bigLog`, a hand-made log of any size shaped like a JIT's (reserve, window,
 * seal, publish, enter, now and then a patch, replace, retire, reclaim, fault or violation).
 */
import { Machine, PROT_READ, SIGSEGV } from '../../../mpk-hw/index.js';
import { Assembler, eax, rax } from '../../../jit/x64/index.js';
import { MemorySink } from '../../../sdk/audit/log.js';
import { hex32, hexAddr, type AuditEvent, type AuditRecord } from '../../../sdk/audit/schema.js';
import { Sandbox } from '../../../sdk/sandbox.js';
import { LogBuilder } from './logs.js';

/** A real run and its records. */
export interface LifeRun {
  readonly records: readonly AuditRecord[];
  readonly text: string;
  /** tids of the compiler and the executor that faults. */
  readonly compiler: number;
  readonly executor: number;
}

/** `mov eax, N; ret` */
function constant(n: number): Uint8Array {
  return new Assembler().mov(eax, n).ret().finish();
}

/**
 * Region `tier1`: a loaded function, called, patched (atomic), replaced (the old body retired
 * and reclaimed), and started under a scheduler (its thread exits through the return
 * trampoline); region `tier2`: a window with a refused out-of-bounds write (violation), a seal
 * refused for WRPKRU (failed seal), an executor's refused mprotect and its write to code (fault).
 */
export function lifeRun(): LifeRun {
  const mem = new MemorySink();
  const sbx = new Sandbox(new Machine(), { audit: [mem] });
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const executor = sbx.spawn(sbx.owner, 'executor');
  const tier1 = sbx.createRegion('tier1', 16 * 1024);
  const h = sbx.load(tier1, constant(7), { reason: 'load f', site: 'jit.ts:40' });
  h.call(executor);
  sbx.patch(compiler, h.body, 1, Uint8Array.of(42, 0, 0, 0), { reason: 'inline cache', site: 'ic.ts:12' });
  h.call(executor);
  h.replace(new Assembler().mov(rax, 9).ret().finish(), { reason: 'tier up f' });
  sbx.collect(tier1);
  const sched = sbx.machine.scheduler({ seed: 1 });
  h.start(sched, sbx.spawn(sbx.owner, 'executor'));
  sched.run();
  const tier2 = sbx.createRegion('tier2', 4096);
  const g = sbx.reserve(tier2, 32, 'function');
  const w = sbx.openWindow(compiler, g, { reason: 'emit g', site: 'jit.ts:50', range: { offset: 0, length: 8 } });
  w.write(0, Uint8Array.of(0xb8, 0x0f, 0x01, 0xef, 0x00, 0xc3));
  try {
    w.write(8, Uint8Array.of(0x90));
  } catch {
    // refused: WINDOW_BOUNDS, a violation record
  }
  w.close();
  try {
    sbx.seal(g);
  } catch {
    // VerifyError: WRPKRU at offset 1, a failed seal
  }
  executor.ut.mprotect(tier2.start, 4096, PROT_READ);
  try {
    executor.ut.write8(h.body.start, 0xcc);
  } catch {
    // the SDK's handler records the fault and ends the thread
  }
  sbx.close();
  return { records: mem.records, text: mem.text(), compiler: compiler.tid, executor: executor.tid };
}

/** PKRU with AD set on `keys`, and WD too on `readOnly`. */
function pkruOf(keys: readonly number[], open: number | null): string {
  let v = 0;
  for (const k of keys) if (k !== open) v |= 1 << (2 * k);
  return hex32(v);
}

const KEYS = [1, 2, 3, 4];
const EXECUTORS = [3, 4, 5];

/** The records of one compile of allocation `i` (about 17 records). */
function compileEvents(i: number, cycle: number): AuditEvent[] {
  const region = `r${i % KEYS.length}`;
  const key = KEYS[i % KEYS.length] ?? 1;
  const alloc = `${region}#${Math.floor(i / KEYS.length)}`;
  const start = 0x100000 * (1 + (i % KEYS.length)) + 64 * Math.floor(i / KEYS.length);
  const range: [string, string] = [hexAddr(start), hexAddr(start + 64)];
  const base = pkruOf(KEYS, null);
  const rw = pkruOf(KEYS, key);
  const win = (w: string, reason: string, commit: boolean): AuditEvent[] => [
    { kind: 'pkru', cycle, tid: 2, key, region, alloc, window: w, pkruBefore: base, pkruAfter: rw, detail: { cause: 'window.open' } },
    { kind: 'window.open', cycle, tid: 2, key, region, alloc, window: w, range, reason, ...(commit ? { detail: { commit: true } } : { site: 'jit.ts:10' }) },
    { kind: 'window.write', cycle, tid: 2, region, alloc, window: w, range },
    { kind: 'pkru', cycle, tid: 2, region, alloc, window: w, pkruBefore: rw, pkruAfter: base, detail: { cause: 'window.close' } },
    { kind: 'window.close', cycle, tid: 2, region, alloc, window: w, detail: { bytes: 64, cycles: 10, unused: false } },
  ];
  const out: AuditEvent[] = [
    { kind: 'alloc.reserve', cycle, tid: 1, region, alloc, range, detail: { kind: 'function' } },
    ...win(`w${2 * i}`, `emit f${i}`, false),
    { kind: 'seal', cycle, tid: 1, region, alloc, range, detail: { ok: true, sha256: '0'.repeat(64), findings: [] } },
    ...win(`w${2 * i + 1}`, 'copy the verified bytes into the code pages', true),
    { kind: 'publish', cycle, tid: 1, region, alloc },
    { kind: 'enter', cycle, tid: EXECUTORS[i % EXECUTORS.length] ?? 3, key, region, alloc, detail: { entry: range[0] } },
  ];
  if (i % 7 === 3) {
    out.push({ kind: 'patch', cycle, tid: 2, key, region, alloc, range: [range[0], hexAddr(start + 4)], reason: 'inline cache', detail: { atomic: true, quiesced: false } });
  }
  if (i % 13 === 5) out.push({ kind: 'replace', cycle, tid: 1, region, alloc, reason: 'tier up', detail: { handle: `h${i}`, from: null, to: alloc } });
  if (i % 11 === 10) {
    out.push({ kind: 'retire', cycle, tid: 1, region, alloc, range }, { kind: 'reclaim', cycle, tid: 1, region, alloc, range });
  }
  if (i % 997 === 500) {
    out.push({ kind: 'fault', cycle, tid: EXECUTORS[0] ?? 3, key, region, alloc, range: [range[0], hexAddr(start + 1)],
      detail: { signo: SIGSEGV, si_code: 'SEGV_PKUERR', access: 'write', rights: 'read', lastFlip: null, diagnosis: 'executor write to code' } });
  }
  if (i % 1499 === 700) out.push({ kind: 'violation', cycle, tid: 2, region, alloc, reason: 'write outside the window', detail: { code: 'WINDOW_BOUNDS' } });
  return out;
}

/** A hand-made log of about `n` records (closed, chained); a few thousand allocations over four regions. */
export function bigLog(n: number): AuditRecord[] {
  const b = new LogBuilder();
  const base = pkruOf(KEYS, null);
  let count = b.add({ kind: 'log.open', cycle: 0, tid: null, detail: { policy: 'pkey' } },
    { kind: 'thread.attach', cycle: 0, tid: 1, pkruBefore: base, detail: { role: 'runtime' } },
    { kind: 'thread.spawn', cycle: 1, tid: 2, pkruBefore: base, detail: { role: 'compiler', parent: 1 } },
    ...EXECUTORS.map((tid): AuditEvent => ({ kind: 'thread.spawn', cycle: 1, tid, pkruBefore: base, detail: { role: 'executor', parent: 1 } })),
    ...KEYS.flatMap((key, i): AuditEvent[] => [
      { kind: 'region.create', cycle: 2, tid: 1, region: `r${i}`, range: [hexAddr(0x100000 * (1 + i)), hexAddr(0x100000 * (2 + i))] },
      { kind: 'key.retag', cycle: 2, tid: 1, key, region: `r${i}`, range: [hexAddr(0x100000 * (1 + i)), hexAddr(0x100000 * (2 + i))], reason: 'new region' },
    ]));
  for (let i = 0; count < n - 30; i++) count = b.add(...compileEvents(i, 10 + i * 100));
  b.add(...EXECUTORS.map((tid): AuditEvent => ({ kind: 'thread.exit', cycle: 1e9, tid, reason: 'done', detail: { by: 'runtime function exit', action: 'kill-thread' } })));
  return records(b.text());
}

function records(text: string): AuditRecord[] {
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as AuditRecord);
}
