/**
 * What the adversary tests (adversary.test.ts) check after every step, whatever the adversary
 * did: the SDK's machine-level invariants, read from memory, VMAs, page tables, registers and
 * the audit log, never from the SDK's private bookkeeping (so the checks hold on the hardened
 * API too, where keys and windows are private):
 *
 *   code   every byte of every region's code pages is int3 (CC) unless it lies in a sealed or
 *          published allocation, whose bytes hash to its latest ok `seal` or `patch` record
 *          (issue 9's invariant; a sealed allocation may also still be all int3, for an SDK
 *          that copies the verified bytes in at publish)
 *   scan   no WRPKRU, XRSTOR(S) or system call anywhere in the code pages, except a system call
 *          wholly inside an allocation whose latest ok seal record says `allowSyscall` (the
 *          runtime stubs, the start trampoline, code sealed with the option): regions sit
 *          between guard pages, so this covers every seam
 *   nx     staging images are never executable; under the mprotect policy code pages are never
 *          writable between two steps
 *   keys   (pkey policy) a region's code and staging pages carry one key in VMAs and PTEs,
 *          never key 0 or the runtime-data key; no thread that runs JIT code can write a code
 *          key or runtime data; any other thread can write a code key only while it holds an
 *          open window on a region with that key (property-invariants.ts a, b and d)
 */
import { createHash } from 'node:crypto';
import { PAGE_SIZE, PROT_EXEC, PROT_WRITE, pkruAllowsWrite } from '../../mpk-hw/index.js';
import { leafAttrsOf } from '../../mpk-hw/page-table.js';
import { forbiddenBytes, SEAM_BYTES, type AuditRecord, type CodeRegion, type Sandbox, type SdkThread, type WriteWindow } from '../../sdk/index.js';

/** Name of the region the runtime gate makes for its stubs (they hold SYSCALL by design). */
export const STUBS_REGION = 'runtime-stubs';
/** Name of the SDK's own region: the start return trampoline (SYSCALL by design). */
export const SDK_REGION = 'sdk';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const hex = (n: number): string => `0x${n.toString(16)}`;

/** The latest sha256 the log gives each allocation (ok seals and patches), and whether its seal allowed system calls, read incrementally. */
export class LogHashes {
  private readonly records: readonly AuditRecord[];
  private seen = 0;
  private readonly hashes = new Map<string, string>();
  private readonly syscalls = new Set<string>();
  constructor(records: readonly AuditRecord[]) {
    this.records = records;
  }

  /** The hash `alloc` must have, or undefined. */
  of(alloc: string): string | undefined {
    this.catchUp();
    return this.hashes.get(alloc);
  }

  /** Whether the latest ok seal of `alloc` allowed system calls. */
  allowsSyscall(alloc: string): boolean {
    this.catchUp();
    return this.syscalls.has(alloc);
  }

  private catchUp(): void {
    for (; this.seen < this.records.length; this.seen++) {
      const r = this.records[this.seen] as AuditRecord;
      const sha = r.detail?.['sha256'];
      if ((r.kind === 'seal' && r.detail?.['ok'] === true) || r.kind === 'patch') {
        if (typeof sha === 'string' && r.alloc !== undefined) this.hashes.set(r.alloc, sha);
      }
      if (r.kind === 'seal' && r.detail?.['ok'] === true && r.alloc !== undefined) {
        if (r.detail['allowSyscall'] === true) this.syscalls.add(r.alloc);
        else this.syscalls.delete(r.alloc);
      }
    }
  }
}

/** What the checks read besides the sandbox. */
export interface CheckInput {
  readonly sbx: Sandbox;
  readonly hashes: LogHashes;
  /** Every window the test was handed (open or closed). */
  readonly windows: Iterable<WriteWindow>;
}

/** `code` and `scan` for one region. */
function codeProblems(c: CheckInput, r: CodeRegion): string[] {
  const sbx = c.sbx;
  const bytes = sbx.machine.peek(sbx.owner.ut.pid, r.start, r.size);
  if (bytes === null) return [`(code) region ${r.name} is not mapped`];
  const out: string[] = [];
  const verified = new Uint8Array(r.size);
  for (const a of r.allocations) {
    if (a.state !== 'sealed' && a.state !== 'published') continue;
    const own = bytes.subarray(a.offset, a.offset + a.size);
    // Sealed code may wait as int3 until publish copies it in (or be copied in at seal).
    if (a.state === 'sealed' && own.every((b) => b === 0xcc)) continue;
    verified.fill(1, a.offset, a.offset + a.size);
    const now = sha256(own);
    const logged = c.hashes.of(a.id);
    if (now !== logged) out.push(`(code) ${a.state} ${a.id} hashes to ${now.slice(0, 12)}, the log says ${String(logged).slice(0, 12)}`);
  }
  const stray = bytes.findIndex((b, i) => b !== 0xcc && verified[i] === 0);
  if (stray >= 0) {
    const a = r.allocationAt(stray);
    out.push(`(code) ${hex(r.start + stray)} in region ${r.name} holds ${hex(bytes[stray] ?? 0)} outside verified code` +
      `${a !== undefined ? ` (in ${a.id}, ${a.state})` : ''}`);
  }
  const allowSyscall = sbx.options.allowSyscall;
  const SYSCALLS = new Set(['SYSCALL', 'SYSENTER', 'INT 80h']);
  for (const [from, to] of nonFiller(bytes)) {
    for (const f of forbiddenBytes.check({ bytes: bytes.subarray(from, to), before: 0, after: 0, address: r.start + from, allowSyscall })) {
      const off = f.address - r.start;
      const a = r.allocationAt(off);
      // Both bytes of the system call inside one allocation whose seal allowed it.
      if (SYSCALLS.has(f.pattern) && a !== undefined && off + 2 <= a.offset + a.size && c.hashes.allowsSyscall(a.id)) continue;
      out.push(`(scan) ${f.pattern} at ${hex(f.address)} in region ${r.name}`);
    }
  }
  return out;
}

/**
 * The stretches of a region's bytes the scan reads: each run of bytes other than int3, with
 * SEAM_BYTES of the int3 on each side.  A forbidden sequence is at most SEAM_BYTES + 1 bytes
 * long and never all int3 (CC CC CC is filler), so each one lies in a stretch: the scan finds
 * what a scan of the whole region finds, in time proportional to the code rather than the
 * region (most of a region is filler; the whole-region scan was most of the cost of a check).
 */
function nonFiller(bytes: Uint8Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0xcc) continue;
    let j = i;
    while (j < bytes.length && bytes[j] !== 0xcc) j++;
    const from = Math.max(0, i - SEAM_BYTES);
    const to = Math.min(bytes.length, j + SEAM_BYTES);
    const last = out[out.length - 1];
    if (last !== undefined && last[1] >= from) last[1] = to;
    else out.push([from, to]);
    i = j;
  }
  return out;
}

/** `nx` and the page half of `keys` for one region; returns the region's key (pkey policy) too. */
function pageProblems(sbx: Sandbox, r: CodeRegion): { key: number | null; out: string[] } {
  const mm = sbx.owner.ut.task.process.mm;
  const pkey = sbx.options.policy === 'pkey';
  const out: string[] = [];
  let key: number | null = null;
  for (let off = 0; off < r.size; off += PAGE_SIZE) {
    for (const [va, what] of [[r.start + off, 'code'], [r.stagingStart + off, 'staging']] as const) {
      const vma = mm.vmas.find(va);
      if (vma === undefined) {
        out.push(`(nx) ${what} page ${hex(va)} of ${r.name} is not mapped`);
        continue;
      }
      if (what === 'staging' && (vma.prot & PROT_EXEC) !== 0) out.push(`(nx) staging page ${hex(va)} of ${r.name} is executable`);
      if (what === 'code' && !pkey && (vma.prot & PROT_WRITE) !== 0) out.push(`(nx) mprotect policy: code page ${hex(va)} of ${r.name} is writable`);
      if (!pkey) continue;
      key ??= vma.pkey;
      if (vma.pkey !== key || vma.pkey === 0 || vma.pkey === sbx.runtimeDataKey) out.push(`(keys) ${what} page ${hex(va)} of ${r.name}: VMA key ${vma.pkey}, region key ${key}`);
      const leaf = mm.pageTable.leaf(va);
      if (leaf !== null && leafAttrsOf(leaf).pkey !== vma.pkey) out.push(`(keys) ${what} page ${hex(va)} of ${r.name}: PTE key ${leafAttrsOf(leaf).pkey}, VMA key ${vma.pkey}`);
    }
  }
  return { key, out };
}

/** The thread half of `keys` for one live thread. */
function threadProblems(c: CheckInput, t: SdkThread, keyOf: ReadonlyMap<CodeRegion, number>): string[] {
  const sbx = c.sbx;
  const pkru = sbx.machine.kernel.taskPkru(t.ut.task);
  const who = `thread ${t.tid} (${t.roleName}, PKRU ${hex(pkru)})`;
  const writable = [...new Set(keyOf.values())].filter((k) => pkruAllowsWrite(pkru, k));
  if (!t.canWriteCode && t.roleName !== 'runtime') {
    const out = writable.map((k) => `(keys) ${who} runs JIT code and can write code key ${k}`);
    if (pkruAllowsWrite(pkru, sbx.runtimeDataKey)) out.push(`(keys) ${who} runs JIT code and can write runtime data (key ${sbx.runtimeDataKey})`);
    return out;
  }
  const windowKeys = new Set<number | undefined>();
  for (const w of c.windows) if (w.thread === t && !w.closed) windowKeys.add(keyOf.get(w.alloc.region));
  return writable.filter((k) => !windowKeys.has(k)).map((k) => `(keys) ${who} can write code key ${k} without an open window on a region with it`);
}

/** Every broken invariant of `c.sbx` now (dead threads are left out: faults end threads). */
export function sandboxProblems(c: CheckInput): string[] {
  const sbx = c.sbx;
  const out: string[] = [];
  const keyOf = new Map<CodeRegion, number>();
  for (const r of sbx.regions) {
    const pages = pageProblems(sbx, r);
    if (pages.key !== null) keyOf.set(r, pages.key);
    out.push(...codeProblems(c, r), ...pages.out);
  }
  for (const t of sbx.threads.values()) if (!t.ut.task.dead) out.push(...threadProblems(c, t, keyOf));
  return out;
}
