/**
 * Opening write windows under either W^X policy:
 *  - 'pkey' (default): the region's key becomes read/write for the window's thread only; every
 *    other thread keeps executing the region meanwhile;
 *  - 'mprotect' (for comparison): the window's pages become RW (and not executable) for the
 *    whole process with mprotect, and back to RX on close; executors of the region must be
 *    quiesced first, and the change costs mprotect calls and TLB shootdowns.
 */
import { PROT_EXEC, PROT_READ, PROT_WRITE, formatSyscallResult } from '../mpk-hw/kernel/constants.js';
import { PAGE_SIZE } from '../mpk-hw/phys-mem.js';
import { pkruWithKeyBits } from '../mpk-hw/pkru.js';
import { hexAddr } from './audit/schema.js';
import type { Allocation } from './code-region.js';
import { SdkError } from './errors.js';
import type { Sandbox } from './sandbox.js';
import type { SdkThread } from './threads.js';
import { WriteWindow, type WindowOptions } from './write-window.js';
import { forbiddenBytes, SEAM_BYTES } from './verifier.js';

function checkOpen(sbx: Sandbox, thread: SdkThread, alloc: Allocation, opts: WindowOptions): void {
  sbx.checkThread(thread, 'window.open');
  if (!thread.canWriteCode) throw new SdkError('ROLE', `thread ${thread.tid} (${thread.roleName}) may not write code`);
  if (thread.openWindows.length > 0) {
    if ((opts.nesting ?? 'forbid') === 'forbid') {
      throw new SdkError('WINDOW_NESTED', `thread ${thread.tid} already holds window ${thread.openWindows.join(', ')}`);
    }
    thread.stats.nestedWindows++;
  }
  if (alloc.state === 'published' || alloc.state === 'retired') {
    throw new SdkError('ALLOC_STATE', `allocation ${alloc.id} is ${alloc.state}; published code changes only through patch()`);
  }
}

/** The whole pages covering an allocation. */
export function pagesOf(a: Allocation): [number, number] {
  const start = a.start - (a.start % PAGE_SIZE);
  return [start, Math.ceil((a.start + a.size) / PAGE_SIZE) * PAGE_SIZE];
}

/** mprotect policy: the pages of `a` get `prot` process-wide (recorded). */
export function mprotectPages(sbx: Sandbox, thread: SdkThread, a: Allocation, prot: number, why: string): void {
  const [start, end] = pagesOf(a);
  if (prot & PROT_WRITE) {
    const inside = sbx.executorsIn(a.region);
    if (inside.length > 0) throw new SdkError('NOT_QUIESCED', `mprotect policy: threads ${inside.join(', ')} are running in region ${a.region.name}`);
  }
  const r = thread.ut.mprotect(start, end - start, prot);
  if (r !== 0) throw new SdkError('MPROTECT_FAILED', `mprotect(${hexAddr(start)}, ${end - start}, ${prot}): ${formatSyscallResult(r)}`);
  sbx.audit.emit({ kind: 'mprotect', cycle: thread.ut.task.counters.cycles, tid: thread.tid, region: a.region.name, alloc: a.id,
    range: [hexAddr(start), hexAddr(end)], reason: why, detail: { prot: prot & PROT_WRITE ? 'RW' : 'RX' } });
}

/**
 * The modelled executor stall of an mprotect-policy window: while the pages are RW they are not
 * executable for any thread, so every executor of the sandbox is counted as stalled for the
 * cycles the window was open (the pkey policy stalls nobody: executors keep running the region).
 */
function recordStall(sbx: Sandbox, thread: SdkThread, alloc: Allocation, openCycles: number): void {
  const executors = [...sbx.threads.values()].filter((t) => t.roleName === 'executor' && !t.ut.task.dead).length;
  sbx.audit.emit({ kind: 'quiesce', cycle: thread.ut.task.counters.cycles, tid: thread.tid, region: alloc.region.name,
    alloc: alloc.id, detail: { stalledCycles: executors * openCycles, executors, openCycles } });
}

/** Opens a write window for `thread` on `alloc`. */
export function openWindow(sbx: Sandbox, thread: SdkThread, alloc: Allocation, opts: WindowOptions): WriteWindow {
  checkOpen(sbx, thread, alloc, opts);
  const region = alloc.region;
  const id = sbx.nextWindowId();
  const prevPkru = thread.shadow;
  let key: number | null = null;
  if (sbx.options.policy === 'mprotect') {
    mprotectPages(sbx, thread, alloc, PROT_READ | PROT_WRITE, `window ${id}`);
  } else {
    key = sbx.keys.acquire(region);
    sbx.gate.write(thread, pkruWithKeyBits(prevPkru, key, 0), 'window.open', { key, region: region.name, alloc: alloc.id, window: id, reason: opts.reason });
  }
  region.openWindows++;
  alloc.transition('writing');
  thread.openWindows.push(id);
  thread.stats.windows++;
  const w: WriteWindow = new WriteWindow({ id, thread, alloc, prevPkru, opts, gate: sbx.gate, audit: sbx.audit,
    seamProblem: (at, bytes) => seamProblem(sbx, alloc, at, bytes),
    onClose: (done) => {
      if (sbx.options.policy === 'mprotect') {
        mprotectPages(sbx, thread, alloc, PROT_READ | PROT_EXEC, `window ${id} closed`);
        recordStall(sbx, thread, alloc, done.cycles());
      }
      sbx.windows.delete(done.id);
      region.openWindows--;
      thread.openWindows.splice(thread.openWindows.indexOf(done.id), 1);
    } });
  sbx.windows.set(id, w);
  sbx.audit.emit({ kind: 'window.open', cycle: thread.ut.task.counters.cycles, tid: thread.tid, ...(key !== null ? { key } : {}),
    region: region.name, alloc: alloc.id, window: id, range: [hexAddr(alloc.start + w.lo), hexAddr(alloc.start + w.hi)],
    reason: opts.reason, ...(opts.site !== undefined ? { site: opts.site } : {}) });
  return w;
}

/**
 * Runs `fn` with a window closed in `finally`; a callback that returns a promise is an error.
 * Windows the callback opened inside it and left open are closed first (innermost first), so
 * every right is given back and the callback's own error is the one that propagates.
 */
export function withWindow<T>(sbx: Sandbox, thread: SdkThread, alloc: Allocation, opts: WindowOptions, fn: (w: WriteWindow) => T): T {
  const w = openWindow(sbx, thread, alloc, opts);
  try {
    const r = fn(w);
    if (r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function') {
      throw new SdkError('WINDOW_ASYNC', `window ${w.id}: the callback returned a promise; windows cannot stay open across await`);
    }
    return r;
  } finally {
    const inner = thread.openWindows.slice(thread.openWindows.indexOf(w.id) + 1).reverse();
    for (const id of inner) sbx.windows.get(id)?.close();
    w.close();
  }
}

/**
 * Whether writing `bytes` at `at` would complete a forbidden sequence (WRPKRU, XRSTOR, ...)
 * together with the bytes of a sealed or published neighbour: its seal already checked its
 * seams, so such a write is refused here rather than leaving the sequence in verified code.
 */
function seamProblem(sbx: Sandbox, alloc: Allocation, at: number, bytes: Uint8Array): string | null {
  const region = alloc.region;
  const from = Math.max(region.start, at - SEAM_BYTES);
  const to = Math.min(region.start + region.size, at + bytes.length + SEAM_BYTES);
  const sealed = region.allocations.filter((a) => a !== alloc && (a.state === 'sealed' || a.state === 'published') &&
    a.start < to && a.start + a.size > from);
  if (sealed.length === 0) return null;
  const image = sbx.machine.peek(sbx.owner.ut.pid, from, to - from);
  if (image === null) return null;
  image.set(bytes, at - from);
  for (const f of forbiddenBytes.check({ bytes: image, before: 0, after: 0, address: from, allowSyscall: sbx.options.allowSyscall })) {
    const len = f.pattern === 'WRPKRU' || f.pattern.startsWith('XRSTOR') ? 3 : 2;
    const hit = sealed.find((a) => f.address < a.start + a.size && f.address + len > a.start);
    if (hit !== undefined) return `the write would complete ${f.pattern} at ${hexAddr(f.address)} with sealed code of ${hit.id}`;
  }
  return null;
}
