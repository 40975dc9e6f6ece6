/**
 * The translator's inline data TLB: a direct-mapped copy of translations the MMU has already
 * granted, so translated code can do a data access with a few array reads instead of a call
 * into Mmu.translate.  It never grants anything the MMU would refuse:
 *
 *  - An entry is added only after Mmu.translate succeeded for that page and access under the
 *    current PKRU (MemoryPort.translate fills it), so the TLB holds the same translation and
 *    would hit again with the same checks passing (SDM Vol.3A 4.10.2: the TLB caches the key,
 *    PKRU is read on every access, 4.6.2).
 *  - The whole copy is valid only for the TLB generation, PKRU, CR4.PKE check switch and
 *    PhysMem watch epoch it was filled under: `sync` empties it when any of them changed
 *    (every invalidate and flush bumps the generation; WRPKRU, XRSTOR, signal delivery and
 *    context switches change PKRU).
 *  - A write entry exists only for a frame that holds no decoded instructions: stores to code
 *    frames always take the interpreter's path, which invalidates decoded and translated code.
 *  - Write entries are filled after a successful write translation, which set the leaf's D bit,
 *    so a fast store never needs to set it.
 *
 * A hit counts one TLB hit, as the MMU's lookup would have.
 */
import type { HwThread } from '../../hw-thread.js';
import { PAGE_SIZE, type PhysMem } from '../../phys-mem.js';

/** Entries (a power of two). */
export const DTLB_SIZE = 256;

/** Rights of an entry. */
export const DTLB_READ = 1;
export const DTLB_WRITE = 2;

/** The inline data TLB of one CPU. */
export class DataTlb {
  /** Virtual page number of each entry (NaN: empty; never equal to any number). */
  readonly vpn = new Float64Array(DTLB_SIZE).fill(NaN);
  /** DTLB_READ or DTLB_WRITE (write implies read: x86 has no write-only pages). */
  readonly rights = new Uint8Array(DTLB_SIZE);
  /** The frame's bytes. */
  readonly f8: Uint8Array[] = new Array<Uint8Array>(DTLB_SIZE).fill(new Uint8Array(0));
  /** The frame as 32-bit words. */
  readonly f32: Uint32Array[] = new Array<Uint32Array>(DTLB_SIZE).fill(new Uint32Array(0));
  private gen = -1;
  private pkru = -1;
  private epoch = -1;
  private checks = true;

  constructor(private readonly hw: HwThread, private readonly mem: PhysMem) {}

  /** Empties the copy unless it was filled under the current TLB generation, PKRU and watch epoch. */
  sync(): void {
    const hw = this.hw;
    const mmu = hw.mmu;
    if (mmu.tlb.generation === this.gen && hw.pkru === this.pkru && this.mem.watchEpoch === this.epoch &&
      mmu.pkeyChecks === this.checks) return;
    this.vpn.fill(NaN);
    this.gen = mmu.tlb.generation;
    this.pkru = hw.pkru;
    this.epoch = this.mem.watchEpoch;
    this.checks = mmu.pkeyChecks;
  }

  /** Records that a `write` (or read) access to linear `va`, physical `pa`, was just granted. */
  fill(va: number, pa: number, write: boolean): void {
    this.sync();
    const vpn = Math.floor(va / PAGE_SIZE);
    const pfn = Math.floor(pa / PAGE_SIZE);
    const s = vpn & (DTLB_SIZE - 1);
    const rights = write && !this.mem.watched(pfn) ? DTLB_WRITE : DTLB_READ;
    if (this.vpn[s] === vpn && (this.rights[s] as number) >= rights) return;
    this.vpn[s] = vpn;
    this.rights[s] = rights;
    this.f8[s] = this.mem.frame(pfn);
    this.f32[s] = this.mem.frame32(pfn);
  }

  /** Empties the copy (tests). */
  clear(): void {
    this.vpn.fill(NaN);
  }
}
