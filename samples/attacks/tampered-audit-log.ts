/**
 * Attack: editing the evidence.  Someone with access to the log file changes one record
 * (here: the PKRU a write window granted, so the window seems never to have opened the key)
 * or cuts the log short to drop the records that show what happened last.
 *
 * Stopped by: keyed records over exact bytes (schema 2, sdk/audit/mac.ts).  Every line carries
 * the sha256 of the line before and a MAC under a key that evolves forward from the embedder's
 * seed; the last record is `log.close` with the record count.  verifyLog with the key
 * (`pkjit audit verify LOG --key FILE`) reports a changed byte as TAMPERED (and does not replay
 * the records: they cannot be trusted), a rewritten and re-chained log as RECHAINED, and a log
 * that stops early as TRUNCATED (replayed as far as it goes, marked partial).  The sample flips
 * every single byte of a real log in turn and checks that each flip is caught.
 *
 * What it cannot do: catch a rewrite without the key (the chain alone anyone can recompute:
 * verify then says authenticity was not checked), stop a process compromised at time t from
 * logging lies or cutting the log after t (only what came before t is safe), or notice a log
 * that was never written (a sandbox created without a sink).
 *
 * Run it alone with `node dist/samples/attacks/tampered-audit-log.js` (after `npm run build`).
 */
import { eax } from '../../jit/x64/index.js';
import { verifyLog, type AuditRecord } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import { Checks, isEntry, lab, publish, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'one flipped byte makes a real audit log tampered; a cut one is truncated',
  contains: ['original: intact', 'one byte flipped: tampered', 'cut after', ': truncated', 'every one of', 'STOPPED: a tampered or truncated audit log'],
};

/** The embedder's seed key (in a real embedding: crypto.randomBytes(32), kept apart from the log). */
const KEY = new Uint8Array(32).fill(0x5a);

/** A real log: a function emitted, sealed, published and entered; the log closed. */
function realLog(instrument?: Instrument): string {
  const l = lab({ auditKey: KEY }, instrument);
  const f = publish(l, 'function', (x) => x.mov(eax, 7).ret());
  l.sbx.enter(l.executor, f);
  l.sbx.close();
  return l.sink.text();
}

/** The status line of a verification with the key: `tampered: line 14 (seq 13): mac does not verify ...`. */
function report(text: string): string {
  const v = verifyLog(text, { key: KEY });
  const p = v.problems[0];
  return `${v.status}${p !== undefined ? `: line ${p.line}${p.seq !== null ? ` (seq ${p.seq})` : ''}: ${p.message}` : ''}` +
    `${v.replayed ? `; replayed ${v.records.length} records${v.partial ? ' (partial)' : ''}` : '; not replayed'}`;
}

/** The offset of the last hex digit of pkruAfter in the window.open `pkru` record. */
function grantOffset(text: string, records: readonly AuditRecord[]): number {
  const grant = records.find((r) => r.kind === 'pkru' && r.detail?.['cause'] === 'window.open');
  if (grant === undefined) throw new Error('the log has no window.open pkru record');
  const lineStart = text.split('\n').slice(0, grant.seq).reduce((n, line) => n + line.length + 1, 0);
  return text.indexOf(`"pkruAfter":"${String(grant.pkruAfter)}"`, lineStart) + '"pkruAfter":"0x'.length + 6;
}

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const check = new Checks(print);
  const text = realLog(instrument);
  const bytes = new TextEncoder().encode(text);
  const original = verifyLog(text, { key: KEY });
  print(`original: ${report(text)}`);
  check.that(original.ok, 'the real log verifies');

  const at = grantOffset(text, original.records);
  const flipped = new Uint8Array(bytes);
  flipped[at] = (flipped[at] as number) ^ 0x04; // '1' -> '5': the window's k3 readwrite becomes none
  const edited = new TextDecoder().decode(flipped);
  print(`flip byte ${at} ('${text[at] ?? ''}' -> '${edited[at] ?? ''}'): the window.open PKRU record now grants nothing`);
  print(`one byte flipped: ${report(edited)}`);
  check.that(verifyLog(edited, { key: KEY }).status === 'tampered' && !verifyLog(edited, { key: KEY }).replayed, 'a flipped byte: tampered, not replayed');

  const lines = text.split('\n');
  const cutLines = lines.slice(0, lines.length - 4).join('\n') + '\n';
  print(`cut after ${lines.length - 4} of ${lines.length - 1} records: ${report(cutLines)}`);
  check.that(verifyLog(cutLines, { key: KEY }).status === 'truncated', 'a log cut at a record boundary: truncated');
  const cutMid = text.slice(0, Math.floor(text.length * 0.6));
  print(`cut after byte ${cutMid.length} of ${text.length}: ${report(cutMid)}`);
  check.that(verifyLog(cutMid, { key: KEY }).status === 'truncated', 'a log cut inside a record: truncated');

  const statuses = new Map<string, number>();
  for (let i = 0; i < bytes.length; i++) {
    const b = new Uint8Array(bytes);
    b[i] = (b[i] as number) ^ 0x01;
    const s = verifyLog(new TextDecoder().decode(b), { key: KEY }).status;
    statuses.set(s, (statuses.get(s) ?? 0) + 1);
  }
  const summary = [...statuses].map(([s, n]) => `${s} ${n}`).join(', ');
  print(`every one of the ${bytes.length} single-byte flips (bit 0): ${summary}`);
  check.that(statuses.get('tampered') === bytes.length, 'every single-byte flip anywhere in the log is reported as tampered', summary);
  return check.verdict('a tampered or truncated audit log');
}

if (isEntry('tampered-audit-log')) process.exitCode = main();
