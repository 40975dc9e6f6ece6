/**
 * Opening write windows under either W^X policy:
 *  - 'pkey' (default): the region's key becomes read/write for the window's thread only; every
 *    other thread keeps executing the region meanwhile;
 *  - 'mprotect' (for comparison): the pages written become RW process-wide with mprotect, and
 *    back on close; when they are code pages (a seal's copy) they are not executable meanwhile,
 *    so executors of the region must be quiesced, and the change costs mprotect calls and TLB
 *    shootdowns.  Staging pages shared by allocations are counted (staging-pages.ts): RW from
 *    the first window covering them to the last one's close.
 * A caller's window writes the allocation's staging image; only a seal's copy (commitBytes)
 * writes the code pages, with bytes that were verified a moment before.
 */
import { PROT_EXEC, PROT_READ, PROT_WRITE, formatSyscallResult } from '../mpk-hw/kernel/constants.js';
import { PAGE_SIZE } from '../mpk-hw/phys-mem.js';
import { pkruWithKeyBits } from '../mpk-hw/pkru.js';
import { hexAddr } from './audit/schema.js';
import { sealState, transition, type Allocation } from './code-region.js';
import { SdkError } from './errors.js';
import type { SandboxCore as Sandbox } from './sandbox-core.js';
import { stagingCounts, type PageRun } from './staging-pages.js';
import { openWindowList, type SdkThread } from './threads.js';
import { checkWindowOptions, type WindowOptions } from './window-options.js';
import { WriteWindow } from './write-window.js';
import { forbiddenBytes, SEAM_BYTES } from './verifier.js';

function checkOpen(sbx: Sandbox, thread: SdkThread, alloc: Allocation, opts: WindowOptions, commit: boolean): void {
  sbx.checkThread(thread, 'window.open');
  if (thread.ut.task.dead) throw new SdkError('THREAD_GONE', `thread ${thread.tid} has exited; a window needs a live thread`);
  if (!thread.canWriteCode) throw new SdkError('ROLE', `thread ${thread.tid} (${thread.roleName}) may not write code`);
  if (thread.openWindows.length > 0) {
    if (!commit && (opts.nesting ?? 'forbid') === 'forbid') {
      throw new SdkError('WINDOW_NESTED', `thread ${thread.tid} already holds window ${thread.openWindows.join(', ')}`);
    }
    thread.stats.nestedWindows++;
  }
  if (!commit && (alloc.state === 'published' || alloc.state === 'retired')) {
    throw new SdkError('ALLOC_STATE', `allocation ${alloc.id} is ${alloc.state}; published code changes only through patch()`);
  }
}

/** The whole pages covering `size` bytes at `start`. */
function pagesAround(start: number, size: number): [number, number] {
  return [start - (start % PAGE_SIZE), Math.ceil((start + size) / PAGE_SIZE) * PAGE_SIZE];
}

/** The whole pages covering an allocation's code. */
export function pagesOf(a: Allocation): [number, number] {
  return pagesAround(a.start, a.size);
}

/** mprotect(2) of the pages [start, end) to `prot` on `thread`'s behalf, recorded as one `mprotect` record. */
function mprotectRun(sbx: Sandbox, thread: SdkThread, a: Allocation, [start, end]: PageRun, prot: number, why: string,
  staging: boolean): void {
  const r = sbx.privileged(() => thread.ut.mprotect(start, end - start, prot));
  if (r !== 0) throw new SdkError('MPROTECT_FAILED', `mprotect(${hexAddr(start)}, ${end - start}, ${prot}): ${formatSyscallResult(r)}`);
  sbx.audit.emit({ kind: 'mprotect', cycle: thread.ut.task.counters.cycles, tid: thread.tid, region: a.region.name, alloc: a.id,
    range: [hexAddr(start), hexAddr(end)], reason: why,
    detail: { prot: prot & PROT_WRITE ? 'RW' : prot & PROT_EXEC ? 'RX' : 'R', ...(staging ? { staging: true } : {}) } });
}

/** mprotect policy: the code pages of `a` get `prot` process-wide (recorded); RW needs the region quiesced. */
export function mprotectPages(sbx: Sandbox, thread: SdkThread, a: Allocation, prot: number, why: string): void {
  if (prot & PROT_WRITE) {
    const inside = sbx.executorsIn(a.region);
    if (inside.length > 0) {
      throw new SdkError('NOT_QUIESCED', `mprotect policy: threads ${inside.join(', ')} are running in region ${a.region.name}; hold them with sbx.hold() first`);
    }
  }
  mprotectRun(sbx, thread, a, pagesOf(a), prot, why, false);
}

/**
 * mprotect policy, a caller's window on `a` opens: the staging pages of `a` that no other open
 * window covers become RW (one recorded mprotect per run of them; none if all are covered).
 * Staging is never executable, so nobody needs to be quiesced.
 */
function openStaging(sbx: Sandbox, thread: SdkThread, a: Allocation, why: string): void {
  const [start, end] = pagesAround(a.stagingStart, a.size);
  const counts = stagingCounts(a.region);
  const done: PageRun[] = [];
  try {
    for (const run of counts.uncovered(start, end)) {
      mprotectRun(sbx, thread, a, run, PROT_READ | PROT_WRITE, why, true);
      done.push(run);
    }
  } catch (e) {
    // No window opens: the runs made RW so far go back to R.
    for (const run of done) mprotectRun(sbx, thread, a, run, PROT_READ, `${why} not opened`, true);
    throw e;
  }
  counts.acquire(start, end);
}

/** mprotect policy, a caller's window on `a` closes: the staging pages no open window covers any more become R (recorded). */
function closeStaging(sbx: Sandbox, thread: SdkThread, a: Allocation, why: string): void {
  const [start, end] = pagesAround(a.stagingStart, a.size);
  for (const run of stagingCounts(a.region).release(start, end)) mprotectRun(sbx, thread, a, run, PROT_READ, why, true);
}

/**
 * The modelled executor stall of an mprotect-policy copy into code pages: while the pages are
 * RW they are not executable for any thread, so every executor of the sandbox is counted as
 * stalled for the cycles the window was open (the pkey policy stalls nobody).
 */
function recordStall(sbx: Sandbox, thread: SdkThread, alloc: Allocation, openCycles: number): void {
  const executors = [...sbx.threads.values()].filter((t) => t.roleName === 'executor' && !t.ut.task.dead).length;
  sbx.audit.emit({ kind: 'quiesce', cycle: thread.ut.task.counters.cycles, tid: thread.tid, region: alloc.region.name,
    alloc: alloc.id, detail: { stalledCycles: executors * openCycles, executors, openCycles } });
}

/** Opens a caller's write window for `thread` on `alloc`: it writes the allocation's staging image. */
export function openWindow(sbx: Sandbox, thread: SdkThread, alloc: Allocation, opts: WindowOptions): WriteWindow {
  const range = checkWindowOptions(alloc, opts);
  checkOpen(sbx, thread, alloc, opts, false);
  const w = open(sbx, thread, alloc, opts, range, false);
  // Back to writing from sealed: its code pages are int3 already (only publish copies bytes in).
  if (alloc.state === 'sealed') sealState(alloc).hash = null;
  transition(alloc, 'writing');
  sealState(alloc).writer = thread;
  return w;
}

/**
 * A seal's copy: the verified bytes into the code pages, through a window of their own on the
 * thread that wrote them (one record of each: pkru, window.open, window.write, window.close).
 */
export function commitBytes(sbx: Sandbox, thread: SdkThread, alloc: Allocation, bytes: Uint8Array): void {
  const opts: WindowOptions = { reason: `publish ${alloc.id}: copy the verified bytes into the code pages` };
  checkOpen(sbx, thread, alloc, opts, true);
  const w = open(sbx, thread, alloc, opts, { lo: 0, hi: alloc.size }, true);
  try {
    w.write(0, bytes);
  } finally {
    w.close();
  }
}

/** int3 over an allocation's code (CC completes no forbidden sequence with any neighbour). */
export function fillInt3(sbx: Sandbox, a: Allocation): void {
  if (!sbx.machine.poke(sbx.owner.ut.pid, a.start, new Uint8Array(a.size).fill(0xcc))) {
    throw new SdkError('INVARIANT', `allocation ${a.id} is not mapped`);
  }
}

function open(sbx: Sandbox, thread: SdkThread, alloc: Allocation, opts: WindowOptions, range: { lo: number; hi: number },
  commit: boolean): WriteWindow {
  const region = alloc.region;
  const id = sbx.nextWindowId();
  const prevPkru = thread.shadow;
  let key: number | null = null;
  if (sbx.options.policy === 'mprotect') {
    if (commit) mprotectPages(sbx, thread, alloc, PROT_READ | PROT_WRITE, `window ${id}`);
    else openStaging(sbx, thread, alloc, `window ${id}`);
  } else {
    key = sbx.keys.acquire(region);
    sbx.gate.write(thread, pkruWithKeyBits(prevPkru, key, 0), 'window.open', { key, region: region.name, alloc: alloc.id, window: id, reason: opts.reason });
  }
  region.openWindows++;
  openWindowList(thread).push(id);
  if (!commit) thread.stats.windows++;
  const w: WriteWindow = new WriteWindow({ id, thread, alloc, prevPkru, opts, gate: sbx.gate, audit: sbx.audit,
    lo: range.lo, hi: range.hi, target: commit ? alloc.start : alloc.stagingStart,
    ...(commit ? {} : { seamProblem: (at: number, bytes: Uint8Array) => seamProblem(sbx, alloc, at, bytes) }),
    onClose: (done) => {
      if (sbx.options.policy === 'mprotect') {
        // The pages go back through the SDK's own thread when the window's thread has exited.
        const actor = thread.ut.task.dead ? sbx.owner : thread;
        if (commit) {
          mprotectPages(sbx, actor, alloc, PROT_READ | PROT_EXEC, `window ${id} closed`);
          recordStall(sbx, actor, alloc, done.cycles());
        } else {
          closeStaging(sbx, actor, alloc, `window ${id} closed`);
        }
      }
      sbx.windows.delete(done.id);
      region.openWindows--;
      const list = openWindowList(thread);
      list.splice(list.indexOf(done.id), 1);
    } });
  sbx.windows.set(id, w);
  sbx.audit.emit({ kind: 'window.open', cycle: thread.ut.task.counters.cycles, tid: thread.tid, ...(key !== null ? { key } : {}),
    region: region.name, alloc: alloc.id, window: id, range: [hexAddr(alloc.start + w.lo), hexAddr(alloc.start + w.hi)],
    reason: opts.reason, ...(opts.site !== undefined ? { site: opts.site } : {}), ...(commit ? { detail: { commit: true } } : {}) });
  return w;
}

/**
 * Runs `fn` with a window closed in `finally`; a callback that returns a promise is an error.
 * Windows the callback opened inside it and left open are closed first (innermost first), so
 * every right is given back and the callback's own error is the one that propagates.
 */
export function withWindow<T>(sbx: Sandbox, thread: SdkThread, alloc: Allocation, opts: WindowOptions, fn: (w: WriteWindow) => T): T {
  if (typeof fn !== 'function') throw new SdkError('BAD_ARGUMENT', `withWindow needs a callback (got ${typeof fn})`);
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
 * Whether writing `bytes` at `at` (a code address of `alloc`) would complete a forbidden
 * sequence (WRPKRU, XRSTOR, ...) with the bytes of a published neighbour: its publish
 * already checked its seams, so such a write is refused here rather than at this allocation's
 * seal.  The image is the code pages with this allocation's staged bytes and the write on top.
 */
function seamProblem(sbx: Sandbox, alloc: Allocation, at: number, bytes: Uint8Array): string | null {
  const region = alloc.region;
  const from = Math.max(region.start, at - SEAM_BYTES);
  const to = Math.min(region.start + region.size, at + bytes.length + SEAM_BYTES);
  // Only published neighbours are in the code pages; a sealed one is checked again when it is published.
  const sealed = region.allocations.filter((a) => a !== alloc && a.state === 'published' &&
    a.start < to && a.start + a.size > from);
  if (sealed.length === 0) return null;
  const pid = sbx.owner.ut.pid;
  const image = sbx.machine.peek(pid, from, to - from);
  const lo = Math.max(from, alloc.start);
  const hi = Math.min(to, alloc.start + alloc.size);
  const staged = hi > lo ? sbx.machine.peek(pid, alloc.stagingStart + (lo - alloc.start), hi - lo) : null;
  if (image === null) return null;
  if (staged !== null) image.set(staged, lo - from);
  image.set(bytes, at - from);
  for (const f of forbiddenBytes.check({ bytes: image, before: 0, after: 0, address: from, allowSyscall: sbx.options.allowSyscall })) {
    const len = f.pattern === 'WRPKRU' || f.pattern.startsWith('XRSTOR') ? 3 : 2;
    const hit = sealed.find((a) => f.address < a.start + a.size && f.address + len > a.start);
    if (hit !== undefined) return `the write would complete ${f.pattern} at ${hexAddr(f.address)} with sealed code of ${hit.id}`;
  }
  return null;
}
