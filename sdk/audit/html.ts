/**
 * `pkjit audit html`: one self-contained page (inline CSS and JS, no external URL, a CSP that
 * forbids every load and runs only this file's script) with
 *
 *   header    the chain status, the invariant check, and the summary tables
 *   timeline  one lane per thread over simulated cycles: for each code key a band coloured by
 *             the thread's rights (none / read / readwrite), windows as bars, faults and
 *             violations (records and broken invariants) as markers; details on hover
 *
 * Every string from the log is untrusted: it reaches the page only through `esc`.
 */
import { createHash } from 'node:crypto';
import { verifyLog, type Violation } from './check.js';
import type { ChainProblem, ChainStatus } from './read.js';
import { detailString, keyRights, parsePkru, pkruNeverHeld, Replay } from './replay.js';
import { summarize, summaryTables, type Table } from './summary.js';
import type { AuditRecord } from './schema.js';
import type { Rights } from '../policy.js';

/** The integrity part of a report (verifyLog's), when the caller already has it. */
export interface HtmlChainInfo {
  readonly status: ChainStatus;
  readonly problems: readonly ChainProblem[];
  readonly violations: readonly Violation[];
  readonly partial: boolean;
}

/** A span of simulated cycles [from, to) of one thread. */
interface Band { readonly key: number; readonly from: number; readonly to: number; readonly rights: Rights }
interface Bar { readonly from: number; readonly to: number; readonly tip: string; readonly open: boolean }
interface Mark { readonly at: number; readonly cls: 'fault' | 'violation'; readonly tip: string }
interface Lane {
  readonly tid: number;
  role: string;
  start: number;
  end: number;
  /** (cycle, PKRU) at each change. */
  readonly pkru: Array<readonly [number, number]>;
  readonly bars: Bar[];
  readonly marks: Mark[];
}

/** Escapes text for HTML content and double- or single-quoted attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `
body{font:13px/1.4 system-ui,sans-serif;margin:16px;color:#222}
h1{font-size:18px;margin:0 0 8px}
.status{display:inline-block;padding:2px 8px;border-radius:4px;color:#fff;font-weight:bold}
.intact{background:#2a7d2a}.truncated{background:#b07800}.tampered,.broken{background:#b02020}
table{border-collapse:collapse;margin:6px 0 12px}th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}
th:first-child,td:first-child{text-align:left}caption{text-align:left;font-weight:bold}
#scroll{overflow-x:auto}#zoomed{width:100%}#timeline{position:relative;margin-top:4px}
.lane{position:relative;border-top:1px solid #ddd;padding:4px 0 4px 150px}
.label{position:absolute;left:0;width:145px;font-size:12px;overflow:hidden;white-space:nowrap}
.track{position:relative;height:var(--h)}
.band{position:absolute;height:7px}.none{background:#d8d8d8}.read{background:#7aa6e0}.readwrite{background:#e06a5a}
.win{position:absolute;height:10px;background:#333;opacity:.75;border-radius:2px}.win.unclosed{background:#b02020}
.mark{position:absolute;top:0;bottom:0;width:3px;margin-left:-1px}.fault{background:#d00}.violation{background:#f0a000}
.axis{position:relative;height:16px;margin-left:150px;font-size:11px;color:#666}.axis span{position:absolute}
.legend span{display:inline-block;margin-right:12px}.legend i{display:inline-block;width:14px;height:8px;margin-right:4px}
#tip{position:fixed;display:none;background:#ffe;border:1px solid #999;padding:4px 6px;font-size:12px;white-space:pre;pointer-events:none;z-index:9}
`;

const SCRIPT = `(function(){var tip=document.getElementById('tip');
document.addEventListener('mousemove',function(e){var t=e.target instanceof Element?e.target.closest('[data-tip]'):null;
if(!t){tip.style.display='none';return;}tip.textContent=t.getAttribute('data-tip');tip.style.display='block';
tip.style.left=(e.clientX+12)+'px';tip.style.top=(e.clientY+12)+'px';});
var z=document.getElementById('zoom'),zd=document.getElementById('zoomed');
z.addEventListener('input',function(){zd.style.width=(z.value*100)+'%';});})();`;

/** Renders `records` as one self-contained HTML page titled `title`. */
export function renderHtml(log: readonly AuditRecord[], title: string, chain?: HtmlChainInfo): string {
  const info = chain ?? verifyLog(log.map((r) => JSON.stringify(r) + '\n').join(''));
  // Untrusted input: a cycle that is not a finite number is drawn at 0.
  const records = log.map((r) => (Number.isFinite(r.cycle) ? r : { ...r, cycle: 0 }));
  const replay = new Replay();
  for (const r of records) replay.apply(r);
  const codeKeys = [...replay.codeKeys];
  const lanes = buildLanes(records, info.violations);
  const lo = records.reduce((m, r) => Math.min(m, r.cycle), 0);
  const hi = records.reduce((m, r) => Math.max(m, r.cycle), lo + 1);
  const x = (c: number): string => `${(((c - lo) / (hi - lo)) * 100).toFixed(3)}%`;
  const w = (a: number, b: number): string => `${Math.max(0.15, ((b - a) / (hi - lo)) * 100).toFixed(3)}%`;
  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'">
<title>${esc(title)}</title><style>${CSS}</style></head><body>
<h1>${esc(title)}</h1>
${renderHeader(records, info)}
<div class="legend"><span><i class="none"></i>none</span><span><i class="read"></i>read</span><span><i class="readwrite"></i>readwrite</span><span><i style="background:#333"></i>window</span><span><i class="fault"></i>fault</span><span><i class="violation"></i>violation</span></div>
<p><label>zoom <input id="zoom" type="range" min="1" max="40" value="1"></label> simulated cycles of each thread</p>
<div id="scroll"><div id="zoomed">
<div class="axis">${[0, 0.25, 0.5, 0.75, 1].map((f) => `<span style="left:${f * 100}%">${Math.round(lo + f * (hi - lo))}</span>`).join('')}</div>
<div id="timeline">
${lanes.map((l) => renderLane(l, codeKeys, x, w)).join('\n')}
</div></div></div><div id="tip"></div>
<script>${SCRIPT}</script>
</body></html>
`;
}

function renderHeader(records: readonly AuditRecord[], info: HtmlChainInfo): string {
  const problems = info.problems.map((p) => `<li>line ${p.line}${p.seq === null ? '' : ` (seq ${p.seq})`}: ${esc(p.message)}</li>`).join('');
  const broken = info.violations.map((v) => `<li>seq ${v.seq}: invariant ${v.invariant}: ${esc(v.message)}</li>`).join('') +
    // Faults and violations with no thread have no lane: listed here instead.
    records.filter((r) => r.tid === null && (r.kind === 'fault' || r.kind === 'violation')).map((r) => `<li>${esc(markTip(r).replace(/\n/g, '; '))}</li>`).join('');
  const inv = info.status === 'tampered' ? 'invariants not checked (the log was modified)'
    : `${info.violations.length} invariant violation${info.violations.length === 1 ? '' : 's'}${info.partial ? ' (partial log)' : ''}`;
  const cls = info.violations.length > 0 ? 'broken' : info.status;
  return `<p>chain: <span class="status ${info.status}" id="chain-status">${info.status}</span>
 &nbsp; <span class="status ${cls}" id="invariants">${esc(inv)}</span> &nbsp; ${records.length} records</p>
${problems === '' ? '' : `<ul class="problems">${problems}</ul>`}${broken === '' ? '' : `<ul class="violations">${broken}</ul>`}
${summaryTables(summarize(records)).map(renderTable).join('\n')}`;
}

function renderTable(t: Table): string {
  const head = t.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<table class="summary"><caption>${esc(t.title)}</caption><tr>${head}</tr>${rows}</table>`;
}

/** One lane per thread that acts in the log, in order of first appearance. */
function buildLanes(records: readonly AuditRecord[], violations: readonly Violation[]): Lane[] {
  const lanes = new Map<number, Lane>();
  const opened = new Map<string, AuditRecord>();
  const bySeq = new Map(records.map((r) => [r.seq, r]));
  const end = records.reduce((m, r) => Math.max(m, r.cycle), 0);
  for (const r of records) {
    if (typeof r.tid !== 'number') continue;
    let l = lanes.get(r.tid);
    if (l === undefined) {
      l = { tid: r.tid, role: '?', start: r.cycle, end, pkru: [], bars: [], marks: [] };
      lanes.set(r.tid, l);
    }
    laneRecord(l, r, opened);
  }
  for (const o of opened.values()) {
    const l = typeof o.tid === 'number' ? lanes.get(o.tid) : undefined;
    l?.bars.push({ from: o.cycle, to: l.end, open: true, tip: `${windowTip(o)}\nnever closes` });
  }
  for (const v of violations) {
    const r = bySeq.get(v.seq);
    const l = typeof r?.tid === 'number' ? lanes.get(r.tid) : undefined;
    if (r !== undefined && l !== undefined) l.marks.push({ at: r.cycle, cls: 'violation', tip: `seq ${v.seq}: invariant ${v.invariant}: ${v.message}` });
  }
  return [...lanes.values()];
}

function windowTip(r: AuditRecord): string {
  return `window ${String(r.window)} (seq ${r.seq}) on ${String(r.alloc ?? r.region)}\nreason: ${r.reason ?? '-'}${r.site === undefined ? '' : `\nsite: ${r.site}`}`;
}

function laneRecord(l: Lane, r: AuditRecord, opened: Map<string, AuditRecord>): void {
  const pkru = r.kind === 'thread.spawn' || r.kind === 'thread.attach' ? parsePkru(r.pkruBefore)
    : (r.kind === 'pkru' || r.kind === 'pkru.unaudited') && !pkruNeverHeld(r) ? parsePkru(r.pkruAfter) : null;
  if (pkru !== null) l.pkru.push([r.cycle, pkru]);
  if (r.kind === 'thread.spawn' || r.kind === 'thread.attach') l.role = detailString(r, 'role') ?? '?';
  if (r.kind === 'thread.exit') l.end = r.cycle;
  if (r.kind === 'window.open' && typeof r.window === 'string') opened.set(r.window, r);
  const o = typeof r.window === 'string' ? opened.get(r.window) : undefined;
  if (r.kind === 'window.close' && o !== undefined && typeof r.window === 'string') {
    opened.delete(r.window);
    l.bars.push({ from: o.cycle, to: r.cycle, open: false, tip: `${windowTip(o)}\ncycles ${o.cycle}..${r.cycle}, ${String(r.detail?.['bytes'] ?? '?')} bytes` });
  }
  if (r.kind === 'fault' || r.kind === 'violation') l.marks.push({ at: r.cycle, cls: r.kind, tip: markTip(r) });
}

function markTip(r: AuditRecord): string {
  const d = r.detail ?? {};
  const fields = Object.entries(d).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const where = [r.key === undefined ? '' : `key k${r.key}`, r.region ?? '', r.alloc ?? '', r.range === undefined ? '' : `[${r.range.join(', ')})`];
  return [`seq ${r.seq} ${r.kind} at cycle ${r.cycle}`, where.filter((s) => s !== '').join(' '), r.reason ?? '', ...fields].filter((s) => s !== '').join('\n');
}

/** Rights bands of each code key from the lane's PKRU changes. */
function bands(l: Lane, codeKeys: readonly number[]): Band[] {
  const out: Band[] = [];
  for (const key of codeKeys) {
    l.pkru.forEach(([at, pkru], i) => {
      const to = l.pkru[i + 1]?.[0] ?? l.end;
      const rights = keyRights(pkru, key);
      const last = out.at(-1);
      if (last !== undefined && last.key === key && last.rights === rights && last.to === at) out[out.length - 1] = { ...last, to };
      else out.push({ key, from: at, to, rights });
    });
  }
  return out;
}

function renderLane(l: Lane, codeKeys: readonly number[], x: (c: number) => string, w: (a: number, b: number) => string): string {
  const keyRow = (k: number): number => codeKeys.indexOf(k) * 9;
  const winTop = codeKeys.length * 9 + 2;
  const parts = bands(l, codeKeys).map((b) => `<div class="band ${b.rights}" style="left:${x(b.from)};width:${w(b.from, b.to)};top:${keyRow(b.key)}px" data-tip="${esc(`thread ${l.tid} k${b.key}: ${b.rights}, cycles ${b.from}..${b.to}`)}"></div>`);
  parts.push(...l.bars.map((b) => `<div class="win${b.open ? ' unclosed' : ''}" style="left:${x(b.from)};width:${w(b.from, b.to)};top:${winTop}px" data-tip="${esc(b.tip)}"></div>`));
  parts.push(...l.marks.map((m) => `<div class="mark ${m.cls}" style="left:${x(m.at)}" data-tip="${esc(m.tip)}"></div>`));
  const label = `thread ${l.tid} (${l.role})`;
  return `<div class="lane" data-tid="${l.tid}"><div class="label" data-tip="${esc(`${label}\ncode keys: ${codeKeys.map((k) => `k${k}`).join(' ') || 'none'}`)}">${esc(label)}</div>` +
    `<div class="track" style="--h:${winTop + 12}px">${parts.join('')}</div></div>`;
}
