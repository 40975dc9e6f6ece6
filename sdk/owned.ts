/**
 * What the SDK owns in the sandboxed process, and the system-call filter that keeps every
 * other caller off it.  Linux lets any thread of a process pkey_free a key whose pages are
 * still tagged with it, and pkey_alloc then hands the same number back with the caller's
 * rights of choice (pkeys(7): "an application should not call pkey_free() on a key still in
 * use"; libmpk's key use-after-free).  Any thread may also mprotect, munmap or madvise a
 * mapping it did not make.  So on every sandboxed thread (all roles, inherited by new
 * threads like any seccomp filter), calls that would change the SDK's keys or mappings are
 * refused with EPERM and recorded, unless the SDK itself makes them:
 *
 *   pkey_free(k)                               k is a key the SDK allocated
 *   mprotect, pkey_mprotect, munmap, madvise   the range overlaps SDK memory
 *   mmap(MAP_FIXED)                            the range overlaps SDK memory
 *
 * SDK memory: code regions with their guard pages, staging images, runtime data, guest data.
 * Memory the embedder maps itself is the embedder's.
 */
import { Errno, MAP_FIXED, SYS } from '../mpk-hw/kernel/constants.js';
import type { SeccompFilter } from '../mpk-hw/kernel/task.js';
import type { AuditLog } from './audit/log.js';
import { hexAddr } from './audit/schema.js';
import { syscallName } from './syscall-filter.js';

/** One SDK mapping: [start, end) in bytes, and what it is. */
interface OwnedRange {
  readonly start: number;
  readonly end: number;
  readonly what: string;
}

const RANGE_CALLS = new Set<number>([SYS.mprotect, SYS.pkey_mprotect, SYS.munmap, SYS.madvise]);

/** The SDK's keys and mappings in one process. */
export class Owned {
  private readonly ranges: OwnedRange[] = [];
  private readonly keys = new Set<number>();
  /** >0 while the SDK itself makes system calls. */
  private depth = 0;

  /** Runs `fn` as the SDK: its system calls pass the filter. */
  privileged<T>(fn: () => T): T {
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  /** Marks [start, start + size) as SDK memory. */
  addRange(start: number, size: number, what: string): void {
    this.ranges.push({ start, end: start + size, what });
  }

  /** Marks a hardware key as the SDK's. */
  addKey(key: number): void {
    this.keys.add(key);
  }

  /** Whether this filter refuses the call (another filter then leaves the refusal and its record to it). */
  refuses(nr: number, args: readonly bigint[]): boolean {
    return this.depth === 0 && this.problem(nr, args) !== null;
  }

  /** Why a call must be refused (a reason), or null. */
  private problem(nr: number, args: readonly bigint[]): string | null {
    if (nr === SYS.pkey_free) {
      const k = Number(args[0] ?? -1n);
      return this.keys.has(k) ? `key ${k} is the SDK's` : null;
    }
    const fixedMmap = nr === SYS.mmap && (Number(BigInt.asUintN(32, args[3] ?? 0n)) & MAP_FIXED) !== 0;
    if (!RANGE_CALLS.has(nr) && !fixedMmap) return null;
    const start = Number(BigInt.asUintN(64, args[0] ?? 0n));
    const len = Number(BigInt.asUintN(64, args[1] ?? 0n));
    const hit = this.ranges.find((r) => start < r.end && start + Math.max(len, 1) > r.start);
    return hit === undefined ? null : `[${hexAddr(start)}, ${hexAddr(start + len)}) overlaps ${hit.what} [${hexAddr(hit.start)}, ${hexAddr(hit.end)})`;
  }

  /** The filter: refuses and records calls on SDK keys and memory not made by the SDK; strict mode kills the thread. */
  filter(audit: AuditLog, strict: () => boolean): SeccompFilter {
    return (nr, args, task) => {
      if (this.depth > 0) return 'allow';
      const why = this.problem(nr, args);
      if (why === null) return 'allow';
      const action = strict() ? 'kill-thread' : 'EPERM';
      audit.emit({ kind: 'syscall.refused', cycle: task.counters.cycles, tid: task.tid, reason: `SDK-owned: ${why}`,
        detail: { nr, name: syscallName(nr), action } });
      return action === 'kill-thread' ? 'kill-thread' : { errno: Errno.EPERM };
    };
  }
}
