/**
 * The one place the SDK changes a thread's PKRU.  Every write goes through `write`, which
 * records PKRU before and after and the rights that changed.  Every SDK entry on a thread
 * calls `check`, which compares the register with the SDK's shadow copy: a difference means
 * something else changed PKRU (a guest WRPKRU or XRSTOR, an edited signal frame) and is
 * recorded as `pkru.unaudited`.
 */
import { NR_PKEYS, pkruKeyBits } from '../mpk-hw/pkru.js';
import type { UserThread } from '../mpk-hw/user-thread.js';
import type { AuditLog } from './audit/log.js';
import { hex32, type AuditEvent, type AuditRecord } from './audit/schema.js';
import { bitsRights } from './policy.js';
import { setShadow, type SdkThread } from './threads.js';

/** The rights that differ between two PKRU values, e.g. `k3 none->readwrite`. */
export function rightsChange(before: number, after: number): string {
  const parts: string[] = [];
  for (let k = 0; k < NR_PKEYS; k++) {
    const a = pkruKeyBits(before, k);
    const b = pkruKeyBits(after, k);
    if (a !== b) parts.push(`k${k} ${bitsRights(a)}->${bitsRights(b)}`);
  }
  return parts.join(', ');
}

/** What the gate knows of one thread. */
export interface GatedThread {
  readonly ut: UserThread;
  /** The PKRU the SDK last set (or found on attach). */
  readonly shadow: number;
}

/** Extra fields of a PKRU record. */
export type PkruContext = Partial<Pick<AuditEvent, 'key' | 'region' | 'alloc' | 'window' | 'reason' | 'site' | 'detail'>>;

/** The PKRU choke point of one sandbox. */
export class PkruGate {
  private readonly audit: AuditLog;

  constructor(audit: AuditLog) {
    this.audit = audit;
  }

  /** Sets a thread's PKRU (the thread itself executes WRPKRU in the SDK's gate) and records it. */
  write(t: SdkThread, value: number, cause: string, ctx: PkruContext = {}): AuditRecord | null {
    const before = t.ut.rdpkru();
    const after = value >>> 0;
    if (before === after) {
      setShadow(t, after);
      return null;
    }
    t.ut.wrpkru(after);
    setShadow(t, after);
    return this.audit.emit({
      kind: 'pkru', cycle: t.ut.task.counters.cycles, tid: t.ut.tid, ...ctx,
      pkruBefore: hex32(before), pkruAfter: hex32(after), rights: rightsChange(before, after),
      detail: { ...ctx.detail, cause },
    });
  }

  /** Compares the register with the shadow; records and returns the unaudited value if they differ. */
  check(t: GatedThread, where: string): number | null {
    const actual = t.ut.rdpkru();
    if (actual === t.shadow) return null;
    this.audit.emit({
      kind: 'pkru.unaudited', cycle: t.ut.task.counters.cycles, tid: t.ut.tid,
      pkruBefore: hex32(t.shadow), pkruAfter: hex32(actual), rights: rightsChange(t.shadow, actual),
      detail: { where },
    });
    return actual;
  }
}
