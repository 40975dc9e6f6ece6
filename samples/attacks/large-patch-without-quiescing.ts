/**
 * Attack: a large live patch while an executor runs the code.  A patch wider than one aligned
 * 8-byte store is not atomic: an executor in the middle of the patched bytes can fetch half
 * old, half new instructions (a torn patch), which is undefined behaviour at best and an
 * attacker-steerable instruction stream at worst (Apple warns against writing code another
 * thread executes; nobody detects it: spec section 11, item 11).
 *
 * Stopped by: quiescing.  patch() lets an aligned patch of at most 8 bytes through while
 * executors run (one store, all-or-nothing: SDM Vol.3A 9.1.1), and refuses anything larger
 * while any thread is running in the region: NOT_QUIESCED, a `violation` record.  Once the
 * region is quiet the same patch goes through, recorded as `quiesce` then `patch`.
 *
 * The executor is caught "running in the region" the way test/sdk/patch.test.ts does it: the
 * code hits an int3, and the SIGTRAP handler (on the executor, inside enter) is where the
 * compiler tries its patches.
 *
 * Run it alone with `node dist/samples/attacks/large-patch-without-quiescing.js` (after `npm run build`).
 */
import { eax } from '../../jit/x64/index.js';
import { SIGTRAP } from '../../mpk-hw/index.js';
import { SdkError } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import { Checks, codeBytes, isEntry, lab, mark, message, printRecords, publish, thrown, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'a 12-byte live patch while an executor runs the region: NOT_QUIESCED, a violation record',
  contains: ['NOT_QUIESCED', 'violation tid=', 'atomic=true', 'quiesce', 'STOPPED: a large live patch without quiescing'],
};

/** `mov eax, 9; nop; ret` and int3 filler: 12 bytes, crossing an 8-byte boundary. */
const BIG = Uint8Array.of(0xb8, 9, 0, 0, 0, 0x90, 0xc3, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc);

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({}, instrument);
  const check = new Checks(print);
  const { sbx, compiler, executor } = l;
  // mov eax, 7 (imm32 at offset 1); int3 (the executor stops here, inside the region); ret.
  const f = publish(l, 'inline-cache', (x) => x.mov(eax, 7).int3().ret().data(new Array<number>(9).fill(0xcc)));
  print(`${f.id} = ${codeBytes(l, f.start, 8)} ...`);
  const from = mark(l);
  let big: unknown = null;
  let small: unknown = null;
  let running: number[] = [];
  let once = true;
  sbx.sigaction(SIGTRAP, () => {
    if (!once) return;
    once = false;
    running = sbx.executorsIn(l.region);
    big = thrown(() => sbx.patch(compiler, f, 0, BIG, { reason: 'rewrite the function' }));
    small = thrown(() => sbx.patch(compiler, f, 1, Uint8Array.of(42, 0, 0, 0), { reason: 'inline cache' }));
  });
  const first = sbx.enter(executor, f).rax;
  print(`while executor(s) [${running.join(', ')}] ran in region ${l.region.name}:`);
  print(`  12-byte patch: ${message(big)}`);
  print(`  4-byte aligned patch of the immediate: ${small === null ? 'applied (atomic)' : message(small)}`);
  print(`first call returned ${first} (mov ran before the trap); second call returns ${sbx.enter(executor, f).rax}`);
  check.that(big instanceof SdkError && big.code === 'NOT_QUIESCED', 'the 12-byte patch is refused while an executor runs (NOT_QUIESCED)');
  check.that(small === null, 'an aligned patch of at most 8 bytes goes through while executors run');
  const quiet = sbx.patch(compiler, f, 0, BIG, { reason: 'rewrite the function, region quiet' });
  print(`after the executor left: 12-byte patch applied: atomic ${quiet.atomic}, quiesced ${quiet.quiesced}`);
  print(`third call returns ${sbx.enter(executor, f).rax}`);
  printRecords(l, from, print, new Set(['violation', 'quiesce', 'patch']));
  const violation = l.sink.records.slice(from).find((r) => r.kind === 'violation');
  check.that(violation?.detail?.['code'] === 'NOT_QUIESCED' && violation.tid === compiler.tid, 'a violation record with code NOT_QUIESCED');
  check.that(quiet.quiesced && !quiet.atomic, 'once the region is quiet the large patch goes through, quiesced');
  check.that(sbx.checkIntegrity(f), 'the seal hash follows every patch (integrity check passes)');
  return check.verdict('a large live patch without quiescing');
}

if (isEntry('large-patch-without-quiescing')) process.exitCode = main();
