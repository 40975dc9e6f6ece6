/**
 * Attack: WRPKRU sprayed through an immediate.  A JIT that copies attacker-chosen constants
 * into its code (`x = 0xef010f` becomes `mov eax, 0xef010f` = B8 0F 01 EF 00) plants the bytes
 * 0F 01 EF, which decode as WRPKRU when execution starts one byte into the instruction (a
 * corrupted return address or indirect branch is enough).  WRPKRU is unprivileged, so the
 * gadget would set PKRU to anything: pkeys are no boundary against code that can run it.
 *
 * Stopped by: verified sealing.  The forbidden-bytes verifier scans EVERY byte offset (not only
 * instruction boundaries) of exactly the bytes about to become executable, with the seams of
 * the neighbouring code.  seal() throws VerifyError naming the offset and the instruction the
 * pattern hides in, records `seal` with ok: false, and the allocation stays unsealed: it cannot
 * be published, and entering it is refused (a `violation` record).
 *
 * Run it alone with `node dist/samples/attacks/wrpkru-in-immediate.js` (after `npm run build`).
 */
import { eax } from '../../jit/x64/index.js';
import { SdkError, VerifyError } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import { Checks, codeBytes, isEntry, lab, mark, message, printRecords, stagedBytes, thrown, write, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: "WRPKRU hidden in 'mov eax, 0xef010f': seal refuses (VerifyError), entering is refused",
  contains: ["WRPKRU at offset 1", "in 'mov eax,0xef010f'", 'seal tid=101 region=code alloc=code#0', 'ok=false', 'STOPPED: WRPKRU hidden in an immediate'],
};

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({}, instrument);
  const check = new Checks(print);
  const f = write(l, 'constant', (x) => x.mov(eax, 0xef010f).ret());
  print(`emitted 'mov eax, 0xef010f; ret' into ${f.id}: ${stagedBytes(l, f)} (staged; its code pages: ${codeBytes(l, f.start, f.size)})`);
  const from = mark(l);
  const err = thrown(() => l.sbx.seal(f));
  print(`seal: ${message(err)}`);
  check.that(err instanceof VerifyError && err.findings.length === 1 && err.findings[0]?.pattern === 'WRPKRU' &&
    err.findings[0].offset === 1 && err.findings[0].instruction === 'mov eax,0xef010f',
  "VerifyError: WRPKRU at offset 1, inside 'mov eax,0xef010f'");
  const published = thrown(() => l.sbx.publish(f));
  print(`publish: ${message(published)}`);
  check.that(published instanceof SdkError && f.state === 'writing', 'the allocation stays unsealed and cannot be published');
  const entered = thrown(() => l.sbx.enter(l.executor, f));
  print(`enter: ${message(entered)}`);
  check.that(entered instanceof SdkError && entered.code === 'ENTER_UNPUBLISHED', 'entering it is refused (ENTER_UNPUBLISHED)');
  printRecords(l, from, print);
  const seal = l.sink.records.slice(from).find((r) => r.kind === 'seal');
  check.that(seal?.detail?.['ok'] === false, 'a seal record with ok: false and the finding');
  check.that(l.sink.records.slice(from).some((r) => r.kind === 'violation' && r.detail?.['code'] === 'ENTER_UNPUBLISHED'),
    'a violation record for the refused entry');
  check.that(l.executor.stats.entries === 0, 'no executor ever ran a byte of it');
  return check.verdict('WRPKRU hidden in an immediate');
}

if (isEntry('wrpkru-in-immediate')) process.exitCode = main();
