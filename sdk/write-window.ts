/**
 * Write windows: for one thread, one allocation, a declared byte range, the region's key
 * becomes read/write; closing restores the thread's exact previous PKRU.  The bytes go to the
 * allocation's staging image (never executable) and reach the code pages only when a seal has
 * verified them (seal.ts copies them in through a window of its own).  Every write is
 * bounds-checked against the window and counted; limits on bytes and simulated cycles are
 * enforced.  `Symbol.dispose` closes, so `using w = sandbox.openWindow(...)` works.
 */
import type { AuditLog } from './audit/log.js';
import { hexAddr } from './audit/schema.js';
import type { Allocation } from './code-region.js';
import { SdkError, type SdkErrorCode } from './errors.js';
import { isBytes, show } from './validate.js';
import type { PkruGate } from './pkru-gate.js';
import type { SdkThread } from './threads.js';
import type { WindowOptions } from './window-options.js';

export type { WindowOptions } from './window-options.js';

/** What a closed window did. */
export interface WindowReport {
  readonly id: string;
  readonly bytesWritten: number;
  /** Simulated cycles it was open. */
  readonly cycles: number;
}

/** An open write window. */
export class WriteWindow implements Disposable {
  readonly id: string;
  readonly thread: SdkThread;
  readonly alloc: Allocation;
  /** Writable range, relative to the allocation: [lo, hi). */
  readonly lo: number;
  readonly hi: number;
  /** The thread's PKRU before the window opened, restored on close. */
  private readonly prevPkru: number;
  private readonly openedAt: number;
  private readonly opts: WindowOptions;
  private readonly gate: PkruGate;
  private readonly audit: AuditLog;
  private readonly onClose: (w: WriteWindow) => void;
  bytesWritten = 0;
  closed = false;

  /** Whether a write would complete a forbidden sequence with sealed neighbouring code (a reason, or null). */
  private readonly seamProblem: (at: number, bytes: Uint8Array) => string | null;

  /** Where offset 0 of the allocation is written: its staging image, or (a seal's copy) the code pages. */
  private readonly target: number;

  constructor(init: { id: string; thread: SdkThread; alloc: Allocation; prevPkru: number; opts: WindowOptions;
    lo: number; hi: number; target: number; gate: PkruGate; audit: AuditLog; onClose: (w: WriteWindow) => void;
    seamProblem?: (at: number, bytes: Uint8Array) => string | null }) {
    this.target = init.target;
    this.seamProblem = init.seamProblem ?? (() => null);
    this.id = init.id;
    this.thread = init.thread;
    this.alloc = init.alloc;
    this.prevPkru = init.prevPkru;
    this.opts = init.opts;
    this.gate = init.gate;
    this.audit = init.audit;
    this.onClose = init.onClose;
    this.lo = init.lo;
    this.hi = init.hi;
    this.openedAt = this.now();
  }

  private now(): number {
    return this.thread.ut.task.counters.cycles;
  }

  /** Simulated cycles the window has been open so far. */
  cycles(): number {
    return this.now() - this.openedAt;
  }

  private refuse(code: SdkErrorCode, message: string): never {
    this.audit.emit({ kind: 'violation', cycle: this.now(), tid: this.thread.tid, region: this.alloc.region.name,
      alloc: this.alloc.id, window: this.id, reason: message, detail: { code } });
    throw new SdkError(code, `window ${this.id}: ${message}`);
  }

  /** Writes `bytes` at allocation offset `offset` (bounds-checked, counted, audited). */
  write(offset: number, bytes: Uint8Array): void {
    if (this.closed) throw new SdkError('WINDOW_CLOSED', `window ${this.id} is closed`);
    if (!isBytes(bytes)) throw new SdkError('BAD_ARGUMENT', `window ${this.id}: write needs a Uint8Array (got ${show(bytes)})`);
    if (!Number.isInteger(offset) || offset < this.lo || offset + bytes.length > this.hi) {
      this.refuse('WINDOW_BOUNDS', `write of ${bytes.length} bytes at offset ${show(offset)} outside the window [${this.lo}, ${this.hi})`);
    }
    if (this.opts.maxBytes !== undefined && this.bytesWritten + bytes.length > this.opts.maxBytes) {
      this.refuse('WINDOW_BYTES', `write would exceed the window's ${this.opts.maxBytes}-byte limit`);
    }
    this.checkTime();
    const at = this.alloc.start + offset;
    const seam = this.seamProblem(at, bytes);
    if (seam !== null) this.refuse('WINDOW_SEAM', seam);
    this.thread.ut.write(this.target + offset, bytes);
    this.bytesWritten += bytes.length;
    this.thread.stats.bytesWritten += bytes.length;
    this.audit.emit({ kind: 'window.write', cycle: this.now(), tid: this.thread.tid, region: this.alloc.region.name,
      alloc: this.alloc.id, window: this.id, range: [hexAddr(at), hexAddr(at + bytes.length)] });
  }

  private checkTime(): void {
    const limit = this.opts.maxCycles;
    if (limit !== undefined && this.cycles() > limit) {
      this.refuse('WINDOW_TIME', `open for ${this.cycles()} cycles, limit ${limit}`);
    }
  }

  /** Closes the window: restores the thread's previous PKRU exactly.  Idempotent. */
  close(): WindowReport {
    const report = { id: this.id, bytesWritten: this.bytesWritten, cycles: this.cycles() };
    if (this.closed) return report;
    const open = this.thread.openWindows;
    if (open[open.length - 1] !== this.id) {
      // Nested windows close innermost first: each restores the PKRU its opening found.
      throw new SdkError('WINDOW_ORDER', `window ${this.id} closed before ${open.slice(open.indexOf(this.id) + 1).join(', ')}, opened after it`);
    }
    this.closed = true;
    // A thread that has exited has no PKRU left to restore; everything else (pages, counts,
    // the record) is undone as usual, so its region is not pinned for good.
    const gone = this.thread.ut.task.dead;
    if (!gone) this.gate.write(this.thread, this.prevPkru, 'window.close', { region: this.alloc.region.name, alloc: this.alloc.id, window: this.id });
    this.onClose(this);
    this.audit.emit({ kind: 'window.close', cycle: this.now(), tid: this.thread.tid, region: this.alloc.region.name,
      alloc: this.alloc.id, window: this.id, detail: { bytes: this.bytesWritten, cycles: report.cycles, unused: this.bytesWritten === 0,
        ...(gone ? { threadGone: true } : {}) } });
    return report;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
