/**
 * Replaying an audit log: the state the records imply at each step, rebuilt in order.  Shared
 * by the invariant checker (check.ts), the diagnosis (explain.ts), the statistics
 * (summary.ts) and the timeline (html.ts), so that all four read the log the same way:
 *
 *   threads      tid -> role (thread.spawn/attach detail.role) and PKRU (pkruBefore there,
 *                then pkruAfter of every `pkru` / `pkru.unaudited` record)
 *   code keys    every key named by a `key.retag` (a key becomes a code key at its first retag),
 *                except runtime data and guest data retags
 *   regions      name -> key (latest key.retag) and range (region.create)
 *   allocations  id -> region, range (alloc.reserve) and lifetime (seal, publish, retire)
 *   windows      id -> thread, range, region, allocation while open
 *
 * Records of unknown kinds, and fields of the wrong type, change nothing: the log is
 * untrusted input, so every field is read through a type check.
 */
import { pkruAllowsWrite, pkruKeyBits } from '../../mpk-hw/pkru.js';
import { bitsRights, type Rights } from '../policy.js';
import type { AuditRecord } from './schema.js';

/** An address range [start, end), in bytes. */
export type Span = readonly [number, number];

/** What the log says of one thread. */
export interface ThreadState {
  readonly tid: number;
  /** detail.role of its thread.spawn/attach, or null when the log never named one. */
  role: string | null;
  /** Its PKRU as far as the log knows, or null before any record gave one. */
  pkru: number | null;
}

/** A write window between its window.open and window.close. */
export interface OpenWindow {
  readonly id: string;
  readonly tid: number | null;
  readonly region: string | null;
  readonly alloc: string | null;
  /** The range it may write, or null when the record had none. */
  readonly span: Span | null;
  /** seq and cycle of its window.open. */
  readonly seq: number;
  readonly cycle: number;
}

/** The lifetime of an allocation as far as the log tells it. */
export interface AllocLife {
  /** seq of the latest seal, and whether that seal had detail.ok === true. */
  sealSeq: number | null;
  sealOk: boolean;
  /** seq of the latest publish after the latest seal, or null. */
  publishSeq: number | null;
  /** seq of its retire, or null. */
  retireSeq: number | null;
}

/** A 32-bit hex value as the log writes it (`0x%08x`), or null. */
export function parsePkru(v: unknown): number | null {
  return typeof v === 'string' && /^0x[0-9a-f]{1,8}$/i.test(v) ? parseInt(v.slice(2), 16) >>> 0 : null;
}

/** An address range `[hex, hex)` as the log writes it, or null when malformed. */
export function parseSpan(v: unknown): Span | null {
  if (!Array.isArray(v) || v.length !== 2) return null;
  const [a, b] = v as unknown[];
  const ok = (x: unknown): x is string => typeof x === 'string' && /^0x[0-9a-f]{1,13}$/i.test(x);
  if (!ok(a) || !ok(b)) return null;
  const s = parseInt(a.slice(2), 16);
  const e = parseInt(b.slice(2), 16);
  return s <= e ? [s, e] : null;
}

/** A string field of a record's detail, or null. */
export function detailString(r: AuditRecord, name: string): string | null {
  const v = r.detail?.[name];
  return typeof v === 'string' ? v : null;
}

/** A number field of a record's detail, or null. */
export function detailNumber(r: AuditRecord, name: string): number | null {
  const v = r.detail?.[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The rights PKRU gives `key`. */
export function keyRights(pkru: number, key: number): Rights {
  return bitsRights(pkruKeyBits(pkru, key));
}

/** Whether PKRU lets data writes reach `key` (AD = 0 and WD = 0). */
export function canWrite(pkru: number, key: number): boolean {
  return pkruAllowsWrite(pkru, key);
}

/** Whether `n` is a hardware key number (0..15). */
export function isKey(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 16;
}

/** The state of the log after the records applied so far. */
export class Replay {
  readonly threads = new Map<number, ThreadState>();
  /** Code keys in the order they became code keys. */
  readonly codeKeys = new Set<number>();
  /** Keys allocated for guest data (key.alloc with reason 'guest data'). */
  private readonly guestDataKeys = new Set<number>();
  readonly regionKey = new Map<string, number>();
  readonly regionSpan = new Map<string, Span>();
  readonly allocRegion = new Map<string, string>();
  readonly allocSpan = new Map<string, Span>();
  readonly allocs = new Map<string, AllocLife>();
  readonly windows = new Map<string, OpenWindow>();

  /** The thread `tid`, created on first mention. */
  thread(tid: number): ThreadState {
    let t = this.threads.get(tid);
    if (t === undefined) {
      t = { tid, role: null, pkru: null };
      this.threads.set(tid, t);
    }
    return t;
  }

  /** The lifetime record of allocation `id`, created on first mention. */
  alloc(id: string): AllocLife {
    let a = this.allocs.get(id);
    if (a === undefined) {
      a = { sealSeq: null, sealOk: false, publishSeq: null, retireSeq: null };
      this.allocs.set(id, a);
    }
    return a;
  }

  /** The region a record concerns: its `region`, its allocation's, or the one holding its range start. */
  regionOf(r: AuditRecord): string | null {
    if (typeof r.region === 'string') return r.region;
    if (typeof r.alloc === 'string') {
      const known = this.allocRegion.get(r.alloc);
      if (known !== undefined) return known;
      const i = r.alloc.lastIndexOf('#');
      if (i > 0) return r.alloc.slice(0, i);
    }
    const span = parseSpan(r.range);
    if (span === null) return null;
    for (const [name, [s, e]] of this.regionSpan) if (span[0] >= s && span[0] < e) return name;
    return null;
  }

  /** The allocation holding address `at`, or null. */
  allocAt(at: number): string | null {
    for (const [id, [s, e]] of this.allocSpan) if (at >= s && at < e) return id;
    return null;
  }

  /** Applies one record; returns the key that became a code key with it, if any. */
  apply(r: AuditRecord): number | null {
    switch (r.kind) {
      case 'thread.spawn':
      case 'thread.attach': {
        if (typeof r.tid !== 'number') return null;
        const t = this.thread(r.tid);
        t.role = detailString(r, 'role');
        t.pkru = parsePkru(r.pkruBefore);
        return null;
      }
      case 'pkru':
      case 'pkru.unaudited': {
        if (pkruNeverHeld(r)) return null;
        const v = parsePkru(r.pkruAfter);
        if (typeof r.tid === 'number' && v !== null) this.thread(r.tid).pkru = v;
        return null;
      }
      case 'key.alloc':
        // Only a key allocated for guest data may later be retagged as guest data.
        if (isKey(r.key) && r.reason === 'guest data') this.guestDataKeys.add(r.key);
        return null;
      case 'key.retag':
        return this.retag(r);
      default:
        this.applyObjects(r);
        return null;
    }
  }

  private retag(r: AuditRecord): number | null {
    if (!isKey(r.key)) return null;
    // Runtime data (function tables) and guest data (a JIT's heap) are not code: threads write them.
    if (r.detail?.['runtimeData'] === true) return null;
    if (r.detail?.['guestData'] === true && this.guestDataKeys.has(r.key)) return null;
    if (typeof r.region === 'string') this.regionKey.set(r.region, r.key);
    if (this.codeKeys.has(r.key)) return null;
    this.codeKeys.add(r.key);
    return r.key;
  }

  /** Regions, allocations and windows. */
  private applyObjects(r: AuditRecord): void {
    const span = parseSpan(r.range);
    const alloc = typeof r.alloc === 'string' ? r.alloc : null;
    switch (r.kind) {
      case 'region.create':
        if (typeof r.region === 'string' && span !== null) this.regionSpan.set(r.region, span);
        break;
      case 'alloc.reserve':
        if (alloc === null) break;
        if (typeof r.region === 'string') this.allocRegion.set(alloc, r.region);
        if (span !== null) this.allocSpan.set(alloc, span);
        break;
      case 'seal':
        if (alloc !== null) Object.assign(this.alloc(alloc), { sealSeq: r.seq, sealOk: r.detail?.['ok'] === true, publishSeq: null });
        break;
      case 'publish':
        if (alloc !== null) this.alloc(alloc).publishSeq = this.alloc(alloc).sealSeq === null ? null : r.seq;
        break;
      case 'retire':
        if (alloc !== null) this.alloc(alloc).retireSeq = r.seq;
        break;
      case 'window.open':
        if (typeof r.window === 'string') {
          this.windows.set(r.window, { id: r.window, tid: r.tid, region: this.regionOf(r), alloc, span, seq: r.seq, cycle: r.cycle });
        }
        break;
      case 'window.close':
        if (typeof r.window === 'string') this.windows.delete(r.window);
        break;
      default:
        break;
    }
  }
}

/**
 * Whether `r` is a `pkru.unaudited` record of a PKRU its thread never ran with: a signal frame's
 * PKRU slot edited while the handler ran, which the SDK's signal policy (sdk/signals.ts) finds
 * before rt_sigreturn could load it, and then puts back (action 'repair') or ends the thread
 * (action 'kill-thread').  Every other one is the thread's own PKRU: at a system call or an SDK
 * entry, or (where 'before the signal') the interrupted value the kernel saved in the frame
 * (Linux 6.12+ update_pkru_in_sigframe, arch/x86/kernel/fpu/signal.c; spec
 * mpk-linux-semantics L-10), which JIT code ran with until the signal, whatever the action.
 */
export function pkruNeverHeld(r: AuditRecord): boolean {
  return r.kind === 'pkru.unaudited' && r.detail?.['where'] === 'signal frame edited';
}
