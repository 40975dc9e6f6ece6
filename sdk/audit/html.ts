/**
 * `pkjit audit html`: one self-contained page (inline CSS and JS, no external URL, a CSP that
 * forbids every load and allows only this page's own style and script, by hash) with
 *
 *   header    the chain status, the invariant check, the summary tables and lifecycle counts
 *   timeline  one clock for every lane, the record sequence number (seq); a lane per thread
 *             (its rights on each code key, windows, entries, patches, exits, faults) and per
 *             allocation (reserve, write, seal, publish, enter, patch, replace, retire,
 *             reclaim); zoom, pan and a filter by region, thread and kind (html-script.ts)
 *   problems  every fault, violation and broken invariant, with its `explain` text
 *
 * The lanes are drawn on a canvas from a JSON data block (html-model.ts), so a log of 100,000
 * records makes no more elements than a small one.  Every string from the log is untrusted: in
 * markup it goes through `esc`, in the data block through `jsonData`, and the script only sets
 * text.
 */
import { createHash } from 'node:crypto';
import { verifyLog, type Violation } from './check.js';
import { lifeTables } from './html-counts.js';
import { MARK_KINDS } from './html-marks.js';
import { ALLOC_STATES, buildModel, RIGHTS, type TimelineModel } from './html-model.js';
import { buildProblems } from './html-problems.js';
import { KIND_COLORS, RIGHTS_COLORS, SCRIPT, STATE_COLORS } from './html-script.js';
import type { ChainProblem, ChainStatus } from './read.js';
import { summarize, summaryTables, type Table } from './summary.js';
import type { AuditRecord } from './schema.js';

/** The integrity part of a report (verifyLog's), when the caller already has it. */
export interface HtmlChainInfo {
  readonly status: ChainStatus;
  readonly problems: readonly ChainProblem[];
  readonly violations: readonly Violation[];
  readonly partial: boolean;
}

/** A rendered page and what it shows. */
export interface HtmlReport {
  readonly html: string;
  readonly threadLanes: number;
  readonly allocationLanes: number;
  /** Faults, violation records and records breaking an invariant. */
  readonly problems: number;
}

/** Above this many threads or regions the filter is a text box instead of one checkbox each. */
const MAX_CHECKBOXES = 40;
/** Rows of the problem list and of each table, at most (the DOM stays bounded). */
const MAX_ROWS = 500;

/** Escapes text for HTML content and double- or single-quoted attributes. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON for a `<script type="application/json">` block: no `<`, so no `</script>` or `<!--` inside. */
export function jsonData(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c');
}

const CSS = `
body{font:13px/1.4 system-ui,sans-serif;margin:16px;color:#222}
h1{font-size:18px;margin:0 0 8px}h2{font-size:15px;margin:16px 0 4px}
.status{display:inline-block;padding:2px 8px;border-radius:4px;color:#fff;font-weight:bold}
.intact{background:#2a7d2a}.truncated{background:#b07800}.tampered,.broken{background:#b02020}
table{border-collapse:collapse;margin:6px 12px 12px 0;display:inline-table;vertical-align:top}
th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}th:first-child,td:first-child{text-align:left}
caption{text-align:left;font-weight:bold}td.text{text-align:left}
.clock{max-width:60em;color:#444}#controls button{min-width:2.2em}#view{margin-left:12px;color:#444}.hint{margin-left:12px;color:#888;font-size:12px}
#filter fieldset{display:inline-block;vertical-align:top;border:1px solid #ddd;margin:2px 6px 6px 0;padding:2px 8px}
#filter label{display:inline-block;margin-right:10px;white-space:nowrap}#lane-count{color:#444}
.sw{display:inline-block;width:12px;height:10px;margin:0 4px 0 2px;vertical-align:-1px}
#axis{position:relative;height:18px;margin-left:211px;font-size:11px;color:#555}
.tick{position:absolute;top:2px;transform:translateX(-50%)}
#viewport{position:relative;overflow-y:auto;overflow-x:hidden;border:1px solid #ccc;user-select:none}
#inner{position:relative}#cv{position:absolute;left:210px;top:0;cursor:grab}#labels{position:absolute;left:0;top:0;width:206px}
.lane-label{position:absolute;left:0;width:206px;overflow:hidden;white-space:nowrap;font-size:11px}
.lane-label .name{height:18px;line-height:18px;padding-left:4px;text-overflow:ellipsis;overflow:hidden}.lane-label.thread .name{font-weight:600}
.lane-label .key{height:11px;line-height:11px;font-size:10px;color:#555;padding-left:14px}
#detail{border:1px solid #999;background:#fffbe6;padding:4px 8px;margin:8px 0;max-width:100%}#detail pre{white-space:pre-wrap;margin:4px 0;font-size:12px}
#problems tr[data-seq]{cursor:pointer}#problems tr[data-seq]:hover{background:#f3f3ff}
#tip{position:fixed;display:none;background:#ffe;border:1px solid #999;padding:4px 6px;font-size:12px;white-space:pre;pointer-events:none;z-index:9;max-width:70vw;overflow:hidden}
${MARK_KINDS.map((k) => `.k-${k}{background:${KIND_COLORS[k] ?? '#000'}}`).join('')}
${RIGHTS_COLORS.map((c, i) => `.r-${i}{background:${c}}`).join('')}${STATE_COLORS.map((c, i) => `.s-${i}{background:${c}}`).join('')}
`;

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('base64');
}

/** Renders `log` as one self-contained HTML page titled `title`. */
export function renderHtml(log: readonly AuditRecord[], title: string, chain?: HtmlChainInfo): string {
  return renderHtmlReport(log, title, chain).html;
}

/** Renders `log` as one self-contained HTML page titled `title`, with the counts of what it shows. */
export function renderHtmlReport(log: readonly AuditRecord[], title: string, chain?: HtmlChainInfo): HtmlReport {
  const info = chain ?? verifyLog(log.map((r) => JSON.stringify(r) + '\n').join(''));
  const model = buildModel(log, info.violations);
  for (const p of buildProblems(log, info.violations, info.partial)) model.problems.push(p);
  const colors = { kinds: KIND_COLORS, rights: RIGHTS_COLORS, states: STATE_COLORS, rightsNames: RIGHTS };
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${sha256(CSS)}'; script-src 'sha256-${sha256(SCRIPT)}'; base-uri 'none'; form-action 'none'">
<title>${esc(title)}</title><style>${CSS}</style></head><body>
<h1>${esc(title)}</h1>
${renderHeader(log, info)}
${renderTimeline(model)}
${renderProblems(model)}
<div id="tip"></div>
<script type="application/json" id="pkjit-data">${jsonData(model)}</script>
<script type="application/json" id="pkjit-colors">${jsonData(colors)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
  const threadLanes = model.lanes.filter((l) => l.type === 't').length;
  return { html, threadLanes, allocationLanes: model.lanes.length - threadLanes, problems: model.problems.length };
}

function renderHeader(records: readonly AuditRecord[], info: HtmlChainInfo): string {
  const problems = info.problems.map((p) => `<li>line ${p.line}${p.seq === null ? '' : ` (seq ${p.seq})`}: ${esc(p.message)}</li>`).join('');
  const broken = info.violations.map((v) => `<li>seq ${v.seq}: invariant ${v.invariant}: ${esc(v.message)}</li>`).join('');
  const inv = info.status === 'tampered' ? 'invariants not checked (the log was modified)'
    : `${info.violations.length} invariant violation${info.violations.length === 1 ? '' : 's'}${info.partial ? ' (partial log)' : ''}`;
  const cls = info.violations.length > 0 ? 'broken' : info.status;
  return `<p>chain: <span class="status ${info.status}" id="chain-status">${info.status}</span>
 &nbsp; <span class="status ${cls}" id="invariants">${esc(inv)}</span> &nbsp; ${records.length} records</p>
${problems === '' ? '' : `<ul class="problems">${problems}</ul>`}${broken === '' ? '' : `<ul class="violations">${broken}</ul>`}
<div id="tables">${[...summaryTables(summarize(records)), ...lifeTables(records)].map(renderTable).join('\n')}</div>`;
}

function renderTable(t: Table): string {
  const head = t.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const rows = t.rows.slice(0, MAX_ROWS).map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('');
  const more = t.rows.length > MAX_ROWS ? `<tr><td colspan="${t.columns.length}">${t.rows.length - MAX_ROWS} more rows: pkjit audit summary shows them all</td></tr>` : '';
  return `<table class="summary"><caption>${esc(t.title)}</caption><tr>${head}</tr>${rows}${more}</table>`;
}

function renderTimeline(m: TimelineModel): string {
  const shifted = m.seqShifted ? ' This log\'s sequence numbers are not 0, 1, 2, ... (it is damaged): the axis counts records in file order, the details give each record\'s own seq.' : '';
  return `<h2>timeline</h2>
<p class="clock" id="clock">One clock for every lane: the x axis is the record sequence number <b>seq</b>, the order in which the SDK wrote the records, so what is further left happened first, whatever the thread. A record's <i>cycle</i> counts its own thread's simulated cycles and cannot be compared across threads: it is in the details only.${shifted}</p>
<div id="controls"><button id="zoom-in" type="button" title="zoom in (+)">+</button> <button id="zoom-out" type="button" title="zoom out (-)">&#8722;</button> <button id="zoom-fit" type="button" title="whole log (0)">fit</button><span id="view"></span><span class="hint">drag to pan, ctrl+wheel to zoom, shift+wheel or the arrow keys to pan; click a marker for its details</span></div>
${renderFilter(m)}
<div class="legend">rights on a code key: <i class="sw r-0"></i>none <i class="sw r-1"></i>read <i class="sw r-2"></i>readwrite &nbsp; allocation: ${ALLOC_STATES.map((s, i) => `<i class="sw s-${i}"></i>${s}`).join(' ')}</div>
<div id="tl"><div id="axis"></div>
<div id="viewport"><div id="inner"><canvas id="cv"></canvas><div id="labels"></div></div></div></div>
<div id="detail" hidden><button id="detail-close" type="button">close</button><pre id="detail-text"></pre></div>`;
}

function renderFilter(m: TimelineModel): string {
  const kinds = MARK_KINDS.map((k) => `<label><input type="checkbox" checked data-filter="kind" data-value="${k}"><i class="sw k-${k}"></i>${k}</label>`).join('');
  const roles = new Map(m.lanes.flatMap((l) => (l.type === 't' ? [[l.tid, l.label] as const] : [])));
  const threads = m.threads.length > MAX_CHECKBOXES
    ? `<label>only threads <input type="text" id="f-tids" placeholder="tids, comma-separated"></label>`
    : m.threads.map((t) => `<label><input type="checkbox" checked data-filter="tid" data-value="${t}">${esc(roles.get(t) ?? String(t))}</label>`).join('');
  const regions = m.regions.length > MAX_CHECKBOXES
    ? `<label>only regions <input type="text" id="f-regions" placeholder="names, comma-separated"></label>`
    : m.regions.map((r) => `<label><input type="checkbox" checked data-filter="region" data-value="${esc(r)}">${esc(r)}</label>`).join('');
  return `<details id="filter" open><summary>filter <span id="lane-count"></span></summary>
<fieldset id="f-kind"><legend>kinds</legend>${kinds}</fieldset>
<fieldset id="f-thread"><legend>threads</legend>${threads || 'none'}</fieldset>
<fieldset id="f-region"><legend>regions</legend>${regions || 'none'}</fieldset></details>`;
}

function renderProblems(m: TimelineModel): string {
  const rows = m.problems.slice(0, MAX_ROWS).map((p) =>
    `<tr data-seq="${esc(String(p.seq))}" class="problem ${p.kind}"><td>${esc(String(p.seq))}</td><td class="text"><i class="sw k-${p.kind}"></i>${p.kind}</td><td class="text">${esc(p.line)}</td></tr>`).join('');
  const more = m.problems.length > MAX_ROWS ? `<tr><td colspan="3">${m.problems.length - MAX_ROWS} more: pkjit audit explain LOG --seq N</td></tr>` : '';
  const body = m.problems.length === 0 ? '<p id="problems">none</p>'
    : `<table id="problems"><tr><th>seq</th><th>kind</th><th>what (click for the explanation)</th></tr>${rows}${more}</table>`;
  return `<h2>faults and violations (${m.problems.length})</h2>\n${body}`;
}
