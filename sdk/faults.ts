/**
 * Protection faults on sandboxed threads come back as typed errors with a diagnosis: the key,
 * region and allocation, the access, the thread's PKRU at the fault (from its signal frame),
 * the last SDK flip of that key on that thread, and the known pitfall it matches.  The SDK's
 * SIGSEGV handler records a `fault` and ends the faulting thread (it cannot continue).
 */
import { PF_ID, PF_WR } from '../mpk-hw/pf-error-code.js';
import { PAGE_SIZE } from '../mpk-hw/phys-mem.js';
import { pkruKeyBits, formatPkru } from '../mpk-hw/pkru.js';
import { SEGV_PKUERR, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGTRAP, segvCodeName, signalName } from '../mpk-hw/kernel/constants.js';
import type { HandlerContext } from '../mpk-hw/user-thread.js';
import { MC_RIP } from '../mpk-hw/kernel/sigframe.js';
import type { AuditRecord } from './audit/schema.js';
import type { CodeRegion } from './code-region.js';
import { hex32, hexAddr } from './audit/schema.js';
import { SdkError } from './errors.js';
import { bitsRights } from './policy.js';
import type { SandboxCore as Sandbox } from './sandbox-core.js';
import type { SdkThread } from './threads.js';

/** Known pitfalls a fault can match (spec jit-sandbox-anchors section 9). */
export type Pitfall =
  | 'data read of execute-only code' | 'executor write to code' | 'write to code without a window'
  | 'write to runtime data by an executor' | 'stale key after pkey_free' | 'inside a signal handler'
  | 'thread not given a role' | 'unmapped address' | 'divide error' | 'invalid instruction'
  | 'breakpoint (int3: retired or unfinished code)' | 'bus error' | 'guard page' | 'other';

/** What the SDK knows about one fault. */
export interface FaultDiagnosis {
  readonly tid: number;
  readonly role: string | null;
  readonly address: number;
  readonly access: 'read' | 'write' | 'fetch';
  /** Signal and si_code (SEGV_PKUERR, SEGV_MAPERR, SIGFPE, ...). */
  readonly code: string;
  /** si_pkey for SEGV_PKUERR; else the key of the region code pages holding the address, or null. */
  readonly key: number | null;
  /** The region whose code pages, or one of whose two guard pages, hold the address. */
  readonly region: string | null;
  /** The allocation holding the address (null in int3 filler and guard pages). */
  readonly alloc: string | null;
  /** The thread's PKRU when it faulted. */
  readonly pkru: number;
  /** The last SDK record that changed this key's rights on this thread. */
  readonly lastFlip: AuditRecord | null;
  readonly pitfall: Pitfall;
}

/** A fault on a sandboxed thread, as a typed error. */
export class PkeyFaultError extends SdkError {
  readonly diagnosis: FaultDiagnosis;
  constructor(d: FaultDiagnosis) {
    super('PKEY_FAULT', `thread ${d.tid} (${d.role ?? 'no role'}): ${d.access} at ${hexAddr(d.address)} faulted (${d.code}` +
      `${d.key !== null ? `, key ${d.key}` : ''}${d.region !== null ? `, region ${d.region}` : ''}): ${d.pitfall}; PKRU ${formatPkru(d.pkru)}`);
    this.name = 'PkeyFaultError';
    this.diagnosis = d;
  }
}

const TRAPS: Readonly<Record<number, Pitfall>> = {
  [SIGFPE]: 'divide error', [SIGILL]: 'invalid instruction', [SIGTRAP]: 'breakpoint (int3: retired or unfinished code)', [SIGBUS]: 'bus error',
};

/** Classifies a fault. */
function pitfall(sbx: Sandbox, t: SdkThread | undefined, d: Omit<FaultDiagnosis, 'pitfall' | 'lastFlip'>, inHandler: boolean, signo: number,
  guard: boolean): Pitfall {
  if (t === undefined) return 'thread not given a role';
  if (inHandler) return 'inside a signal handler';
  const trap = TRAPS[signo];
  if (trap !== undefined) return trap;
  if (guard) return 'guard page';
  if (d.code !== 'SEGV_PKUERR' || d.key === null) return d.code === 'SEGV_MAPERR' ? 'unmapped address' : 'other';
  if (!sbx.keyAllocated(d.key)) return 'stale key after pkey_free';
  if (d.key === sbx.runtimeDataKey) return d.access === 'write' && t.roleName === 'executor' ? 'write to runtime data by an executor' : 'other';
  if (d.region === null) return 'other';
  if (d.access === 'read') return 'data read of execute-only code';
  if (t.roleName === 'executor') return 'executor write to code';
  return 'write to code without a window';
}

/** Where a faulting address lies among the regions: code pages (with allocation and key) or a guard page. */
interface Place {
  readonly region: CodeRegion | null;
  readonly alloc: string | null;
  /** The key of the code page, as the kernel tagged its VMA (null outside code pages). */
  readonly key: number | null;
  readonly guard: boolean;
}

/**
 * Finds `address` among the regions.  Each region's code pages lie between two PROT_NONE guard
 * pages of one page each (createRegion; the region.create record's detail.guards).  The key is
 * read from the VMA at the fault, so it is the region's key at that time whichever policy or
 * eviction put it there (pkey_mprotect(2) tags the VMA; the PTEs carry the same key).
 */
function place(sbx: Sandbox, th: HandlerContext['thread'], address: number): Place {
  const code = sbx.regionAt(address);
  if (code !== undefined) {
    return { region: code, alloc: code.allocationAt(address - code.start)?.id ?? null, guard: false,
      key: th.task.process.mm.vmas.find(address)?.pkey ?? null };
  }
  const guarded = sbx.regions.find((r) => (address >= r.start - PAGE_SIZE && address < r.start) ||
    (address >= r.start + r.size && address < r.start + r.size + PAGE_SIZE));
  return { region: guarded ?? null, alloc: null, key: null, guard: guarded !== undefined };
}

/** The last `pkru` or `pkru.unaudited` record of `tid` that changed `key`'s rights. */
function lastFlip(records: readonly AuditRecord[], tid: number, key: number): AuditRecord | null {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i] as AuditRecord;
    if (r.tid !== tid || (r.kind !== 'pkru' && r.kind !== 'pkru.unaudited')) continue;
    const before = parseInt(r.pkruBefore ?? '0', 16);
    const after = parseInt(r.pkruAfter ?? '0', 16);
    if (pkruKeyBits(before, key) !== pkruKeyBits(after, key)) return r;
  }
  return null;
}

/** The signals of faults in JIT code that the SDK handles for sandboxed threads. */
export const FAULT_SIGNALS: readonly number[] = [SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP];

/** The SDK's handler of faults in JIT code (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP): diagnose, record, end the thread. */
export function faultHandler(sbx: Sandbox): (ctx: HandlerContext) => void {
  return (ctx) => {
    const th = ctx.thread;
    const si = ctx.readSiginfo();
    const err = ctx.signo === SIGSEGV ? Number(th.read64(ctx.errAddr)) : PF_ID;
    const access = err & PF_ID ? 'fetch' : err & PF_WR ? 'write' : 'read';
    const t = sbx.threads.get(th.tid);
    // #BP is a trap: the kernel gives no si_addr (SI_KERNEL) and the frame's RIP is past the
    // int3 (SDM Vol.3A 6.5: traps report the next instruction), so the int3 is at RIP - 1.
    const address = ctx.signo === SIGTRAP ? Number(th.read64(ctx.frameAddr + MC_RIP)) - 1 : si.addr;
    const at = place(sbx, th, address);
    const pkuErr = ctx.signo === SIGSEGV && si.code === SEGV_PKUERR;
    const key = pkuErr ? si.pkey : at.key;
    const base = { tid: th.tid, role: t?.roleName ?? null, address, access,
      code: ctx.signo === SIGSEGV ? segvCodeName(si.code) : signalName(ctx.signo), key,
      region: at.region?.name ?? null, alloc: at.alloc, pkru: th.read32(ctx.pkruSlotAddr) } as const;
    const d: FaultDiagnosis = { ...base, lastFlip: key === null ? null : lastFlip(sbx.records(), th.tid, key),
      pitfall: pitfall(sbx, t, base, th.task.handlerDepth > 1, ctx.signo, at.guard) };
    if (t !== undefined) t.stats.faults++;
    sbx.noteFault(d);
    sbx.audit.emit({ kind: 'fault', cycle: th.task.counters.cycles, tid: th.tid, ...(key !== null ? { key } : {}),
      ...(d.region !== null ? { region: d.region } : {}), ...(d.alloc !== null ? { alloc: d.alloc } : {}),
      range: [hexAddr(address), hexAddr(address + 1)], pkruBefore: hex32(d.pkru),
      detail: { access, si_code: d.code, diagnosis: d.pitfall, rights: key === null ? null : bitsRights(pkruKeyBits(d.pkru, key)),
        lastFlip: d.lastFlip?.seq ?? null, signo: ctx.signo } });
    th.exit(128 + ctx.signo);
  };
}
