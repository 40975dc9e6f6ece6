/**
 * A subset of ptrace: TRACEME, ATTACH, DETACH, PEEKTEXT/PEEKDATA, POKETEXT/POKEDATA,
 * GETREGSET/SETREGSET of NT_X86_XSTATE.  Tracee memory is accessed remotely, so pkeys are ignored (spec L-8, L-12;
 * protection_keys.c test_ptrace_of_child, test_ptrace_modifies_pkru).  Stop states are not
 * modelled: a tracee counts as stopped whenever its tracer asks.
 */
import { XFEATURE_MASK_FPSSE, XFEATURE_MASK_PKRU, XSAVE_HEADER_OFFSET } from '../xsave.js';
import {
  Errno, NT_X86_XSTATE, PTRACE_ATTACH, PTRACE_DETACH, PTRACE_GETREGSET, PTRACE_PEEKDATA, PTRACE_PEEKTEXT,
  PTRACE_POKEDATA, PTRACE_POKETEXT, PTRACE_SETREGSET, PTRACE_TRACEME,
} from './constants.js';
import type { Kernel } from './kernel.js';
import { copyFromUser, copyToUser, remoteAccess } from './page-fault.js';
import { FPX_SW_OFFSET, FP_XSTATE_MAGIC1 } from './sigframe.js';
import type { Task } from './task.js';

/** The task named by a pid or tid, if alive. */
function lookup(k: Kernel, id: number): Task | undefined {
  const t = k.tasks.get(id) ?? k.processes.get(id)?.tasks[0];
  return t !== undefined && !t.dead ? t : undefined;
}

/** ptrace(request, pid, addr, data). */
export function sysPtrace(k: Kernel, task: Task, request: number, pid: number, addr: number, data: bigint): number {
  const me = task.process;
  if (request === PTRACE_TRACEME) {
    if (me.tracer !== null || me.parent === null) return -Errno.EPERM;
    me.tracer = me.parent;
    return 0;
  }
  const target = lookup(k, pid);
  if (target === undefined) return -Errno.ESRCH;
  if (request === PTRACE_ATTACH) {
    if (target.process === me || target.process.tracer !== null) return -Errno.EPERM;
    target.process.tracer = me;
    return 0;
  }
  if (target.process.tracer !== me) return -Errno.ESRCH;
  const mm = target.process.mm;
  switch (request) {
    case PTRACE_DETACH:
      target.process.tracer = null;
      return 0;
    case PTRACE_PEEKTEXT: // kernel/ptrace.c ptrace_request: TEXT and DATA are one request each
    case PTRACE_PEEKDATA: {
      const word = remoteAccess(mm, addr, 8, null);
      if (word === null) return -Errno.EIO;
      return copyToUser(k, task, Number(data), word) ? 0 : -Errno.EFAULT;
    }
    case PTRACE_POKETEXT:
    case PTRACE_POKEDATA: {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, data), true);
      return remoteAccess(mm, addr, 8, b) === null ? -Errno.EIO : 0;
    }
    case PTRACE_GETREGSET:
    case PTRACE_SETREGSET:
      if (addr !== NT_X86_XSTATE) return -Errno.EINVAL;
      return xstateRegset(k, task, target, Number(data), request === PTRACE_SETREGSET);
    default:
      return -Errno.EIO;
  }
}

/**
 * NT_X86_XSTATE.  GET: the PKRU slot carries the tracee's thread.pkru with XSTATE_BV[9] set.
 * SET: XSTATE_BV[9] = 1 loads the slot; 0 loads PKRU's init value 0 (XRSTOR emulation).
 */
function xstateRegset(k: Kernel, task: Task, target: Task, iovVa: number, set: boolean): number {
  const iov = copyFromUser(k, task, iovVa, 16);
  if (iov === null) return -Errno.EFAULT;
  const iv = new DataView(iov.buffer);
  const base = Number(iv.getBigUint64(0, true) & 0xffffffffffffn);
  const len = Number(iv.getBigUint64(8, true) & 0xffffffffn);
  const layout = k.config.xsave;
  if (set) {
    if (len < layout.size) return -Errno.EINVAL;
    const img = copyFromUser(k, task, base, layout.size);
    if (img === null) return -Errno.EFAULT;
    const v = new DataView(img.buffer);
    const inUse = (v.getUint32(XSAVE_HEADER_OFFSET, true) & XFEATURE_MASK_PKRU) !== 0;
    k.setTaskPkru(target, inUse ? v.getUint32(layout.pkruOffset, true) : 0);
    return 0;
  }
  const img = new Uint8Array(layout.size);
  const v = new DataView(img.buffer);
  v.setUint32(FPX_SW_OFFSET, FP_XSTATE_MAGIC1, true);
  v.setBigUint64(FPX_SW_OFFSET + 8, BigInt(XFEATURE_MASK_FPSSE | XFEATURE_MASK_PKRU), true);
  v.setUint32(FPX_SW_OFFSET + 16, layout.size, true);
  v.setBigUint64(XSAVE_HEADER_OFFSET, BigInt(XFEATURE_MASK_FPSSE | XFEATURE_MASK_PKRU), true);
  v.setUint32(layout.pkruOffset, k.taskPkru(target), true);
  const n = Math.min(len, layout.size);
  if (!copyToUser(k, task, base, img.subarray(0, n))) return -Errno.EFAULT;
  const newLen = new Uint8Array(8);
  new DataView(newLen.buffer).setBigUint64(0, BigInt(n), true);
  return copyToUser(k, task, iovVa + 8, newLen) ? 0 : -Errno.EFAULT;
}
