/**
 * Live patching of published code (call sites, inline caches).  A patch of at most 8 bytes
 * that does not cross an 8-byte boundary is one aligned store, which other threads see all or
 * nothing (SDM Vol.3A 9.1.1: aligned quadword accesses are atomic); anything larger first
 * quiesces the region: no executor may be running in it, and none may enter until the patch
 * is done.  Either way the patched image is verified like a seal before any byte changes, the
 * seal hash is updated, and the patch is recorded.
 */
import { pkruWithKeyBits } from '../mpk-hw/pkru.js';
import { hexAddr } from './audit/schema.js';
import { sealState, type Allocation } from './code-region.js';
import { SdkError } from './errors.js';
import type { SandboxCore as Sandbox } from './sandbox-core.js';
import { allocBytes, sha256, verifyImage, VerifyError } from './seal.js';
import type { SdkThread } from './threads.js';
import { mprotectPages } from './windows.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../mpk-hw/kernel/constants.js';

/** Options of a patch. */
export interface PatchOptions {
  readonly reason: string;
  readonly site?: string;
}

/** What a patch did. */
export interface PatchReport {
  readonly atomic: boolean;
  /** Whether executors had to be stopped. */
  readonly quiesced: boolean;
  readonly sha256: string;
}

/** Whether a patch is a single aligned store of at most 8 bytes. */
export function isAtomicPatch(address: number, length: number): boolean {
  return length > 0 && length <= 8 && (address % 8) + length <= 8;
}

/** Verifies the allocation as it will be after the patch, with its real seams; throws VerifyError. */
function verifyPatched(sbx: Sandbox, a: Allocation, offset: number, bytes: Uint8Array): string {
  const own = allocBytes(sbx, a);
  own.set(bytes, offset);
  const { findings } = verifyImage(sbx, a, own, [], sbx.options.allowSyscall);
  if (findings.length > 0) throw new VerifyError(a, findings);
  return sha256(own);
}

/** Patches published code from `thread` (a role that may write code). */
export function patch(sbx: Sandbox, thread: SdkThread, a: Allocation, offset: number, bytes: Uint8Array, opts: PatchOptions): PatchReport {
  sbx.checkThread(thread, 'patch');
  if (a.state !== 'published') throw new SdkError('ALLOC_STATE', `allocation ${a.id} is ${a.state}; only published code is patched`);
  if (!thread.canWriteCode) throw new SdkError('ROLE', `thread ${thread.tid} (${thread.roleName}) may not write code`);
  if (!Number.isInteger(offset) || offset < 0 || offset + bytes.length > a.size || bytes.length === 0) {
    throw new SdkError('PATCH_BOUNDS', `patch of ${bytes.length} bytes at offset ${offset} is outside allocation ${a.id} (${a.size} bytes)`);
  }
  const at = a.start + offset;
  const atomic = isAtomicPatch(at, bytes.length);
  const inside = sbx.executorsIn(a.region);
  if (!atomic && inside.length > 0) {
    sbx.audit.emit({ kind: 'violation', cycle: thread.ut.task.counters.cycles, tid: thread.tid, region: a.region.name, alloc: a.id,
      reason: `a ${bytes.length}-byte patch needs the region quiesced, but threads ${inside.join(', ')} are running in it`, detail: { code: 'NOT_QUIESCED' } });
    throw new SdkError('NOT_QUIESCED', `patch of ${a.id}: threads ${inside.join(', ')} are running in region ${a.region.name}`);
  }
  const hash = verifyPatched(sbx, a, offset, bytes);
  if (!atomic) sbx.audit.emit({ kind: 'quiesce', cycle: thread.ut.task.counters.cycles, tid: thread.tid, region: a.region.name, detail: { stalledCycles: 0 } });
  writeThroughKey(sbx, thread, a, at, bytes, opts);
  sealState(a).hash = hash;
  sealState(a).verifiedSinceSeal = true;
  sbx.audit.emit({ kind: 'patch', cycle: thread.ut.task.counters.cycles, tid: thread.tid, region: a.region.name, alloc: a.id,
    range: [hexAddr(at), hexAddr(at + bytes.length)], reason: opts.reason, ...(opts.site !== undefined ? { site: opts.site } : {}),
    detail: { atomic, quiesced: !atomic, sha256: hash } });
  return { atomic, quiesced: !atomic, sha256: hash };
}

/**
 * The store itself: the region's key opened on this thread only for the one write, then
 * restored; under the mprotect policy the pages are flipped RW and back to RX process-wide.
 */
function writeThroughKey(sbx: Sandbox, thread: SdkThread, a: Allocation, at: number, bytes: Uint8Array, opts: PatchOptions): void {
  if (sbx.options.policy === 'mprotect') {
    mprotectPages(sbx, thread, a, PROT_READ | PROT_WRITE, `patch: ${opts.reason}`);
    try {
      thread.ut.write(at, bytes);
    } finally {
      mprotectPages(sbx, thread, a, PROT_READ | PROT_EXEC, `patch done: ${opts.reason}`);
    }
    return;
  }
  const key = sbx.keys.acquire(a.region);
  const prev = thread.shadow;
  a.region.openWindows++;
  try {
    sbx.gate.write(thread, pkruWithKeyBits(prev, key, 0), 'patch', { key, region: a.region.name, alloc: a.id, reason: opts.reason });
    thread.ut.write(at, bytes);
  } finally {
    sbx.gate.write(thread, prev, 'patch', { key, region: a.region.name, alloc: a.id, reason: opts.reason });
    a.region.openWindows--;
  }
}
