/**
 * A translation lookaside buffer for one hardware thread.  It caches, per 4 KiB page, the
 * physical page, the effective rights and the protection key of the translation.
 * SDM Vol.3A 4.10.2: the key is cached with the translation, and PKRU is not, so a WRPKRU
 * needs no invalidation while a change to a paging entry (mprotect, pkey_mprotect, munmap)
 * does (INVLPG locally, a shootdown on other CPUs running the same address space).
 */
import type { LeafRef } from './page-table.js';

/** One cached translation (mutable: the D bit is recorded on the first write). */
export interface TlbEntry {
  /** Physical address of the 4 KiB page. */
  pageBase: number;
  writable: boolean;
  user: boolean;
  xd: boolean;
  pkey: number;
  /** Whether the leaf's D bit is known to be set. */
  dirty: boolean;
  /** The leaf entry the translation came from. */
  leaf: LeafRef;
}

/** Counters of one TLB. */
export interface TlbStats {
  hits: number;
  misses: number;
  /** Single-page invalidations (INVLPG). */
  invalidations: number;
  /** Whole-TLB flushes (CR3 write without PCID). */
  flushes: number;
}

/** The TLB of one hardware thread. */
export class Tlb {
  /** Virtual page number -> translation. */
  private readonly entries = new Map<number, TlbEntry>();
  /** Counters since creation. */
  readonly stats: TlbStats = { hits: 0, misses: 0, invalidations: 0, flushes: 0 };
  /**
   * Bumped by every invalidate and flush (entries are only ever removed by those): a
   * translation read from the TLB stays what the TLB holds while this is unchanged, so a
   * caller may keep it (the CPU's fetch translation of the current code page) and count the
   * lookups it saves as hits.
   */
  generation = 0;

  /** The cached translation of a virtual page number, counting a hit or a miss. */
  lookup(vpn: number): TlbEntry | undefined {
    const e = this.entries.get(vpn);
    if (e === undefined) this.stats.misses++;
    else this.stats.hits++;
    return e;
  }

  /** Caches a translation. */
  fill(vpn: number, e: TlbEntry): void {
    this.entries.set(vpn, e);
  }

  /** Whether a virtual page number has a cached translation (no counting). */
  has(vpn: number): boolean {
    return this.entries.has(vpn);
  }

  /** The cached translation of a page without counting (for tests and dumps). */
  peek(vpn: number): TlbEntry | undefined {
    return this.entries.get(vpn);
  }

  /** INVLPG for each page of [firstVpn, firstVpn + pages). */
  invalidate(firstVpn: number, pages: number): void {
    this.stats.invalidations++;
    this.generation++;
    if (pages > this.entries.size) {
      for (const vpn of [...this.entries.keys()]) {
        if (vpn >= firstVpn && vpn < firstVpn + pages) this.entries.delete(vpn);
      }
    } else {
      for (let i = 0; i < pages; i++) this.entries.delete(firstVpn + i);
    }
  }

  /** Drops every entry. */
  flush(): void {
    this.stats.flushes++;
    this.generation++;
    this.entries.clear();
  }

  /** Number of cached translations. */
  get size(): number {
    return this.entries.size;
  }
}
