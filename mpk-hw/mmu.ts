/**
 * The MMU of one hardware thread: translation through the TLB and the page tables, with the
 * access-rights checks of SDM Vol.3A 4.6, in hardware order, and one structured fault.
 *
 * Rules (SDM Vol.3A 4.6.1, 4.6.2; Xen guest_walk_tables as the reference model):
 *  - not present                                   -> #PF, P=0
 *  - user access to a supervisor page (U/S=0)      -> #PF, P=1
 *  - write to a read-only page (user, or supervisor with CR0.WP=1, which Linux always sets)
 *  - fetch from an XD page (EFER.NXE=1)
 *  - PKRU, for data accesses to user pages only (user or supervisor mode):
 *      AD=1 denies every data access; WD=1 denies writes (supervisor writes too, as CR0.WP=1).
 *    Instruction fetches are never checked against PKRU, so an executable page whose key
 *    has AD=1 is execute-only.
 * Effective rights are page rights AND PKRU rights.  When a PKRU violation and an ordinary
 * violation coincide, the error code has PK=1 (protection-key checks come first).
 * A page fault invalidates the TLB entry of the faulting page (SDM Vol.3A 4.10.4.1).
 */
import { GeneralProtection, PageFault, type Access } from './fault.js';
import { PAGE_SIZE } from './phys-mem.js';
import { CANONICAL_LIMIT, type PageTable } from './page-table.js';
import { PF_P, PF_WR, PF_US, PF_ID, PF_PK } from './pf-error-code.js';
import { PKRU_AD_BIT, PKRU_WD_BIT } from './pkru.js';
import { Tlb, type TlbEntry } from './tlb.js';
import { hex } from './errors.js';

/** Privilege of an access: `user` is CPL 3; `supervisor` is the kernel touching user memory. */
export type Mode = 'user' | 'supervisor';

/** The MMU of one hardware thread. */
export class Mmu {
  /** This hardware thread's TLB. */
  readonly tlb = new Tlb();
  /** The loaded page tables (CR3), or null before the first address space is loaded. */
  pageTable: PageTable | null = null;
  /**
   * Whether PKRU is checked (CR4.PKE).  Only benchmarks turn this off, to measure what the
   * checks cost; a machine without PKU also has it off.
   */
  pkeyChecks = true;

  /** Loads CR3; without PCIDs this flushes the whole TLB. */
  loadCr3(pt: PageTable): void {
    this.pageTable = pt;
    this.tlb.flush();
  }

  /**
   * Translates `va` for `access` under `pkru`; returns the physical address or throws
   * PageFault (or GeneralProtection for a non-canonical address).
   */
  translate(va: number, access: Access, pkru: number, mode: Mode = 'user'): number {
    const e = this.entryFor(va, access, mode);
    const write = access === 'write';
    const user = mode === 'user';
    let pk = false;
    if (this.pkeyChecks && e.user && access !== 'fetch') {
      const bits = (pkru >>> (2 * e.pkey)) & 3;
      pk = (bits & PKRU_AD_BIT) !== 0 || (write && (bits & PKRU_WD_BIT) !== 0);
    }
    const ordinary = (user && !e.user) || (write && !e.writable) || (access === 'fetch' && e.xd);
    if (pk || ordinary) {
      this.tlb.invalidate(Math.floor(va / PAGE_SIZE), 1);
      throw new PageFault(va, access, PF_P | errorBits(access, mode) | (pk ? PF_PK : 0), e.pkey);
    }
    if (write && !e.dirty) {
      this.pageTable?.setDirty(e.leaf);
      e.dirty = true;
    }
    return e.pageBase + (va % PAGE_SIZE);
  }

  private entryFor(va: number, access: Access, mode: Mode): TlbEntry {
    if (!(va >= 0 && va < CANONICAL_LIMIT)) throw new GeneralProtection(`non-canonical address ${hex(va)}`);
    const vpn = Math.floor(va / PAGE_SIZE);
    const hit = this.tlb.lookup(vpn);
    if (hit !== undefined) return hit;
    const pt = this.pageTable;
    // The walk sets A; D is set only once the write has passed every check.
    const t = pt === null ? null : pt.walk(va, false);
    if (t === null) throw new PageFault(va, access, errorBits(access, mode), -1);
    const e: TlbEntry = { ...t };
    this.tlb.fill(vpn, e);
    return e;
  }
}

function errorBits(access: Access, mode: Mode): number {
  return (access === 'write' ? PF_WR : 0) | (mode === 'user' ? PF_US : 0) | (access === 'fetch' ? PF_ID : 0);
}
