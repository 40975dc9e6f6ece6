/**
 * Reading a log back and checking its chain: every line parses, versions match, sequence
 * numbers run 0, 1, 2, ..., each `prev` is the previous `hash`, each `hash` is right, and
 * the last record is `log.close` with the right count.  A log that stops early (no closing
 * record, or a cut last line) is *truncated*; one whose contents do not match their hashes
 * is *tampered*.
 */
import { recordHash } from './hash-chain.js';
import { AUDIT_KINDS, AUDIT_SCHEMA_VERSION, GENESIS_HASH, type AuditRecord } from './schema.js';

/** The integrity of a log. */
export type ChainStatus = 'intact' | 'truncated' | 'tampered';

/** One problem found while reading. */
export interface ChainProblem {
  /** 1-based line number. */
  readonly line: number;
  /** Sequence number of the record, when known. */
  readonly seq: number | null;
  readonly message: string;
}

/** What reading a log found. */
export interface ChainReport {
  readonly status: ChainStatus;
  /** Records that parsed, in order (a tampered log still yields what could be read). */
  readonly records: readonly AuditRecord[];
  readonly problems: readonly ChainProblem[];
}

const KINDS = new Set<string>(AUDIT_KINDS);

function parseLine(text: string, line: number, problems: ChainProblem[]): AuditRecord | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    problems.push({ line, seq: null, message: 'not valid JSON' });
    return null;
  }
  const r = v as Partial<AuditRecord>;
  if (typeof v !== 'object' || v === null || typeof r.seq !== 'number' || typeof r.hash !== 'string' ||
    typeof r.prev !== 'string' || typeof r.kind !== 'string') {
    problems.push({ line, seq: null, message: 'not an audit record (seq, kind, prev and hash are required)' });
    return null;
  }
  if (r.v !== AUDIT_SCHEMA_VERSION) problems.push({ line, seq: r.seq, message: `schema version ${String(r.v)}, expected ${AUDIT_SCHEMA_VERSION}` });
  if (!KINDS.has(r.kind)) problems.push({ line, seq: r.seq, message: `unknown record kind '${r.kind}'` });
  return v as AuditRecord;
}

/** Reads a JSON Lines audit log and checks its hash chain. */
export function readLog(text: string): ChainReport {
  const problems: ChainProblem[] = [];
  const records: AuditRecord[] = [];
  const lines = text.split('\n');
  const cutLast = text.length > 0 && !text.endsWith('\n');
  if (lines.at(-1) === '') lines.pop();
  let prev = GENESIS_HASH;
  let truncated = cutLast;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (cutLast && i === lines.length - 1) {
      // A cut can only remove a suffix: a complete record followed by other bytes was altered.
      if (/"hash":"[0-9a-f]{64}"\}[\s\S]/.test(raw)) {
        problems.push({ line: lineNo, seq: null, message: 'bytes after the last record' });
        truncated = false;
      } else {
        problems.push({ line: lineNo, seq: null, message: 'the last line is cut off' });
      }
      return;
    }
    const r = parseLine(raw, lineNo, problems);
    if (r === null) return;
    if (r.seq !== records.length) problems.push({ line: lineNo, seq: r.seq, message: `sequence number ${r.seq}, expected ${records.length}` });
    if (r.prev !== prev) problems.push({ line: lineNo, seq: r.seq, message: 'prev does not match the previous record\'s hash' });
    if (recordHash(r) !== r.hash) problems.push({ line: lineNo, seq: r.seq, message: 'hash does not match the record\'s contents' });
    prev = r.hash;
    records.push(r);
  });
  const last = records.at(-1);
  const tampered = problems.length > (truncated ? 1 : 0) || (cutLast && !truncated);
  if (!tampered) {
    if (last === undefined || last.kind !== 'log.close') {
      truncated = true;
      problems.push({ line: lines.length, seq: last?.seq ?? null, message: 'the log ends without its log.close record' });
    } else if (last.detail?.['records'] !== records.length) {
      problems.push({ line: lines.length, seq: last.seq, message: `log.close counts ${String(last.detail?.['records'])} records, the file has ${records.length}` });
    }
  }
  const status: ChainStatus = problems.length === 0 ? 'intact' : tampered || !truncated ? 'tampered' : 'truncated';
  return { status, records, problems };
}
