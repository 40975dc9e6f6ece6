/**
 * Sandbox statistics: per region and per thread (windows, open time p50/p99/max in simulated
 * cycles, bytes written, unused windows, distinct writers, seals, faults, key hits and
 * misses), the key cache, and what the W^X policy cost: permission-change cycles (WRPKRU,
 * mprotect, pkey_mprotect), TLB shootdowns and executor stall cycles.
 */
import type { SandboxCore as Sandbox } from './sandbox-core.js';
import { summarize, type AuditSummary } from './audit/summary.js';
import type { KeyStats } from './keys.js';

/** The costs of the W^X policy in simulated cycles (from the process's counters and the cost model). */
export interface PolicyCosts {
  readonly policy: 'pkey' | 'mprotect';
  /** WRPKRU, mprotect and pkey_mprotect cycles (calls and pages), TLB shootdowns included. */
  readonly permissionCycles: number;
  readonly wrpkru: number;
  readonly mprotectCalls: number;
  readonly pkeyMprotectCalls: number;
  readonly tlbShootdowns: number;
  /** Cycles executors waited for a region to be quiesced or to stop being writable. */
  readonly executorStallCycles: number;
}

/** Everything `Sandbox.stats()` reports. */
export interface SandboxStats {
  readonly regions: AuditSummary['regions'];
  readonly threads: AuditSummary['threads'];
  readonly keys: KeyStats;
  readonly costs: PolicyCosts;
}

/** Computes the statistics of a sandbox. */
export function sandboxStats(sbx: Sandbox): SandboxStats {
  const s = summarize(sbx.records());
  const c = sbx.owner.ut.task.process.counters;
  const m = sbx.machine.kernel.config.costs;
  const permissionCycles = c.wrpkru * m.wrpkru + c.mprotectCalls * m.mprotectCall + c.mprotectPages * m.mprotectPerPage +
    c.pkeyMprotectCalls * m.pkeyMprotectCall + c.pkeyMprotectPages * m.pkeyMprotectPerPage + c.tlbShootdowns * m.tlbShootdownPerCpu;
  const stall = sbx.records().filter((r) => r.kind === 'quiesce').reduce((n, r) => n + Number(r.detail?.['stalledCycles'] ?? 0), 0);
  return {
    regions: s.regions,
    threads: s.threads,
    keys: { ...sbx.keys.stats },
    costs: { policy: sbx.options.policy, permissionCycles, wrpkru: c.wrpkru, mprotectCalls: c.mprotectCalls,
      pkeyMprotectCalls: c.pkeyMprotectCalls, tlbShootdowns: c.tlbShootdowns, executorStallCycles: stall },
  };
}
