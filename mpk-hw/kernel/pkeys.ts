/**
 * Protection-key allocation (arch/x86/include/asm/pkeys.h, arch/x86/mm/pkeys.c,
 * mm/mprotect.c pkey_alloc/pkey_free), the execute-only key, and the per-area key choice of
 * mprotect.  Spec L-2, L-3, L-4, L-5, L-6.
 */
import { pkruAllowsRead, pkruWithKeyBits, PKRU_AD_BIT, PKRU_WD_BIT } from '../pkru.js';
import { Errno, PKEY_ACCESS_MASK, PKEY_DISABLE_ACCESS, PKEY_DISABLE_WRITE, PROT_EXEC, PROT_READ, PROT_WRITE } from './constants.js';
import type { Kernel } from './kernel.js';
import type { Mm } from './mm.js';
import type { Task } from './task.js';
import type { Vma } from './vma.js';

/** mm_pkey_is_allocated: in range, set in the bitmap, and not the execute-only key. */
export function mmPkeyIsAllocated(k: Kernel, mm: Mm, pkey: number): boolean {
  if (pkey < 0 || pkey >= k.maxPkey) return false;
  if (pkey === mm.pkeys.executeOnlyPkey) return false;
  return (mm.pkeys.allocationMap & (1 << pkey)) !== 0;
}

/** mm_pkey_alloc: the lowest free key (ffz), or -1 when every key is taken. */
function mmPkeyAlloc(k: Kernel, mm: Mm): number {
  const all = (1 << k.maxPkey) - 1;
  if ((mm.pkeys.allocationMap & all) === all) return -1;
  let pkey = 0;
  while (mm.pkeys.allocationMap & (1 << pkey)) pkey++;
  mm.pkeys.allocationMap |= 1 << pkey;
  return pkey;
}

/**
 * arch_set_user_pkey_access: sets exactly `pkey`'s two PKRU bits of the calling thread to the
 * rights; every other bit is unchanged.  -EINVAL without OSPKE.
 */
export function setUserPkeyAccess(k: Kernel, task: Task, pkey: number, rights: number): number {
  if (!k.config.pku) return -Errno.EINVAL;
  const bits = (rights & PKEY_DISABLE_ACCESS ? PKRU_AD_BIT : 0) | (rights & PKEY_DISABLE_WRITE ? PKRU_WD_BIT : 0);
  k.setTaskPkru(task, pkruWithKeyBits(k.taskPkru(task), pkey, bits));
  return 0;
}

/** pkey_alloc(flags, access_rights). */
export function sysPkeyAlloc(k: Kernel, task: Task, flags: bigint, rights: bigint): number {
  if (flags !== 0n) return -Errno.EINVAL;
  if ((rights & ~BigInt(PKEY_ACCESS_MASK)) !== 0n) return -Errno.EINVAL;
  const mm = task.process.mm;
  const pkey = mmPkeyAlloc(k, mm);
  if (pkey === -1) return -Errno.ENOSPC;
  const r = setUserPkeyAccess(k, task, pkey, Number(rights));
  if (r !== 0) {
    mm.pkeys.allocationMap &= ~(1 << pkey);
    return r;
  }
  return pkey;
}

/** pkey_free(pkey): clears the bitmap bit only; pages keep the key and PKRU is untouched. */
export function sysPkeyFree(k: Kernel, task: Task, pkey: number): number {
  const mm = task.process.mm;
  if (!mmPkeyIsAllocated(k, mm, pkey)) return -Errno.EINVAL;
  mm.pkeys.allocationMap &= ~(1 << pkey);
  return 0;
}

/**
 * __execute_only_pkey: allocates the execute-only key on first use and denies reads of it in
 * the calling thread only.  Returns -1 when no key is free (execute-only silently degrades).
 */
export function executeOnlyPkey(k: Kernel, task: Task): number {
  const mm = task.process.mm;
  let pkey = mm.pkeys.executeOnlyPkey;
  const fresh = pkey === -1;
  if (fresh) {
    pkey = mmPkeyAlloc(k, mm);
    if (pkey < 0) return -1;
  }
  // Skip the PKRU update when this thread already denies reads of the key.
  if (!fresh && !pkruAllowsRead(k.taskPkru(task), pkey)) return pkey;
  if (setUserPkeyAccess(k, task, pkey, PKEY_DISABLE_ACCESS) !== 0) {
    mm.pkeys.allocationMap &= ~(1 << pkey);
    return -1;
  }
  if (fresh) mm.pkeys.executeOnlyPkey = pkey;
  return pkey;
}

/** vma_is_pkey_exec_only: exactly VM_EXEC and tagged with the execute-only key. */
function vmaIsPkeyExecOnly(mm: Mm, vma: Vma): boolean {
  if ((vma.prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) !== PROT_EXEC) return false;
  return vma.pkey === mm.pkeys.executeOnlyPkey;
}

/** __arch_override_mprotect_pkey: the key an area gets from mprotect (-1) or pkey_mprotect. */
export function overrideMprotectPkey(k: Kernel, task: Task, vma: Vma, prot: number, pkey: number): number {
  if (pkey !== -1) return pkey;
  if (prot === PROT_EXEC) {
    const xo = executeOnlyPkey(k, task);
    if (xo > 0) return xo;
  } else if (vmaIsPkeyExecOnly(task.process.mm, vma)) {
    return 0;
  }
  return vma.pkey;
}
