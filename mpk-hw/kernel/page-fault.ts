/**
 * The page-fault handler (arch/x86/mm/fault.c do_user_addr_fault, access_error,
 * bad_area_access_from_pkeys) and the kernel's own accesses to user memory:
 * copy_to_user / copy_from_user (PKRU applies; a fault becomes -EFAULT, never a signal),
 * get_user_pages on the current mm (the area's key is checked against PKRU), and remote
 * access for ptrace (pkeys ignored).  Spec L-7, L-8, P-9, P-10.
 */
import { PageFault } from '../fault.js';
import { PAGE_SIZE } from '../phys-mem.js';
import { PF_P, PF_WR, PF_ID, PF_PK } from '../pf-error-code.js';
import { pkruAllowsRead, pkruAllowsWrite } from '../pkru.js';
import { pteFrameAddr } from '../pte.js';
import { BUS_ADRERR, PROT_READ, PROT_WRITE, SEGV_ACCERR, SEGV_MAPERR, SEGV_PKUERR, SIGBUS, SIGSEGV } from './constants.js';
import type { Kernel } from './kernel.js';
import type { Mm } from './mm.js';
import type { SigInfo, Task } from './task.js';
import { vmaAccessible, type Vma } from './vma.js';

/**
 * arch_vma_access_permitted: instruction fetches are never refused by keys; other accesses
 * must be allowed by `pkru` for the area's key (arch/x86/include/asm/mmu_context.h).
 */
export function vmaPkeyPermits(vma: Vma, write: boolean, fetch: boolean, pkru: number): boolean {
  if (fetch) return true;
  return write ? pkruAllowsWrite(pkru, vma.pkey) : pkruAllowsRead(pkru, vma.pkey);
}

/** access_error(): whether the fault is a genuine violation (1) or can be fixed (0). */
function accessError(code: number, vma: Vma, pkru: number): boolean {
  if (code & PF_PK) return true;
  if (!vmaPkeyPermits(vma, (code & PF_WR) !== 0, (code & PF_ID) !== 0, pkru)) return true;
  if (code & PF_WR) return (vma.prot & PROT_WRITE) === 0;
  if (code & PF_P) return true; // read or fetch of a present page that faulted
  // Read or fetch of a not-present page: populate if the area allows any access; a fetch
  // from a non-executable area then faults again on the present page (XD) and gets ACCERR.
  return !vmaAccessible(vma);
}

/**
 * Handles a page fault taken by `task` (user or kernel mode).  Populates the page and returns
 * null when the access may be retried; otherwise returns the SIGSEGV it deserves.
 */
export function handlePageFault(k: Kernel, task: Task, f: PageFault): SigInfo | null {
  k.charge(task, 'pageFaults', k.config.costs.pageFault);
  const mm = task.process.mm;
  const vma = mm.vmas.find(f.address);
  const segv = (code: number, pkey: number): SigInfo => ({ signo: SIGSEGV, code, addr: f.address, pkey, pid: 0, err: f.errorCode });
  if (vma === undefined) return segv(SEGV_MAPERR, 0);
  const pkru = k.taskPkru(task);
  if (accessError(f.errorCode, vma, pkru)) {
    // bad_area_access_from_pkeys: the PK bit, or the area's key refused by PKRU.
    const pkeyFault = k.config.pku && ((f.errorCode & PF_PK) !== 0 ||
      !vmaPkeyPermits(vma, (f.errorCode & PF_WR) !== 0, (f.errorCode & PF_ID) !== 0, pkru));
    // si_pkey is the area's key at fault-handling time (fault.c bad_area_access_error).
    return pkeyFault ? segv(SEGV_PKUERR, vma.pkey) : segv(SEGV_ACCERR, 0);
  }
  // A private file page wholly past the end of the file: SIGBUS BUS_ADRERR (mmap(2)).
  if ((f.errorCode & PF_P) === 0 && !mm.populate(f.address, vma)) return { signo: SIGBUS, code: BUS_ADRERR, addr: f.address, pkey: 0, pid: 0 };
  return null;
}

/**
 * The page-sized pieces [pa, offset, n] of [va, va+len), in order, up to the first byte whose
 * translation fails; `complete` says whether they cover the whole range.
 */
function translatePieces(k: Kernel, task: Task, va: number, len: number, write: boolean):
  { pieces: Array<[number, number, number]>; complete: boolean } {
  const pieces: Array<[number, number, number]> = [];
  let off = 0;
  while (off < len) {
    const addr = va + off;
    const n = Math.min(len - off, PAGE_SIZE - (addr % PAGE_SIZE));
    const pa = translateForKernel(k, task, addr, write);
    if (pa === null) return { pieces, complete: false };
    pieces.push([pa, off, n]);
    off += n;
  }
  return { pieces, complete: true };
}

/** Runs `fn(pa, offset, n)` for each page-sized piece of [va, va+len) after translating all of them. */
function kernelAccess(k: Kernel, task: Task, va: number, len: number, write: boolean,
  fn: (pa: number, offset: number, n: number) => void): boolean {
  const { pieces, complete } = translatePieces(k, task, va, len, write);
  if (!complete) return false;
  for (const [pa, o, n] of pieces) fn(pa, o, n);
  return true;
}

/** A supervisor-mode translation under the task's PKRU, populating pages it may touch. */
function translateForKernel(k: Kernel, task: Task, addr: number, write: boolean): number | null {
  for (let i = 0; i < 2; i++) {
    const cpu = k.ensureOnCpu(task);
    try {
      return cpu.mmu.translate(addr, write ? 'write' : 'read', cpu.pkru, 'supervisor');
    } catch (e) {
      if (!(e instanceof PageFault)) return null; // non-canonical: -EFAULT
      // Kernel-mode fault: fixable faults populate; anything else is fixed up to -EFAULT.
      if (handlePageFault(k, task, e) !== null) return null;
    }
  }
  return null;
}

/** copy_to_user: writes `bytes` at `va`; false means -EFAULT (nothing written). */
export function copyToUser(k: Kernel, task: Task, va: number, bytes: Uint8Array): boolean {
  return kernelAccess(k, task, va, bytes.length, true, (pa, off, n) => {
    k.mem.writeInFrame(pa, bytes.subarray(off, off + n));
  });
}

/**
 * raw_copy_to_user as the iov_iter copies use it (copy_page_to_iter): copies `bytes` to `va` up
 * to the first byte that faults and returns the number of bytes copied (x86's copy_user_generic
 * is byte-exact, so the count ends at the faulting page's first byte).
 */
export function copyToUserPartial(k: Kernel, task: Task, va: number, bytes: Uint8Array): number {
  const { pieces } = translatePieces(k, task, va, bytes.length, true);
  let copied = 0;
  for (const [pa, o, n] of pieces) {
    k.mem.writeInFrame(pa, bytes.subarray(o, o + n));
    copied += n;
  }
  return copied;
}

/** copy_from_user: reads `len` bytes at `va`; null means -EFAULT. */
export function copyFromUser(k: Kernel, task: Task, va: number, len: number): Uint8Array | null {
  const out = new Uint8Array(len);
  const ok = kernelAccess(k, task, va, len, false, (pa, off, n) => {
    out.set(k.mem.readInFrame(pa, n), off);
  });
  return ok ? out : null;
}

/**
 * get_user_pages on the current mm (check_vma_flags): the area must grant the access and its
 * key must be allowed by the caller's PKRU.  Returns false for -EFAULT.
 */
export function gupCheck(k: Kernel, task: Task, va: number, len: number, write: boolean): boolean {
  const mm = task.process.mm;
  const pkru = k.taskPkru(task);
  for (let a = va - (va % PAGE_SIZE); a < va + len; a += PAGE_SIZE) {
    const vma = mm.vmas.find(a);
    if (vma === undefined) return false;
    if (write ? (vma.prot & PROT_WRITE) === 0 : (vma.prot & PROT_READ) === 0) return false;
    if (!vmaPkeyPermits(vma, write, false, pkru)) return false;
  }
  return true;
}

/**
 * Remote access (access_remote_vm with FOLL_FORCE, as ptrace uses): pkeys are ignored
 * (vma_is_foreign / FOLL_REMOTE).  Returns null when an address is not mapped (-EIO).
 */
export function remoteAccess(mm: Mm, va: number, len: number, write: Uint8Array | null): Uint8Array | null {
  const out = new Uint8Array(len);
  for (let off = 0; off < len;) {
    const addr = va + off;
    const n = Math.min(len - off, PAGE_SIZE - (addr % PAGE_SIZE));
    const vma = mm.vmas.find(addr);
    if (vma === undefined) return null;
    let leaf = mm.pageTable.leaf(addr);
    if (leaf === null) {
      if (!mm.populate(addr, vma)) return null;
      leaf = mm.pageTable.leaf(addr);
      if (leaf === null) return null;
    }
    const base = pteFrameAddr(leaf.lo, leaf.hi) + (leaf.large ? addr % (512 * PAGE_SIZE) - (addr % PAGE_SIZE) : 0);
    const pa = base + (addr % PAGE_SIZE);
    if (write !== null) mm.mem.writeInFrame(pa, write.subarray(off, off + n));
    else out.set(mm.mem.readInFrame(pa, n), off);
    off += n;
  }
  return out;
}
