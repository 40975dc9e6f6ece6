/**
 * The fetch monitor (issue 9 part 2), for tests: an independent check of the SDK's promise that
 * executors run only code that was sealed and published, byte for byte.  It knows nothing of the
 * SDK's state: it reads the audit log as each record is emitted (a CallbackSink), the sandbox's
 * memory as a debugger would (Machine.peek, /proc/<pid>/mem), and every instruction a thread
 * retires (Machine.setRetireHook).
 *
 * What the log tells it (docs/audit-log.md):
 *
 *   log.open                      detail.pid: the sandboxed process
 *   thread.spawn, thread.attach   detail.role: executors and custom roles are monitored
 *                                 (compiler and runtime threads are not)
 *   alloc.reserve                 alloc id, range [start, end)
 *   seal                          detail.ok, detail.sha256 (its range has the seams: not used)
 *   publish                       executable by contract from now: the bytes must hash to the
 *                                 latest ok seal; the monitor keeps its own copy of them
 *   patch                         the bytes must hash to detail.sha256; the copy is updated
 *   retire, reclaim               no longer executable; region.destroy: none of its allocations
 *
 * Every instruction a monitored thread retires: an INT3 is a refused fetch (the SDK's filler
 * doing its job); any other must lie wholly inside one published allocation and equal the copy.
 */
import { createHash } from 'node:crypto';
import { decode } from '../../mpk-hw/cpu/decode.js';
import { Op } from '../../mpk-hw/cpu/insn.js';
import type { Machine } from '../../mpk-hw/machine.js';
import { CallbackSink } from '../../sdk/audit/log.js';
import type { AuditRecord } from '../../sdk/audit/schema.js';

/** An instruction (or a log event) that breaks the promise. */
export interface FetchViolation {
  /** The thread that retired it (for a log event: the record's tid, -1 when null). */
  readonly tid: number;
  /** Address of the instruction (for a log event: of the allocation). */
  readonly rip: number;
  /** The instruction's bytes as hex pairs ('' when unreadable). */
  readonly bytes: string;
  readonly why: string;
}

/** An INT3 a monitored thread retired: a fetch the filler refused. */
export interface RefusedFetch {
  readonly tid: number;
  readonly rip: number;
  /** The allocation it lies in (any state), or null. */
  readonly alloc: string | null;
}

type AllocState = 'reserved' | 'published' | 'retired';

/** One allocation as the log describes it. */
interface Watched {
  readonly id: string;
  readonly region: string;
  /** [start, end): the reserve record's range, in bytes. */
  readonly start: number;
  readonly end: number;
  state: AllocState;
  /** sha256 of the latest seal with ok: true, or null. */
  sealSha: string | null;
  /** The bytes as published (and patched), when they hashed as the log said; else null. */
  copy: Uint8Array | null;
}

/** Roles whose threads are not monitored: they write code or run the SDK, never JIT code. */
const UNMONITORED_ROLES: ReadonlySet<string> = new Set(['compiler', 'runtime']);

/** Bytes as hex pairs. */
export function hexBytes(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
}

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Whether the bytes are an INT3 (CC, after any prefixes); decoded only when they end in CC. */
function isInt3(b: Uint8Array): boolean {
  return b[b.length - 1] === 0xcc && decode(b, 0, b.length).op === Op.INT3;
}

/** An address from the log ('0x7eff...'). */
function addr(h: string): number {
  return Number.parseInt(h, 16);
}

/** Watches one sandbox on one machine. */
export class FetchMonitor {
  /** Give it to the sandbox: `new Sandbox(machine, { audit: [monitor.sink] })`. */
  readonly sink = new CallbackSink((r) => this.onRecord(r));
  readonly violations: FetchViolation[] = [];
  readonly refusedFetches: RefusedFetch[] = [];
  /** Instructions of monitored threads checked (INT3s included). */
  checked = 0;
  /** Instructions retired by threads not monitored (compiler, runtime, unknown tids). */
  ignored = 0;
  /** The machine whose CPUs report to this monitor (see attach). */
  private machine: Machine | null = null;
  /** The sandboxed process (log.open detail.pid). */
  private pid: number | null = null;
  /** Tids of the threads monitored. */
  private readonly monitored = new Set<number>();
  /** Every allocation by id. */
  private readonly allocs = new Map<string, Watched>();
  /** The published allocations: the only bytes executable by contract. */
  private published: Watched[] = [];
  /** The allocation of the last instruction checked (instructions follow one another). */
  private last: Watched | null = null;

  constructor(machine?: Machine) {
    if (machine !== undefined) this.attach(machine);
  }

  /** Starts watching the instructions `machine` retires (before the sandbox's first record). */
  attach(machine: Machine): void {
    // Machine.setRetireHook keeps one hook: a second monitor would silently blind the first.
    if (machine.cores.some((c) => c.retireHook !== null)) throw new Error('FetchMonitor.attach: the machine already has a retire hook');
    this.machine = machine;
    machine.setRetireHook((tid, rip, length) => this.onRetire(tid, rip, length));
  }

  /** Stops watching instructions. */
  detach(): void {
    this.machine?.setRetireHook(null);
  }

  private onRecord(r: AuditRecord): void {
    switch (r.kind) {
      case 'log.open': this.pid = typeof r.detail?.pid === 'number' ? r.detail.pid : null; break;
      case 'thread.spawn': case 'thread.attach': this.role(r); break;
      case 'alloc.reserve': this.reserve(r); break;
      case 'seal': this.seal(r); break;
      case 'publish': this.publish(r); break;
      case 'patch': this.patch(r); break;
      case 'retire': this.unpublish(this.allocs.get(r.alloc ?? '')); break;
      case 'reclaim': this.unpublish(this.allocs.get(r.alloc ?? '')); break;
      case 'region.destroy': for (const a of this.allocs.values()) if (a.region === r.region) this.unpublish(a); break;
      default: break;
    }
  }

  private role(r: AuditRecord): void {
    const role = r.detail?.role;
    if (r.tid === null) return;
    if (typeof role === 'string' && !UNMONITORED_ROLES.has(role)) this.monitored.add(r.tid);
    else this.monitored.delete(r.tid);
  }

  private reserve(r: AuditRecord): void {
    if (r.alloc === undefined || r.range === undefined) return this.logViolation(r, 0, 'alloc.reserve without alloc or range');
    this.unpublish(this.allocs.get(r.alloc));
    this.allocs.set(r.alloc, { id: r.alloc, region: r.region ?? '', start: addr(r.range[0]), end: addr(r.range[1]),
      state: 'reserved', sealSha: null, copy: null });
  }

  private seal(r: AuditRecord): void {
    const a = this.allocs.get(r.alloc ?? '');
    if (a === undefined) return this.logViolation(r, 0, `seal of ${String(r.alloc)}, never reserved`);
    if (r.detail?.ok === true && typeof r.detail.sha256 === 'string') a.sealSha = r.detail.sha256;
  }

  private publish(r: AuditRecord): void {
    const a = this.allocs.get(r.alloc ?? '');
    if (a === undefined) return this.logViolation(r, 0, `publish of ${String(r.alloc)}, never reserved`);
    a.copy = this.expectHash(r, a, a.sealSha, 'its latest ok seal');
    if (a.state !== 'published') this.published.push(a);
    a.state = 'published';
  }

  private patch(r: AuditRecord): void {
    const a = this.allocs.get(r.alloc ?? '');
    if (a === undefined || a.state !== 'published') return this.logViolation(r, a?.start ?? 0, `patch of ${String(r.alloc)}, not published`);
    const range = r.range;
    if (range === undefined || addr(range[0]) < a.start || addr(range[1]) > a.end) {
      this.logViolation(r, a.start, `patch range ${String(range)} is outside ${a.id}`);
    }
    const sha = typeof r.detail?.sha256 === 'string' ? r.detail.sha256 : null;
    a.copy = this.expectHash(r, a, sha, 'the patch record');
  }

  /** The allocation's bytes now, when they hash to `sha` (else a violation and null). */
  private expectHash(r: AuditRecord, a: Watched, sha: string | null, what: string): Uint8Array | null {
    const bytes = this.read(a.start, a.end - a.start);
    if (bytes === null) this.logViolation(r, a.start, `${r.kind} of ${a.id}: its bytes are not mapped`);
    else if (sha === null) this.logViolation(r, a.start, `${r.kind} of ${a.id} without an ok seal`);
    else if (sha256(bytes) !== sha) {
      this.logViolation(r, a.start, `${r.kind} of ${a.id}: its bytes hash to ${sha256(bytes).slice(0, 12)}, not to ${what} (${sha.slice(0, 12)})`);
    } else return bytes;
    return null;
  }

  private unpublish(a: Watched | undefined): void {
    if (a === undefined) return;
    a.state = 'retired';
    a.copy = null;
    this.published = this.published.filter((p) => p !== a);
    if (this.last === a) this.last = null;
  }

  private onRetire(tid: number, rip: number, length: number): void {
    if (!this.monitored.has(tid)) {
      this.ignored++;
      return;
    }
    this.checked++;
    const bytes = this.read(rip, length);
    if (bytes === null) return this.violate(tid, rip, '', 'the instruction is not mapped in the sandboxed process');
    if (isInt3(bytes)) {
      this.refusedFetches.push({ tid, rip, alloc: this.containing(rip)?.id ?? null });
      return;
    }
    const a = this.publishedAt(rip);
    if (a === null) return this.violate(tid, rip, hexBytes(bytes), this.outside(rip));
    if (rip + length > a.end) return this.violate(tid, rip, hexBytes(bytes), `crosses the end of ${a.id} [0x${a.start.toString(16)}, 0x${a.end.toString(16)})`);
    const copy = a.copy;
    if (copy === null) return this.violate(tid, rip, hexBytes(bytes), `${a.id} is published, but its bytes never matched what the log sealed`);
    const off = rip - a.start;
    for (let i = 0; i < length; i++) {
      if (bytes[i] !== copy[off + i]) {
        return this.violate(tid, rip, hexBytes(bytes), `differs from the sealed bytes of ${a.id} at +0x${off.toString(16)} (sealed: ${hexBytes(copy.subarray(off, off + length))})`);
      }
    }
  }

  /** The published allocation holding `rip`, or null. */
  private publishedAt(rip: number): Watched | null {
    const last = this.last;
    if (last !== null && rip >= last.start && rip < last.end) return last;
    for (const a of this.published) {
      if (rip >= a.start && rip < a.end) return (this.last = a);
    }
    return null;
  }

  /** The allocation holding `rip` in any state (the latest reserved), or undefined. */
  private containing(rip: number): Watched | undefined {
    return [...this.allocs.values()].reverse().find((a) => rip >= a.start && rip < a.end);
  }

  /** Why an address outside every published allocation was fetched from. */
  private outside(rip: number): string {
    const a = this.containing(rip);
    return a === undefined ? 'fetched from outside every allocation' : `fetched from ${a.id}, which is ${a.state}, not published`;
  }

  private read(va: number, len: number): Uint8Array | null {
    if (this.machine === null || this.pid === null) return null;
    return this.machine.peek(this.pid, va, len);
  }

  private violate(tid: number, rip: number, bytes: string, why: string): void {
    this.violations.push({ tid, rip, bytes, why });
  }

  private logViolation(r: AuditRecord, at: number, why: string): void {
    this.violate(r.tid ?? -1, at, '', `seq ${r.seq}: ${why}`);
  }
}
