/**
 * Helpers of the adversary tests (adversary.test.ts): one-line errors, closing a sandbox's log
 * on either API, and the monitor violations the test can explain exactly.
 */
import { SdkError, type Sandbox } from '../../sdk/index.js';
import type { FetchViolation } from './fetch-monitor.js';

/** An exception as one line: class, SdkError code, message. */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return `${typeof e} thrown: ${String(e)}`;
  return `${e.name}${e instanceof SdkError ? ` ${e.code}` : ''}: ${e.message}`;
}

/** Closes the sandbox's audit log (the hardened API has sbx.close(); older ones sbx.audit.close). */
export function closeLog(sbx: Sandbox): void {
  const s = sbx as unknown as { close?: () => void; audit?: { close(cycle: number): void } };
  if (typeof s.close === 'function') s.close();
  else s.audit?.close(sbx.owner.ut.task.counters.cycles);
}

/**
 * The kinds of monitor violation the test can explain from the state at the moment (null:
 * none fits).  'overhang': an unaligned entry decoded an instruction that starts inside a
 * published allocation, matches its bytes, and reads on past its end only int3 filler or
 * another published allocation: every byte fetched is verified code or filler (issue 9's
 * invariant holds), but the monitor's rule wants each instruction inside one allocation.
 * 'sealed': fetched from code that is sealed (verified, copied in) but not yet published.
 */
export function explain(sbx: Sandbox, v: FetchViolation): 'overhang' | 'sealed' | null {
  const region = sbx.regions.find((r) => v.rip >= r.start && v.rip < r.start + r.size);
  const a = region?.allocationAt(v.rip - region.start);
  if (region === undefined || a === undefined) return null;
  if (v.why === `fetched from ${a.id}, which is reserved, not published` && a.state === 'sealed') return 'sealed';
  if (!v.why.startsWith(`crosses the end of ${a.id} `) || a.state !== 'published') return null;
  const now = sbx.machine.peek(sbx.owner.ut.pid, v.rip, v.bytes.split(' ').length);
  if (now === null || hexPairs(now) !== v.bytes) return null;
  for (let i = 0; i < now.length; i++) {
    const at = v.rip + i - region.start;
    const b = region.allocationAt(at);
    if (at >= region.size || (b === undefined && now[i] !== 0xcc) || (b !== undefined && b.state !== 'published' && now[i] !== 0xcc)) return null;
  }
  return 'overhang';
}

const hexPairs = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
