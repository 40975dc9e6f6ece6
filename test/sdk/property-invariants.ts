/**
 * The invariants the SDK property tests check after every step, read straight from the
 * machine (registers, page tables, memory), never through the SDK's own bookkeeping:
 *
 *   a  no executor's PKRU lets it write a key a code region holds (nor the runtime-data key)
 *   b  a thread can write a code key only while it holds an open window on the region with
 *      that key; and every open window's thread can write its region's key
 *   c  every sealed or published allocation's bytes hash to its sealedHash, and every live
 *      allocation holds exactly the bytes the operations wrote (the model)
 *   d  each region's pages carry, in their VMAs and page-table leaves, the key the SDK says
 *      the region holds (its own, or the shared cold key); held keys are distinct and allocated
 *   e  retired allocations are all int3 (CC)
 *   f  (with the `checkSeams` flag) no forbidden sequence overlaps a published allocation in
 *      memory now, the two bytes of each neighbour included: what an executor may run was verified
 *
 * A thread's PKRU is read with kernel.taskPkru (the register, or its saved copy while the task
 * is off-CPU): RDPKRU through the thread would charge it cycles and change the audit log.
 */
import { createHash } from 'node:crypto';
import { PAGE_SIZE, pkruAllowsWrite } from '../../mpk-hw/index.js';
import { leafAttrsOf } from '../../mpk-hw/page-table.js';
import type { SdkThread } from '../../sdk/threads.js';
import { forbiddenBytes, SEAM_BYTES } from '../../sdk/verifier.js';
import type { World } from './property-world.js';

const hex = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** (a) and (b) for one thread. */
function threadProblems(w: World, t: SdkThread, codeKeys: readonly number[], inHandler: boolean): string[] {
  const sbx = w.sbx;
  const out: string[] = [];
  if (t.ut.task.dead) return [`thread ${t.tid} (${t.roleName}) is dead`];
  const pkru = sbx.machine.kernel.taskPkru(t.ut.task);
  const who = `thread ${t.tid} (${t.roleName}, PKRU ${hex(pkru)})`;
  const writable = codeKeys.filter((k) => pkruAllowsWrite(pkru, k));
  if (t.roleName === 'executor') {
    if (writable.length > 0) out.push(`(a) executor ${who} can write code key(s) ${writable.join(', ')}`);
    if (pkruAllowsWrite(pkru, sbx.runtimeDataKey)) out.push(`(a) executor ${who} can write the runtime-data key ${sbx.runtimeDataKey}`);
  }
  const open = w.openOf(t);
  const windowKeys = open.map((x) => sbx.keyOf(x.m.a.region));
  for (const k of writable) {
    if (inHandler) out.push(`(b) ${who} can write code key ${k} inside a signal handler`);
    else if (!windowKeys.includes(k)) out.push(`(b) ${who} can write code key ${k} without an open window on a region holding it`);
  }
  if (!inHandler) {
    open.forEach((x, i) => {
      const k = windowKeys[i] ?? null;
      if (k === null) out.push(`(b) window ${x.w.id} of ${who} is open on region ${x.m.a.region.name}, which holds no key`);
      else if (!pkruAllowsWrite(pkru, k)) out.push(`(b) window ${x.w.id} of ${who} is open but the thread cannot write its key ${k}`);
    });
  }
  return out;
}

/** (c) and (e): every allocation's bytes. */
function allocProblems(w: World): string[] {
  const out: string[] = [];
  const pid = w.sbx.owner.ut.pid;
  for (const m of w.allocs) {
    const a = m.a;
    const now = w.sbx.machine.peek(pid, a.start, a.size);
    if (now === null) {
      out.push(`(c) allocation ${a.id} is not mapped`);
      continue;
    }
    if (m.state === 'retired') {
      if (now.some((b) => b !== 0xcc)) out.push(`(e) retired allocation ${a.id} is not all int3: ${Buffer.from(now).toString('hex')}`);
      continue;
    }
    if (m.state === 'published' && sha256(now) !== a.sealedHash) {
      out.push(`(c) ${m.state} allocation ${a.id} hashes to ${sha256(now).slice(0, 12)}..., sealed ${String(a.sealedHash).slice(0, 12)}...`);
    }
    if (Buffer.compare(Buffer.from(now), Buffer.from(m.code)) !== 0) {
      out.push(`(c) allocation ${a.id}'s code pages hold ${Buffer.from(now).toString('hex')}, the model says ${Buffer.from(m.code).toString('hex')}`);
    }
    const staged = m.state === 'published' ? null : w.sbx.machine.peek(pid, a.stagingStart, a.size);
    if (staged !== null && Buffer.compare(Buffer.from(staged), Buffer.from(m.bytes)) !== 0) {
      out.push(`(c) allocation ${a.id}'s staging holds ${Buffer.from(staged).toString('hex')}, the operations wrote ${Buffer.from(m.bytes).toString('hex')}`);
    }
    if (m.state !== a.state) out.push(`(c) allocation ${a.id} is ${a.state}, the model says ${m.state}`);
  }
  return out;
}

/** (f): the forbidden sequences overlapping published code now, seams included. */
function seamProblems(w: World): string[] {
  const out: string[] = [];
  const pid = w.sbx.owner.ut.pid;
  for (const m of w.allocs) {
    if (m.state !== 'published') continue;
    const r = m.a.region;
    const from = Math.max(r.start, m.a.start - SEAM_BYTES);
    const to = Math.min(r.start + r.size, m.a.start + m.a.size + SEAM_BYTES);
    const bytes = w.sbx.machine.peek(pid, from, to - from);
    if (bytes === null) continue;
    const found = forbiddenBytes.check({ bytes, before: m.a.start - from, after: to - m.a.start - m.a.size, address: from, allowSyscall: false });
    for (const f of found) out.push(`(f) published allocation ${m.a.id} now holds ${f.pattern} at offset ${f.offset}: ${Buffer.from(bytes).toString('hex')}`);
  }
  return out;
}

/** (d): each region's key in its VMAs and page-table leaves. */
function regionProblems(w: World): string[] {
  const sbx = w.sbx;
  const mm = sbx.owner.ut.task.process.mm;
  const out: string[] = [];
  const held = new Map<number, string>();
  for (const r of sbx.regions) {
    const own = sbx.keyOf(r);
    const want = own ?? sbx.coldKey;
    if (own !== null) {
      const other = held.get(own);
      if (other !== undefined) out.push(`(d) regions ${other} and ${r.name} both hold key ${own}`);
      held.set(own, r.name);
      if (own === sbx.coldKey || own === sbx.runtimeDataKey || own === 0) out.push(`(d) region ${r.name} holds reserved key ${own}`);
    }
    if (!sbx.keyAllocated(want)) out.push(`(d) region ${r.name}'s key ${want} is not allocated`);
    for (let va = r.start; va < r.start + r.size; va += PAGE_SIZE) {
      const vma = mm.vmas.find(va);
      if (vma === undefined || vma.pkey !== want) out.push(`(d) region ${r.name} page ${hex(va)}: VMA key ${String(vma?.pkey)}, SDK says ${want}`);
      const leaf = mm.pageTable.leaf(va);
      if (leaf !== null && leafAttrsOf(leaf).pkey !== want) out.push(`(d) region ${r.name} page ${hex(va)}: PTE key ${leafAttrsOf(leaf).pkey}, SDK says ${want}`);
    }
  }
  return out;
}

/** Every broken invariant now; `inHandler` is the thread running a signal handler, if any. */
export function machineProblems(w: World, inHandler?: SdkThread): string[] {
  const sbx = w.sbx;
  const codeKeys = [...sbx.heldKeys(), sbx.coldKey];
  const out: string[] = [];
  for (const t of sbx.threads.values()) out.push(...threadProblems(w, t, codeKeys, t === inHandler));
  return [...out, ...allocProblems(w), ...regionProblems(w), ...(w.flags.checkSeams === true ? seamProblems(w) : [])];
}
