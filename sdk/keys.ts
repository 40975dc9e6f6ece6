/**
 * Protection keys, owned by the SDK and virtualised: a region holds a hardware key only while
 * it needs one (to open a write window); hardware keys go to regions least-recently-used
 * first, and an evicted region is retagged with pkey_mprotect to the shared "cold" key, which
 * every thread holds execute-only.  Code stays executable whatever its key, because
 * instruction fetch ignores PKRU.  (libmpk's key virtualisation, without its thread bugs:
 * a key is never reassigned while a window holds it.)
 */
import { PKEY_DISABLE_ACCESS, PROT_EXEC, PROT_READ, PROT_WRITE, formatSyscallResult } from '../mpk-hw/kernel/constants.js';
import type { UserThread } from '../mpk-hw/user-thread.js';
import type { AuditLog } from './audit/log.js';
import { hexAddr } from './audit/schema.js';
import { SdkError } from './errors.js';
import type { Owned } from './owned.js';

/** One mapping of a key holder: executable code pages (RWX under the pkey policy) or staging (RW). */
export interface KeySpan {
  readonly start: number;
  /** Size in bytes (whole pages). */
  readonly size: number;
  readonly exec: boolean;
}

/** Something that can hold a key: a code region's pages and its staging image. */
export interface KeyHolder {
  readonly name: string;
  readonly start: number;
  readonly size: number;
  /** The mappings that carry its key (the first is the one named in key.retag records). */
  readonly spans: readonly KeySpan[];
  /** Whether a window is open on it (its key cannot be taken away). */
  readonly pinned: boolean;
}

/** Key-cache counters. */
export interface KeyStats {
  /** acquire() found the region already holding a key. */
  hits: number;
  /** acquire() had to give the region a key. */
  misses: number;
  /** Keys taken from another region. */
  evictions: number;
  /** Hardware keys allocated with pkey_alloc. */
  allocated: number;
}

const RWX = PROT_READ | PROT_WRITE | PROT_EXEC;
const RW = PROT_READ | PROT_WRITE;

/** The SDK's protection keys. */
export class KeyManager {
  private readonly owner: UserThread;
  private readonly audit: AuditLog;
  /** Most hardware keys the code regions may hold at once. */
  private readonly limit: number;
  /** Region -> hardware key, in least-recently-used-first order. */
  private readonly held = new Map<KeyHolder, number>();
  /** Allocated hardware keys no region holds. */
  private readonly free: number[] = [];
  /** The shared key of regions without their own (-1 until first needed). */
  coldKey = -1;
  readonly stats: KeyStats = { hits: 0, misses: 0, evictions: 0, allocated: 0 };

  /** The SDK's keys and mappings (keys allocated here become the SDK's; retags are the SDK's calls). */
  private readonly owned: Owned;

  constructor(owner: UserThread, audit: AuditLog, limit: number, owned: Owned) {
    this.owner = owner;
    this.audit = audit;
    this.limit = limit;
    this.owned = owned;
  }

  /** Allocates a hardware key on the owner thread (which gets AD for it). */
  allocate(purpose: string): number {
    const k = this.owner.pkeyAlloc(0, PKEY_DISABLE_ACCESS);
    if (k < 0) throw new SdkError('KEYS_EXHAUSTED', `pkey_alloc for ${purpose} failed: ${formatSyscallResult(k)}`);
    this.owned.addKey(k);
    this.stats.allocated++;
    this.audit.emit({ kind: 'key.alloc', cycle: this.cycle(), tid: this.owner.tid, key: k, reason: purpose });
    return k;
  }

  /** The hardware key a region holds, or null. */
  keyOf(h: KeyHolder): number | null {
    return this.held.get(h) ?? null;
  }

  /** Every hardware key held by a region now. */
  heldKeys(): number[] {
    return [...this.held.values()];
  }

  /** Gives `h` a hardware key (its own), evicting the least recently used unpinned region if needed. */
  acquire(h: KeyHolder): number {
    const have = this.held.get(h);
    if (have !== undefined) {
      this.stats.hits++;
      this.held.delete(h);
      this.held.set(h, have); // most recently used
      return have;
    }
    this.stats.misses++;
    const k = this.free.pop() ?? (this.held.size < this.limit ? this.allocate('a code region') : this.evictOne(h));
    this.retag(h, k, 'acquire');
    this.held.set(h, k);
    return k;
  }

  /** Takes the key of the least recently used region without an open window. */
  private evictOne(forWhom: KeyHolder): number {
    for (const [victim, k] of this.held) {
      if (victim.pinned) continue;
      this.held.delete(victim);
      this.stats.evictions++;
      this.audit.emit({ kind: 'key.evict', cycle: this.cycle(), tid: this.owner.tid, key: k, region: victim.name,
        reason: `key needed by ${forWhom.name}` });
      this.retag(victim, this.cold(), 'evict');
      return k;
    }
    throw new SdkError('KEYS_EXHAUSTED', `no protection key for region ${forWhom.name}: every key is held by a region with an open window`);
  }

  /** The cold key, allocated on first use. */
  cold(): number {
    if (this.coldKey < 0) this.coldKey = this.allocate('the shared key of regions without their own');
    return this.coldKey;
  }

  /**
   * Retags a region's mappings with pkey_mprotect (rights stay RWX for the code pages and RW
   * for the staging image in the page table); one record names the code range, and the
   * staging range in its detail.
   */
  retag(h: KeyHolder, key: number, why: string): void {
    for (const s of h.spans) {
      const prot = s.exec ? RWX : RW;
      const r = this.owned.privileged(() => this.owner.pkeyMprotect(s.start, s.size, prot, key));
      if (r !== 0) {
        throw new SdkError('RETAG_FAILED', `pkey_mprotect(${hexAddr(s.start)}, ${s.size}, ${s.exec ? 'RWX' : 'RW'}, ${key}) for ${h.name}: ${formatSyscallResult(r)}`);
      }
    }
    const staging = h.spans.filter((s) => !s.exec).map((s) => [hexAddr(s.start), hexAddr(s.start + s.size)]);
    this.audit.emit({ kind: 'key.retag', cycle: this.cycle(), tid: this.owner.tid, key, region: h.name,
      range: [hexAddr(h.start), hexAddr(h.start + h.size)], reason: why, ...(staging.length > 0 ? { detail: { staging } } : {}) });
  }

  /** Forgets a region (destroyed); its key becomes free. */
  release(h: KeyHolder): void {
    const k = this.held.get(h);
    if (k === undefined) return;
    this.held.delete(h);
    this.free.push(k);
  }

  private cycle(): number {
    return this.owner.task.counters.cycles;
  }
}
