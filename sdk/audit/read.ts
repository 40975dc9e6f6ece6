/**
 * Reading a log back and checking it, on the bytes of the file.
 *
 * Schema 2 (mac.ts): each line must be well formed (the writer's exact JSON form, `\n` line ends,
 * bounded size and nesting); sequence numbers run 0, 1, 2, ...; each `prev` is the sha256 of the
 * line before; with the seed key, each `mac` verifies under its epoch's key after the MAC
 * before; the last record is `log.close` with the right count.  What breaks is told apart:
 *
 *   malformed   a line that is not a record in the writer's form
 *   replayed    a sequence number that came before (records copied in again)
 *   reordered   sequence numbers out of order, none repeated
 *   spliced     the chain breaks at a record whose own MAC fails too: another log's records
 *               from there (with the key: the break and the first bad MAC coincide)
 *   rechained   a consistent chain whose MACs do not verify: rewritten by someone without the key
 *   tampered    anything else: bytes changed (a bad MAC, the next record's prev broken), a
 *               log.close count that does not match
 *   truncated   a log that stops early (no closing record, or a cut last line) and is otherwise fine
 *
 * Without the key the MACs cannot be checked: a rewritten and re-chained log then reads as
 * intact, and the report says plainly that authenticity was not checked.  Schema 1 logs (a
 * plain hash chain over canonical JSON, hash-chain.ts) are read as before and reported unkeyed.
 * No reader recurses on input: nesting is bounded before JSON.parse sees a line.
 */
import { recordHash } from './hash-chain.js';
import { checkCheckpoint, KeySchedule, MAX_DEPTH, MAX_LINE, nesting, parseKey, recordMac, sha256Hex, splitLine } from './mac.js';
import { AUDIT_KINDS, GENESIS_HASH, type AuditRecord } from './schema.js';

/** The integrity of a log. */
export type ChainStatus = 'intact' | 'truncated' | 'tampered';

/** What broke, when something did (see the file comment). */
export type ChainFinding = 'malformed' | 'replayed' | 'reordered' | 'spliced' | 'rechained' | 'tampered' | 'truncated';

/** Whether the records are the writer's: checked with the key, not checkable, or a version 1 log (no MACs). */
export type Authenticity = 'authentic' | 'forged' | 'not-checked' | 'unkeyed';

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
  /** What broke (null when intact). */
  readonly finding: ChainFinding | null;
  readonly authenticity: Authenticity;
  /** One line on authenticity, e.g. why it was not checked. */
  readonly authenticityNote: string;
  /** Signed checkpoints (schema 2 with `audit: { sign: true }`): how many, how many verify, and a note. */
  readonly checkpoints: { readonly signed: number; readonly verified: number; readonly note: string };
  /** Schema version of the log (of its first record). */
  readonly version: 1 | 2;
  /** Records that parsed, in order (a tampered log still yields what could be read). */
  readonly records: readonly AuditRecord[];
  readonly problems: readonly ChainProblem[];
}

/** Options of readLog. */
export interface ReadOptions {
  /** The seed key: 32 bytes, or the hex text of a key file. */
  readonly key?: Uint8Array | string;
  /** The checkpoints' public key as known apart from the log (SPKI DER, base64): log.open must carry this one. */
  readonly publicKey?: string;
}

const KINDS = new Set<string>(AUDIT_KINDS);

/** Reads a JSON Lines audit log and checks it (see the file comment). */
export function readLog(text: string, opts: ReadOptions = {}): ChainReport {
  const lines = text.split('\n');
  const cutLast = text.length > 0 && !text.endsWith('\n');
  if (lines.at(-1) === '') lines.pop();
  const first = lines[0] ?? '';
  // The writer's form starts every record with its version: {"v":1, ... or {"v":2, ...
  return first.startsWith('{"v":1,') ? readV1(lines, cutLast) : readV2(lines, cutLast, opts);
}

/** The cut last line: a suffix removed is truncation; a complete record followed by other bytes is tampering. */
function cutProblem(raw: string, line: number, complete: RegExp): { problem: ChainProblem; truncated: boolean } {
  if (complete.test(raw)) return { problem: { line, seq: null, message: 'bytes after the last record' }, truncated: false };
  return { problem: { line, seq: null, message: 'the last line is cut off' }, truncated: true };
}

/** The closing-record check shared by both versions; returns whether the log is truncated. */
function checkClose(records: readonly AuditRecord[], lineCount: number, problems: ChainProblem[]): boolean {
  const last = records.at(-1);
  if (last === undefined || last.kind !== 'log.close') {
    problems.push({ line: lineCount, seq: last?.seq ?? null, message: 'the log ends without its log.close record' });
    return true;
  }
  if (last.detail?.['records'] !== records.length) {
    problems.push({ line: lineCount, seq: last.seq, message: `log.close counts ${String(last.detail?.['records'])} records, the file has ${records.length}` });
  }
  return false;
}

/** A parsed line's record fields, or why it is not a record. */
function asRecord(v: unknown, version: 1 | 2): AuditRecord | string {
  const r = v as Partial<AuditRecord>;
  if (typeof v !== 'object' || v === null || typeof r.seq !== 'number' || typeof r.prev !== 'string' || typeof r.kind !== 'string' ||
    (version === 1 ? typeof r.hash !== 'string' : typeof r.mac !== 'string')) {
    return `not an audit record (seq, kind, prev and ${version === 1 ? 'hash' : 'mac'} are required)`;
  }
  return v as AuditRecord;
}

// ---- Schema 2 ----

function readV2(lines: readonly string[], cutLast: boolean, opts: ReadOptions): ChainReport {
  const problems: ChainProblem[] = [];
  const records: AuditRecord[] = [];
  const key = opts.key === undefined ? null : parseKey(opts.key);
  if (opts.key !== undefined && key === null) problems.push({ line: 0, seq: null, message: 'the key is not 32 bytes (or 64 hex digits)' });
  const schedule = key === null ? null : new KeySchedule(key);
  let malformed = false;
  let truncated = false;
  let cutTampered = false;
  let header: { logId: string; epochRecords: number; key: string; publicKey: string | null } | null = null;
  const lineHashes: string[] = [];
  const seen = new Set<number>();
  let replayed = false;
  let reordered = false;
  const prevBreaks: number[] = [];
  const macFails: number[] = [];
  let prevLine = GENESIS_HASH;
  let prevMac: string | null = null;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (cutLast && i === lines.length - 1) {
      const c = cutProblem(raw, lineNo, /"mac":"[0-9a-f]{64}"\}[\s\S]/);
      problems.push(c.problem);
      if (c.truncated) truncated = true;
      else cutTampered = true;
      return;
    }
    const split = splitLine(raw);
    const lineHash = sha256Hex(raw);
    if ('malformed' in split) {
      problems.push({ line: lineNo, seq: null, message: `malformed: ${split.malformed}` });
      malformed = true;
      prevLine = lineHash;
      prevMac = null;
      return;
    }
    const r = asRecord(JSON.parse(raw), 2);
    if (typeof r === 'string') {
      problems.push({ line: lineNo, seq: null, message: `malformed: ${r}` });
      malformed = true;
      prevLine = lineHash;
      prevMac = null;
      return;
    }
    if (r.v !== 2) problems.push({ line: lineNo, seq: r.seq, message: `schema version ${String(r.v)} in a version 2 log` });
    if (!KINDS.has(r.kind)) problems.push({ line: lineNo, seq: r.seq, message: `unknown record kind '${r.kind}'` });
    if (i === 0) {
      const a = r.detail?.['audit'] as { logId?: unknown; epochRecords?: unknown; key?: unknown; publicKey?: unknown } | undefined;
      if (r.kind === 'log.open' && typeof a?.logId === 'string' && Number.isSafeInteger(a.epochRecords) && (a.epochRecords as number) > 0) {
        header = { logId: a.logId, epochRecords: a.epochRecords as number, key: String(a.key), publicKey: typeof a.publicKey === 'string' ? a.publicKey : null };
        prevMac = sha256Hex(`pkjit audit log ${a.logId}`);
      } else {
        problems.push({ line: lineNo, seq: r.seq, message: 'the first record is not a log.open with detail.audit (logId, epochRecords)' });
      }
    }
    if (seen.has(r.seq)) {
      replayed = true;
      problems.push({ line: lineNo, seq: r.seq, message: `sequence number ${r.seq} again (first seen earlier): records replayed` });
    } else if (r.seq !== records.length) {
      reordered = true;
      problems.push({ line: lineNo, seq: r.seq, message: `sequence number ${r.seq}, expected ${records.length}` });
    }
    seen.add(r.seq);
    if (r.prev !== prevLine) {
      prevBreaks.push(records.length);
      problems.push({ line: lineNo, seq: r.seq, message: 'prev is not the sha256 of the line before' });
    }
    if (schedule !== null && header !== null && prevMac !== null && r.seq >= 0 && Number.isSafeInteger(r.seq)) {
      const k = schedule.key(Math.floor(r.seq / (header as { epochRecords: number }).epochRecords));
      if (recordMac(k, prevMac, split.body) !== split.mac) {
        macFails.push(records.length);
        problems.push({ line: lineNo, seq: r.seq, message: 'mac does not verify under the key of its epoch' });
      }
    }
    prevLine = lineHash;
    prevMac = split.mac;
    records.push(r);
    lineHashes.push(lineHash);
  });
  const cp = checkpoints(records, lineHashes, header, opts.publicKey, problems);
  // Problems other than truncation, in order of precedence.
  let finding: ChainFinding | null = null;
  if (malformed) finding = 'malformed';
  else if (replayed) finding = 'replayed';
  else if (reordered) finding = 'reordered';
  // A consistent chain with bad MACs was recomputed after an edit (the last record alone has no
  // successor to show a chain break: its bad MAC is plain tampering).
  else if (prevBreaks.length === 0 && macFails.some((i) => i < records.length - 1)) finding = 'rechained';
  else if (prevBreaks.length === 1 && macFails[0] === prevBreaks[0]) finding = 'spliced';
  // A consistent chain whose signed checkpoints do not verify was rewritten after they were signed.
  else if (prevBreaks.length === 0 && cp.failed > 0) finding = 'rechained';
  else if (prevBreaks.length > 0 || macFails.length > 0 || cutTampered || problems.some((p) => p.line === 0 || p.message.startsWith('the first') ||
    p.message.startsWith('schema') || p.message.startsWith('unknown'))) finding = 'tampered';
  if (finding === null) {
    const endsEarly = checkClose(records, lines.length, problems);
    if (endsEarly || truncated) finding = 'truncated';
    else if (problems.length > 0) finding = 'tampered';
  }
  const status: ChainStatus = finding === null ? 'intact' : finding === 'truncated' ? 'truncated' : 'tampered';
  const h = header as { key: string } | null;
  let authenticity: Authenticity;
  let note: string;
  if (schedule === null) {
    authenticity = 'not-checked';
    note = h?.key === 'none' ? 'authenticity not checked: the writer kept no key (give the sandbox audit: { key } or a FileSink for a key file)'
      : `authenticity not checked: no key given (the key is ${h?.key === 'file' ? 'in the key file next to the log' : "the embedder's"}; verify with --key)`;
  } else if (macFails.length === 0 && header !== null && !malformed) {
    authenticity = 'authentic';
    note = `authentic: every MAC verifies under the key (${records.length} records, ${Math.ceil(records.length / (header as { epochRecords: number }).epochRecords)} key epochs)`;
  } else {
    authenticity = 'forged';
    note = `not authentic: ${macFails.length} record(s) whose MAC does not verify under the key${macFails.length > 0 ? ` (first: seq ${records[macFails[0] as number]?.seq})` : ''}`;
  }
  return { status, finding, authenticity, authenticityNote: note, checkpoints: { signed: cp.signed, verified: cp.signed - cp.failed, note: cp.note },
    version: 2, records, problems };
}

/** Checks every checkpoint record: it covers an earlier line, names that line's hash, and its signature verifies. */
function checkpoints(records: readonly AuditRecord[], lineHashes: readonly string[], header: { logId: string; publicKey: string | null } | null,
  pinned: string | undefined, problems: ChainProblem[]): { signed: number; failed: number; note: string } {
  const cps = records.map((r, i) => [r, i] as const).filter(([r]) => r.kind === 'checkpoint');
  const pub = header?.publicKey ?? null;
  if (pinned !== undefined && pub !== pinned) {
    problems.push({ line: 1, seq: 0, message: 'log.open does not carry the pinned public key' });
    return { signed: cps.length, failed: Math.max(1, cps.length), note: 'checkpoints not trusted: the public key in log.open is not the pinned one' };
  }
  let failed = 0;
  for (const [r, i] of cps) {
    const d = (r.detail ?? {}) as { upTo?: unknown; lineHash?: unknown; sig?: unknown };
    const upTo = typeof d.upTo === 'number' && Number.isSafeInteger(d.upTo) ? d.upTo : -1;
    const ok = pub !== null && header !== null && upTo >= 0 && upTo < i && typeof d.lineHash === 'string' && typeof d.sig === 'string' &&
      lineHashes[upTo] === d.lineHash && checkCheckpoint(pub, header.logId, upTo, d.lineHash, d.sig);
    if (!ok) {
      failed++;
      problems.push({ line: i + 1, seq: r.seq, message: `checkpoint over seq ${upTo} does not verify (its line hash or its Ed25519 signature)` });
    }
  }
  const note = cps.length === 0 ? (pub === null ? 'no signed checkpoints' : 'no checkpoints (the log signs them at each epoch end and at close)')
    : `${cps.length - failed} of ${cps.length} signed checkpoints verify under ${pinned !== undefined ? 'the pinned public key' : 'the public key in log.open (pin it to trust them)'}`;
  return { signed: cps.length, failed, note };
}

// ---- Schema 1 ----

function readV1(lines: readonly string[], cutLast: boolean): ChainReport {
  const problems: ChainProblem[] = [];
  const records: AuditRecord[] = [];
  let prev = GENESIS_HASH;
  let truncated = cutLast;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (cutLast && i === lines.length - 1) {
      const c = cutProblem(raw, lineNo, /"hash":"[0-9a-f]{64}"\}[\s\S]/);
      problems.push(c.problem);
      if (!c.truncated) truncated = false;
      return;
    }
    if (raw.length > MAX_LINE || nesting(raw) > MAX_DEPTH) {
      problems.push({ line: lineNo, seq: null, message: `malformed: longer than ${MAX_LINE} bytes or nested deeper than ${MAX_DEPTH}` });
      return;
    }
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      problems.push({ line: lineNo, seq: null, message: 'not valid JSON' });
      return;
    }
    const r = asRecord(v, 1);
    if (typeof r === 'string') {
      problems.push({ line: lineNo, seq: null, message: r });
      return;
    }
    if (r.v !== 1) problems.push({ line: lineNo, seq: r.seq, message: `schema version ${String(r.v)}, expected 1` });
    if (!KINDS.has(r.kind)) problems.push({ line: lineNo, seq: r.seq, message: `unknown record kind '${r.kind}'` });
    if (r.seq !== records.length) problems.push({ line: lineNo, seq: r.seq, message: `sequence number ${r.seq}, expected ${records.length}` });
    if (r.prev !== prev) problems.push({ line: lineNo, seq: r.seq, message: 'prev does not match the previous record\'s hash' });
    if (recordHash(r) !== r.hash) problems.push({ line: lineNo, seq: r.seq, message: 'hash does not match the record\'s contents' });
    prev = r.hash as string;
    records.push(r);
  });
  const tampered = problems.length > (truncated ? 1 : 0) || (cutLast && !truncated);
  if (!tampered) truncated = checkClose(records, lines.length, problems) || truncated;
  const status: ChainStatus = problems.length === 0 ? 'intact' : tampered || !truncated ? 'tampered' : 'truncated';
  return { status, finding: status === 'intact' ? null : status, authenticity: 'unkeyed', checkpoints: { signed: 0, verified: 0, note: 'no signed checkpoints' },
    authenticityNote: 'schema 1 log: hash chain only, no MACs (anyone can rewrite and re-chain it)', version: 1, records, problems };
}

