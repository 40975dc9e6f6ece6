/**
 * Sealing, publishing, retiring and integrity checks of allocations.  The verifier pipeline
 * runs on exactly the bytes that become executable, read from guest memory (with the seams:
 * SEAM_BYTES of the neighbouring code on each side); sealing returns a receipt: sha256 of the
 * bytes, each verifier's result, and the policy hash.  Integrity is re-checked before the
 * first entry and whenever asked.
 */
import { createHash } from 'node:crypto';
import { hexAddr } from './audit/schema.js';
import type { Allocation } from './code-region.js';
import { SdkError } from './errors.js';
import type { Sandbox } from './sandbox.js';
import { forbiddenBytes, SEAM_BYTES, type Finding, type Verifier } from './verifier.js';
import { decode, isValid } from '../mpk-hw/cpu/decode.js';
import { disasm } from '../mpk-hw/cpu/disasm.js';

/** What seal() returns. */
export interface SealReceipt {
  readonly alloc: string;
  /** sha256 of the allocation's bytes, hex. */
  readonly sha256: string;
  readonly verifiers: ReadonlyArray<{ readonly name: string; readonly ok: boolean; readonly findings: readonly Finding[] }>;
  readonly policyHash: string;
}

/** A seal refused by a verifier; `findings` say where and what. */
export class VerifyError extends SdkError {
  readonly findings: readonly Finding[];
  constructor(alloc: Allocation, findings: readonly Finding[]) {
    const list = findings.map((f) => `${f.pattern} at offset ${f.offset} (${hexAddr(f.address)})${f.instruction !== null ? ` in '${f.instruction}'` : ''}`);
    super('VERIFY_FAILED', `allocation ${alloc.id} not sealed: ${list.join('; ')}`);
    this.name = 'VerifyError';
    this.findings = findings;
  }
}

/** The allocation's current bytes, read as a monitor would (/proc/<pid>/mem; keys ignored). */
export function allocBytes(sbx: Sandbox, a: Allocation, from = a.start, to = a.start + a.size): Uint8Array {
  const b = sbx.machine.peek(sbx.owner.ut.pid, from, to - from);
  if (b === null) throw new SdkError('INVARIANT', `allocation ${a.id} is not mapped`);
  return b;
}

/** sha256 of bytes, hex. */
export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/**
 * Names the instruction that contains an offset, by linear disassembly from the allocation's
 * start (the way the JIT laid the code out): `mov    eax,0xef010f` for an offset inside it.
 */
export function linearDescriber(code: Uint8Array, address: number): (offset: number) => string | null {
  const starts: Array<[number, number, string]> = [];
  for (let off = 0; off < code.length;) {
    const insn = decode(code, off, code.length - off);
    const len = Math.max(1, insn.length);
    starts.push([off, len, isValid(insn) ? disasm(insn, address + off).replace(/\s+/g, ' ') : '(bad)']);
    off += len;
  }
  return (offset) => starts.find(([o, n]) => offset >= o && offset < o + n)?.[2] ?? null;
}

/** Runs the verifiers on the allocation and seals it, or throws VerifyError. */
export function seal(sbx: Sandbox, a: Allocation, extra: readonly Verifier[], opts: { allowSyscall?: boolean } = {}): SealReceipt {
  if (a.state !== 'writing') throw new SdkError('ALLOC_STATE', `allocation ${a.id} is ${a.state}; only written code can be sealed`);
  if (sbx.openWindowsOn(a).length > 0) throw new SdkError('SEAL_WINDOW_OPEN', `allocation ${a.id} has an open window (${sbx.openWindowsOn(a).join(', ')})`);
  const region = a.region;
  const from = Math.max(region.start, a.start - SEAM_BYTES);
  const to = Math.min(region.start + region.size, a.start + a.size + SEAM_BYTES);
  const bytes = allocBytes(sbx, a, from, to);
  const describe = linearDescriber(bytes.subarray(a.start - from, a.start - from + a.size), a.start);
  const input = { bytes, before: a.start - from, after: to - (a.start + a.size), address: from,
    allowSyscall: opts.allowSyscall ?? sbx.options.allowSyscall, describe };
  const results = [forbiddenBytes, ...extra].map((v) => {
    const findings = v.check(input);
    return { name: v.name, ok: findings.length === 0, findings };
  });
  const findings = results.flatMap((r) => r.findings);
  const hash = sha256(bytes.subarray(a.start - from, a.start - from + a.size));
  const ok = findings.length === 0;
  sbx.audit.emit({ kind: 'seal', cycle: sbx.ownerCycles(), tid: sbx.owner.tid, region: region.name, alloc: a.id,
    range: [hexAddr(from), hexAddr(to)], detail: { ok, sha256: hash, findings: findings.map((f) => ({ ...f })) } });
  if (!ok) throw new VerifyError(a, findings);
  a.transition('sealed');
  a.sealedHash = hash;
  a.verifiedSinceSeal = false;
  return { alloc: a.id, sha256: hash, verifiers: results, policyHash: sbx.policyHash };
}

/** Makes a sealed allocation enterable. */
export function publish(sbx: Sandbox, a: Allocation): void {
  a.transition('published');
  sbx.audit.emit({ kind: 'publish', cycle: sbx.ownerCycles(), tid: sbx.owner.tid, region: a.region.name, alloc: a.id });
}

/** Whether the allocation still holds the bytes it was sealed with; a mismatch is a violation. */
export function checkIntegrity(sbx: Sandbox, a: Allocation): boolean {
  if (a.sealedHash === null) return false;
  const now = sha256(allocBytes(sbx, a));
  if (now === a.sealedHash) {
    a.verifiedSinceSeal = true;
    return true;
  }
  sbx.audit.emit({ kind: 'violation', cycle: sbx.ownerCycles(), tid: null, region: a.region.name, alloc: a.id,
    reason: `bytes changed since seal (sha256 ${now.slice(0, 16)}..., sealed ${a.sealedHash.slice(0, 16)}...)`, detail: { code: 'INTEGRITY' } });
  return false;
}

/** Retires an allocation: filled with int3 (CC) so nothing can run it, and never enterable again. */
export function retire(sbx: Sandbox, a: Allocation): void {
  if (a.state === 'retired') return;
  const windows = sbx.openWindowsOn(a);
  if (windows.length > 0) throw new SdkError('RETIRE_WINDOW_OPEN', `allocation ${a.id} has an open window (${windows.join(', ')}); close it before retiring`);
  const inside = sbx.executorsIn(a.region);
  if (inside.length > 0) throw new SdkError('NOT_QUIESCED', `retire of ${a.id}: threads ${inside.join(', ')} are running in region ${a.region.name}`);
  a.transition('retired');
  if (!sbx.machine.poke(sbx.owner.ut.pid, a.start, new Uint8Array(a.size).fill(0xcc))) {
    throw new SdkError('INVARIANT', `allocation ${a.id} is not mapped`);
  }
  sbx.audit.emit({ kind: 'retire', cycle: sbx.ownerCycles(), tid: sbx.owner.tid, region: a.region.name, alloc: a.id,
    range: [hexAddr(a.start), hexAddr(a.start + a.size)] });
}
