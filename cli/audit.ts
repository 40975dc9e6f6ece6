/** `pkjit audit`: verify, summarise, draw and explain an audit log (docs/audit-log.md). */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyLog, type VerifyReport } from '../sdk/audit/check.js';
import { explain, formatExplanation } from '../sdk/audit/explain.js';
import { renderHtmlReport } from '../sdk/audit/html.js';
import { formatSummary, summarize, summaryJson } from '../sdk/audit/summary.js';
import { AuditLogError } from '../sdk/errors.js';
import { paint, UsageError, type Io } from './io.js';

export const AUDIT_HELP = `usage: pkjit audit <command> LOG [options]

  verify LOG [--key FILE] [--public-key FILE]
                              check the chain and the five invariants; exit 0 only when
                              the log is intact and every invariant holds, else list each
                              problem and violation and exit 1; with --key (the seed key's
                              file, e.g. LOG.key) every record's MAC too: 'authentic', or
                              what was done (tampered, rechained, spliced, replayed, ...);
                              with --public-key (base64 SPKI, as log.open of a signed log
                              carries it) the signed checkpoints are checked against it
  summary LOG [--json]        statistics per region and per thread, the code's lifetime
                              (patches, entries, retires, reclaims, replaces, thread exits,
                              the JIT's IC patches, tier-ups and deopts) and the windows per
                              site; --json: the same as JSON, keys in a fixed order
  html LOG -o FILE [--title T]
                              a self-contained HTML report: a timeline on one clock (seq)
                              with a lane per thread and per allocation, and every fault
                              and violation with its explanation
  explain LOG --seq N         the diagnosis of one fault or violation (seq N): the last flip
                              of its key with its window, reason and site, and the lifecycle
                              of its allocation up to it`;

/** Runs `pkjit audit ...`; returns the exit code. */
export function auditCommand(args: string[], io: Io): number {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(AUDIT_HELP);
      return 0;
    case 'verify':
      return verifyCommand(rest, io);
    case 'summary':
      return summaryCommand(rest, io);
    case 'html':
      return htmlCommand(rest, io);
    case 'explain':
      return explainCommand(rest, io);
    default:
      throw new UsageError(`audit: unknown command '${sub}' (verify, summary, html or explain)`);
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** Parses `args` with one positional LOG; returns the log's verification and the option values. */
function load(cmd: string, args: string[], options: Options): { path: string; report: VerifyReport; values: Record<string, unknown> } {
  const { values, positionals } = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  if (values['help'] === true) throw new HelpRequested();
  if (positionals.length !== 1) throw new UsageError(`audit ${cmd}: expected one LOG file, got ${positionals.length} (usage: pkjit audit ${cmd} LOG)`);
  const path = positionals[0] ?? '';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`audit ${cmd}: cannot read '${path}': ${errnoText(e)}`);
  }
  const keyFile = (values as Record<string, unknown>)['key'];
  let key: string | undefined;
  if (typeof keyFile === 'string') {
    try {
      key = readFileSync(keyFile, 'utf8');
    } catch (e) {
      throw new UsageError(`audit ${cmd}: cannot read the key file '${keyFile}': ${errnoText(e)}`);
    }
    if (!/^\s*[0-9a-fA-F]{64}\s*$/.test(key)) throw new UsageError(`audit ${cmd}: the key file '${keyFile}' does not hold a key (64 hex digits)`);
  }
  const pubFile = (values as Record<string, unknown>)['public-key'];
  let publicKey: string | undefined;
  if (typeof pubFile === 'string') {
    try {
      publicKey = readFileSync(pubFile, 'utf8').trim();
    } catch (e) {
      throw new UsageError(`audit ${cmd}: cannot read the public key file '${pubFile}': ${errnoText(e)}`);
    }
    if (!/^[A-Za-z0-9+/]+=*$/.test(publicKey)) throw new UsageError(`audit ${cmd}: the public key file '${pubFile}' does not hold a base64 key`);
  }
  return { path, report: verifyLog(text, { ...(key !== undefined ? { key } : {}), ...(publicKey !== undefined ? { publicKey } : {}) }), values };
}

/** `--help` of a subcommand. */
class HelpRequested extends Error {}

function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory' };
  return err.code !== undefined ? `${why[err.code] ?? err.message.split('\n')[0] ?? ''} (${err.code})` : String(err.message);
}

function withHelp(io: Io, fn: () => number): number {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof HelpRequested)) throw e;
    io.out(AUDIT_HELP);
    return 0;
  }
}

/** One line per chain problem, prefixed with the log's status. */
function problemLines(r: VerifyReport): string[] {
  return r.problems.map((p) => `${r.status}: line ${p.line}${p.seq === null ? '' : ` (seq ${p.seq})`}: ${p.message}`);
}

function verifyCommand(args: string[], io: Io): number {
  return withHelp(io, () => {
    const { report: r } = load('verify', args, { key: { type: 'string' }, 'public-key': { type: 'string' } });
    if (r.ok) {
      const auth = r.authenticity === 'authentic' ? paint(io, 'green', 'authentic') : r.authenticityNote;
      io.out(`${paint(io, 'green', 'intact')}: ${r.records.length} records, 5 invariants hold; ${r.authenticity === 'authentic' ? `${auth}: every MAC verifies under the key` : auth}`);
      if (r.checkpoints.signed > 0) io.out(r.checkpoints.note);
      return 0;
    }
    for (const l of problemLines(r)) io.out(l);
    if (r.finding !== null && r.finding !== r.status) io.out(`finding: ${r.finding}`);
    if (r.authenticity !== 'authentic') io.out(r.authenticityNote);
    for (const v of r.violations) io.out(`seq ${v.seq}: invariant ${v.invariant}: ${v.message}`);
    const n = r.violations.length;
    const checked = !r.replayed ? 'invariants not checked (the records cannot be trusted)'
      : `${n} invariant violation${n === 1 ? '' : 's'}${r.partial ? ` (partial: checked on the ${r.records.length} records present)` : ''}`;
    io.out(`${paint(io, 'red', 'FAIL')}: ${r.status}, ${checked}`);
    return 1;
  });
}

/** A note when the numbers come from a log that is not intact. */
function chainNote(r: VerifyReport): string | null {
  if (r.status === 'intact') return null;
  return `note: the log is ${r.status} (${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}; run pkjit audit verify): using the ${r.records.length} records that could be read`;
}

function summaryCommand(args: string[], io: Io): number {
  return withHelp(io, () => {
    const { report, values } = load('summary', args, { json: { type: 'boolean' } });
    const s = summarize(report.records);
    if (values['json'] === true) {
      io.out(summaryJson(s, report.status));
      return 0;
    }
    const note = chainNote(report);
    if (note !== null) io.out(note);
    for (const l of formatSummary(s)) io.out(l);
    return 0;
  });
}

function htmlCommand(args: string[], io: Io): number {
  return withHelp(io, () => {
    const { path, report, values } = load('html', args, { output: { type: 'string', short: 'o' }, title: { type: 'string' } });
    const out = values['output'];
    if (typeof out !== 'string' || out === '') throw new UsageError('audit html: -o FILE is required (where to write the report)');
    const title = typeof values['title'] === 'string' ? values['title'] : `pkjit audit: ${basename(path)}`;
    const page = renderHtmlReport(report.records, title, report);
    try {
      writeFileSync(out, page.html);
    } catch (e) {
      throw new UsageError(`audit html: cannot write '${out}': ${errnoText(e)}`);
    }
    io.out(`wrote ${out}: ${report.records.length} records, ${page.threadLanes} thread lanes, ${page.allocationLanes} allocation lanes, ` +
      `${page.problems} faults and violations, chain ${report.status}, ${report.violations.length} invariant violations`);
    return 0;
  });
}

function explainCommand(args: string[], io: Io): number {
  return withHelp(io, () => {
    const { report, values } = load('explain', args, { seq: { type: 'string' } });
    const text = values['seq'];
    if (typeof text !== 'string') throw new UsageError('audit explain: --seq N is required');
    if (!/^\d+$/.test(text)) throw new UsageError(`audit explain: --seq '${text}' is not a record number`);
    const note = chainNote(report);
    try {
      const lines = formatExplanation(explain(report.records, Number(text), { partial: report.partial }));
      if (note !== null) io.out(note);
      for (const l of lines) io.out(l);
    } catch (e) {
      if (e instanceof AuditLogError && e.code === 'AUDIT_SEQ') throw new UsageError(`audit explain: ${e.message}`);
      throw e;
    }
    return 0;
  });
}
