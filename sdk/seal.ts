/**
 * Sealing, publishing, retiring and integrity checks of allocations.  The verifier pipeline
 * runs on exactly the bytes that become executable, read from the allocation's staging image
 * (with the seams: SEAM_BYTES of the executable bytes next to its place on each side), and
 * only bytes that pass reach the code pages; sealing returns a receipt: sha256 of the
 * bytes, each verifier's result, and the policy hash.  Integrity is re-checked before the
 * first entry and whenever asked.
 */
import { createHash } from 'node:crypto';
import { hexAddr } from './audit/schema.js';
import { sealState, transition, type Allocation } from './code-region.js';
import { commitBytes, fillInt3 } from './windows.js';
import { PROT_EXEC } from '../mpk-hw/kernel/constants.js';
import { SdkError } from './errors.js';
import { show } from './validate.js';
import type { SandboxCore as Sandbox } from './sandbox-core.js';
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

/** A seal (or a publish's second verification) refused by a verifier; `findings` say where and what. */
export class VerifyError extends SdkError {
  readonly findings: readonly Finding[];
  constructor(alloc: Allocation, findings: readonly Finding[], stage: 'seal' | 'publish' = 'seal') {
    const list = findings.map((f) => `${f.pattern} at offset ${f.offset} (${hexAddr(f.address)})${f.instruction !== null ? ` in '${f.instruction}'` : ''}`);
    super('VERIFY_FAILED', stage === 'seal' ? `allocation ${alloc.id} not sealed: ${list.join('; ')}`
      : `allocation ${alloc.id} not published (it stays sealed, int3 in its code pages): with the executable neighbours of now, ${list.join('; ')}`);
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
  // Decoded at the first question only: clean code (the common case) never pays for it.
  let starts: Array<[number, number, string]> | null = null;
  const layout = (): Array<[number, number, string]> => {
    const out: Array<[number, number, string]> = [];
    for (let off = 0; off < code.length;) {
      const insn = decode(code, off, code.length - off);
      const len = Math.max(1, insn.length);
      out.push([off, len, isValid(insn) ? disasm(insn, address + off).replace(/\s+/g, ' ') : '(bad)']);
      off += len;
    }
    return out;
  };
  return (offset) => {
    starts ??= layout();
    return starts.find(([o, n]) => offset >= o && offset < o + n)?.[2] ?? null;
  };
}

/**
 * The executable bytes next to [start, end): up to SEAM_BYTES on each side, read from whatever
 * executable mapping lies there (the region's own code pages; nothing past a guard page),
 * stopping at the first byte that is not executable.  These are what a fetch that runs across
 * the allocation's edge would see.
 */
export function seams(sbx: Sandbox, start: number, end: number): { before: Uint8Array; after: Uint8Array } {
  const vmas = sbx.owner.ut.task.process.mm.vmas;
  const exec = (va: number): boolean => ((vmas.find(va)?.prot ?? 0) & PROT_EXEC) !== 0;
  let lo = start;
  while (lo > start - SEAM_BYTES && exec(lo - 1)) lo--;
  let hi = end;
  while (hi < end + SEAM_BYTES && exec(hi)) hi++;
  const pid = sbx.owner.ut.pid;
  const read = (from: number, to: number): Uint8Array => (to > from ? sbx.machine.peek(pid, from, to - from) : null) ?? new Uint8Array(0);
  return { before: read(lo, start), after: read(end, hi) };
}

/** Verifies `own` as the bytes at `a`'s code address with its real seams; returns the input and results. */
export function verifyImage(sbx: Sandbox, a: Allocation, own: Uint8Array, extra: readonly Verifier[], allowSyscall: boolean):
  { from: number; to: number; results: SealReceipt['verifiers']; findings: Finding[] } {
  const s = seams(sbx, a.start, a.start + a.size);
  const bytes = new Uint8Array(s.before.length + own.length + s.after.length);
  bytes.set(s.before, 0);
  bytes.set(own, s.before.length);
  bytes.set(s.after, s.before.length + own.length);
  const from = a.start - s.before.length;
  const input = { bytes, before: s.before.length, after: s.after.length, address: from, allowSyscall,
    describe: linearDescriber(own, a.start) };
  const results = [forbiddenBytes, ...extra].map((v) => {
    const findings = checkFindings(v.name, v.check(input), own.length, a.start);
    return { name: v.name, ok: findings.length === 0, findings };
  });
  return { from, to: a.start + a.size + s.after.length, results, findings: results.flatMap((r) => r.findings) };
}

/**
 * What an embedder's verifier returned, checked: an array of findings, each with a pattern and
 * an integer offset (its address and instruction are the SDK's to fill in when missing).  A
 * verifier is the embedder's code; a wrong result is refused as its mistake, never a crash.
 */
function checkFindings(name: string, got: unknown, size: number, start: number): Finding[] {
  if (!Array.isArray(got)) throw new SdkError('BAD_ARGUMENT', `verifier ${name} returned ${show(got)}; check(input) must return an array of findings`);
  return got.map((f: unknown, i) => {
    const o = (f ?? {}) as Partial<Finding>;
    if (typeof f !== 'object' || f === null || typeof o.pattern !== 'string' || !Number.isSafeInteger(o.offset) ||
      (o.offset as number) < -SEAM_BYTES || (o.offset as number) >= size + SEAM_BYTES) {
      throw new SdkError('BAD_ARGUMENT', `verifier ${name}: finding ${i} is ${show(f)}; it needs { pattern: string, offset: an integer in ` +
        `[${-SEAM_BYTES}, ${size + SEAM_BYTES}) }`);
    }
    const offset = o.offset as number;
    return { verifier: typeof o.verifier === 'string' ? o.verifier : name, pattern: o.pattern, offset,
      address: start + offset, instruction: typeof o.instruction === 'string' ? o.instruction : null };
  });
}

/**
 * Seals an allocation: the verifiers run on its staged bytes with the executable bytes next to
 * its final place.  A refusal throws VerifyError; either way nothing is executable yet: the
 * code pages stay int3 until publish.
 */
export function seal(sbx: Sandbox, a: Allocation, extra: readonly Verifier[], opts: { allowSyscall?: boolean } = {}): SealReceipt {
  if (a.state !== 'writing') throw new SdkError('ALLOC_STATE', `allocation ${a.id} is ${a.state}; only written code can be sealed`);
  if (sbx.openWindowsOn(a).length > 0) throw new SdkError('SEAL_WINDOW_OPEN', `allocation ${a.id} has an open window (${sbx.openWindowsOn(a).join(', ')}); close it first`);
  const own = staged(sbx, a);
  const allowSyscall = opts.allowSyscall ?? sbx.options.allowSyscall;
  const { from, to, results, findings } = verifyImage(sbx, a, own, extra, allowSyscall);
  const hash = sha256(own);
  const ok = findings.length === 0;
  sbx.audit.emit({ kind: 'seal', cycle: sbx.ownerCycles(), tid: sbx.owner.tid, region: a.region.name, alloc: a.id,
    range: [hexAddr(from), hexAddr(to)], detail: { ok, sha256: hash, findings: findings.map((f) => ({ ...f })),
      // SYSCALL allowed in this code (the runtime gate's stubs, an embedder's own): the log says so.
      ...(allowSyscall ? { allowSyscall: true } : {}) } });
  if (!ok) throw new VerifyError(a, findings);
  transition(a, 'sealed');
  Object.assign(sealState(a), { hash, verifiedSinceSeal: false, verifiers: [...extra], allowSyscall });
  return { alloc: a.id, sha256: hash, verifiers: results, policyHash: sbx.policyHash };
}

/** An allocation's staged bytes. */
function staged(sbx: Sandbox, a: Allocation): Uint8Array {
  const own = sbx.machine.peek(sbx.owner.ut.pid, a.stagingStart, a.size);
  if (own === null) throw new SdkError('INVARIANT', `allocation ${a.id}'s staging image is not mapped`);
  return own;
}

/**
 * Publishes a sealed allocation: its staged bytes, still the sealed ones, are verified again
 * with the executable bytes next to it now (a neighbour may have been published since the
 * seal) and copied into the code pages by the thread that wrote them, through a window of its
 * own.  Only then is it enterable.  A seam that fails now throws VerifyError; it stays sealed.
 */
export function publish(sbx: Sandbox, a: Allocation): void {
  if (a.state !== 'sealed') throw new SdkError('ALLOC_STATE', `allocation ${a.id} cannot go from ${a.state} to published; call seal() first`);
  const st = sealState(a);
  const writer = st.writer;
  if (writer === null || writer.ut.task.dead) {
    throw new SdkError('WRITER_GONE', `publish ${a.id}: the thread that wrote it has exited; write and seal it again from a live compiler thread`);
  }
  const own = staged(sbx, a);
  if (sha256(own) !== st.hash) {
    sbx.audit.emit({ kind: 'violation', cycle: sbx.ownerCycles(), tid: null, region: a.region.name, alloc: a.id,
      reason: 'its staged bytes changed since it was sealed', detail: { code: 'INTEGRITY' } });
    throw new SdkError('INTEGRITY', `publish ${a.id}: its staged bytes changed since it was sealed; write and seal it again`);
  }
  const { findings } = verifyImage(sbx, a, own, st.verifiers, st.allowSyscall ?? sbx.options.allowSyscall);
  if (findings.length > 0) {
    const e = new VerifyError(a, findings, 'publish');
    sbx.audit.emit({ kind: 'violation', cycle: sbx.ownerCycles(), tid: null, region: a.region.name, alloc: a.id,
      reason: e.message, detail: { code: 'VERIFY_FAILED', stage: 'publish', findings: findings.map((f) => ({ ...f })) } });
    throw e;
  }
  commitBytes(sbx, writer, a, own);
  transition(a, 'published');
  sbx.audit.emit({ kind: 'publish', cycle: sbx.ownerCycles(), tid: sbx.owner.tid, region: a.region.name, alloc: a.id });
}

/**
 * Installs the SDK's own constant code (the start return trampoline) in a fresh allocation:
 * staged and sealed like any code (the same verifiers, a `seal` record), then copied into the
 * code pages by the SDK's remote write, as the int3 fill is, instead of a window: it needs no
 * protection key, so it can be installed the first time it is needed whatever windows hold
 * the keys then.
 */
export function installSdkCode(sbx: Sandbox, a: Allocation, bytes: Uint8Array, allowSyscall: boolean): void {
  const pid = sbx.owner.ut.pid;
  if (!sbx.machine.poke(pid, a.stagingStart, bytes)) throw new SdkError('INVARIANT', `allocation ${a.id}'s staging image is not mapped`);
  transition(a, 'writing');
  seal(sbx, a, [], { allowSyscall });
  const { findings } = verifyImage(sbx, a, bytes, [], allowSyscall);
  if (findings.length > 0 || !sbx.machine.poke(pid, a.start, bytes)) throw new SdkError('INVARIANT', `the SDK's own code ${a.id} did not install`);
  transition(a, 'published');
  sbx.audit.emit({ kind: 'publish', cycle: sbx.ownerCycles(), tid: sbx.owner.tid, region: a.region.name, alloc: a.id, detail: { by: 'sdk' } });
}

/** Whether the allocation still holds the bytes it was sealed with (code pages once published, staging before); a mismatch is a violation. */
export function checkIntegrity(sbx: Sandbox, a: Allocation): boolean {
  if (a.sealedHash === null) return false;
  // Published: the code pages; sealed and not yet published: the staged bytes publish will copy in.
  const now = sha256(a.state === 'published' ? allocBytes(sbx, a) : staged(sbx, a));
  if (now === a.sealedHash) {
    sealState(a).verifiedSinceSeal = true;
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
  retireNow(sbx, a);
}

/**
 * Retires `a` now: int3 over its code pages, a `retire` record (with `detail`).  SDK-internal:
 * the caller made sure no window is open on it and no thread can be in it (reclaim.ts), or that
 * its code pages never held its bytes (a refused load).
 */
export function retireNow(sbx: Sandbox, a: Allocation, detail?: Readonly<Record<string, unknown>>): void {
  transition(a, 'retired');
  fillInt3(sbx, a);
  sbx.audit.emit({ kind: 'retire', cycle: sbx.ownerCycles(), tid: sbx.owner.tid, region: a.region.name, alloc: a.id,
    range: [hexAddr(a.start), hexAddr(a.start + a.size)], ...(detail !== undefined ? { detail } : {}) });
}
