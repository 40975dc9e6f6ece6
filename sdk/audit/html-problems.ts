/**
 * The faults and violations of the `pkjit audit html` page: every `fault` and `violation`
 * record and every record that breaks an invariant, in log order, each with the text of
 * `pkjit audit explain` for it, computed here so that the page shows it offline.
 *
 * explain replays the whole log for each record, so on a large log only the first
 * `explainBudget(records)` problems get their text; the others say how to get it.
 */
import type { Violation } from './check.js';
import { explain, formatExplanation } from './explain.js';
import type { Problem } from './html-model.js';
import type { AuditRecord } from './schema.js';

/** Record visits explain may spend in all (each call visits about every record twice). */
const EXPLAIN_VISITS = 2_000_000;

/** How many problems of a log of `records` records get their explanation: at least 20. */
export function explainBudget(records: number): number {
  return Math.max(20, Math.floor(EXPLAIN_VISITS / Math.max(1, records)));
}

/** The problems of `records` with their explanations; `partial`: the log is truncated. */
export function buildProblems(records: readonly AuditRecord[], violations: readonly Violation[], partial: boolean): Problem[] {
  const broken = new Map<number, Violation[]>();
  for (const v of violations) broken.set(v.seq, [...(broken.get(v.seq) ?? []), v]);
  const out: Problem[] = [];
  const seen = new Set<number>();
  records.forEach((r, pos) => {
    const vs = broken.get(r.seq);
    if ((r.kind !== 'fault' && r.kind !== 'violation' && vs === undefined) || seen.has(r.seq)) return;
    seen.add(r.seq);
    const kind = r.kind === 'fault' || r.kind === 'violation' ? r.kind : 'invariant';
    out.push({ pos, seq: r.seq, kind, line: problemLine(r, vs ?? []), explanation: '' });
  });
  const budget = explainBudget(records.length);
  out.forEach((p, i) => {
    p.explanation = i < budget ? explanationText(records, p.seq, partial)
      : `not computed here (the page explains the first ${budget} of ${out.length}): run pkjit audit explain LOG --seq ${p.seq}`;
  });
  return out;
}

/** One line: thread, what, where. */
function problemLine(r: AuditRecord, vs: readonly Violation[]): string {
  const who = typeof r.tid === 'number' ? `thread ${r.tid}` : 'process';
  const where = [r.region, r.alloc].filter((s) => typeof s === 'string').join(' ');
  const what = r.kind === 'fault' ? String(r.detail?.['si_code'] ?? 'fault') + (typeof r.detail?.['diagnosis'] === 'string' ? `: ${r.detail['diagnosis']}` : '')
    : r.kind === 'violation' ? `${String(r.detail?.['code'] ?? 'violation')}: ${r.reason ?? ''}`
    : vs.map((v) => `invariant ${v.invariant}: ${v.message}`).join('; ');
  return `${who}${where === '' ? '' : ` ${where}`}: ${what}`;
}

/** `pkjit audit explain`'s text for `seq`, or why there is none. */
function explanationText(records: readonly AuditRecord[], seq: number, partial: boolean): string {
  try {
    return formatExplanation(explain(records, seq, { partial })).join('\n');
  } catch (e) {
    return `no explanation: ${e instanceof Error ? e.message : String(e)}`;
  }
}
