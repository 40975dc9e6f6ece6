/**
 * Attack: a write window whose range lies outside its allocation (issue 9, hole 3).  A window
 * opens the region's key on the compiler thread and lets it write its declared byte range.  A
 * compiler bug, or attacker-controlled sizes, could declare { offset: -16, length: 32 } (the 16
 * bytes before the allocation: the neighbouring, already published function), a length past
 * the end, or NaN (which compares false with every bound).  If the range were taken as given,
 * window.write would rewrite the neighbour's code, an executor would run the new bytes, and the
 * log would record the bogus range as the window's own.
 *
 * Stopped by: range validation when the window opens.  openWindow / withWindow accept a range
 * only of integers with 0 <= offset <= offset + length <= the allocation's size; anything else
 * throws SdkError WINDOW_RANGE with the values shown, before the PKRU changes and before any
 * record is written.  No window opens, nothing is written, and the neighbour runs its own bytes.
 *
 * Run it alone with `node dist/samples/attacks/window-range-outside-allocation.js` (after `npm run build`).
 */
import { eax } from '../../jit/x64/index.js';
import { SdkError, type WindowOptions } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import { Checks, closeAndVerify, codeBytes, isEntry, lab, mark, message, printRecords, publish, stagedBytes, thrown, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'openWindow with a range before, past the end of, or NaN in its allocation: WINDOW_RANGE, nothing written',
  contains: ['window range { offset: -16, length: 32 } is not inside allocation', 'neighbour still returns 7',
    'audit verify: intact, 0 invariant violation(s)', 'STOPPED: a window range outside its allocation'],
};

/** The ranges tried: the neighbour's bytes, past the end, NaN. */
const RANGES: ReadonlyArray<NonNullable<WindowOptions['range']>> = [
  { offset: -16, length: 32 }, { offset: 0, length: 32 }, { offset: Number.NaN, length: 16 },
];

/** `mov eax, 0x1337; ret`: what the attacker would put over the neighbour. */
const EVIL = Uint8Array.of(0xb8, 0x37, 0x13, 0, 0, 0xc3);

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({}, instrument);
  const check = new Checks(print);
  const { sbx, compiler } = l;
  const neighbour = publish(l, 'neighbour', (x) => x.mov(eax, 7).ret());
  const f = sbx.reserve(l.region, 16, 'function');
  print(`${neighbour.id} at 0x${neighbour.start.toString(16)} returns ${sbx.enter(l.executor, neighbour).rax}; ` +
    `${f.id} at 0x${f.start.toString(16)}, 16 bytes, being written`);
  const before = `${codeBytes(l, neighbour.start, neighbour.size)} | ${stagedBytes(l, neighbour)}`;
  const pkru = compiler.ut.rdpkru();
  const from = mark(l);
  for (const range of RANGES) {
    const err = thrown(() => sbx.openWindow(compiler, f, { reason: 'emit', range }).write(0, EVIL));
    print(`openWindow(${f.id}, range { offset: ${range.offset}, length: ${range.length} }): ${message(err)}`);
    check.that(err instanceof SdkError && err.code === 'WINDOW_RANGE', 'refused with SdkError WINDOW_RANGE');
    check.that(compiler.ut.rdpkru() === pkru && compiler.openWindows.length === 0, "no window opened: the compiler's PKRU is unchanged");
  }
  let ran = false;
  const err = thrown(() => sbx.withWindow(compiler, f, { reason: 'emit', range: { offset: -16, length: 16 } }, () => { ran = true; }));
  print(`withWindow(${f.id}, range { offset: -16, length: 16 }): ${message(err)}; the callback ran: ${ran}`);
  check.that(err instanceof SdkError && err.code === 'WINDOW_RANGE' && !ran, 'withWindow refuses it too, before the callback runs');
  printRecords(l, from, print);
  check.that(l.sink.records.length === from, 'no record written: nothing was opened, nothing was written');
  const rax = sbx.enter(l.executor, neighbour).rax;
  const after = `${codeBytes(l, neighbour.start, neighbour.size)} | ${stagedBytes(l, neighbour)}`;
  print(`neighbour still returns ${rax}; its code and staged bytes begin ${codeBytes(l, neighbour.start, 6)}`);
  check.that(rax === 7n && after === before, 'the neighbour still runs its own bytes; neither its code nor its staging image changed');
  const v = closeAndVerify(l);
  print(v.line);
  check.that(v.ok, 'audit verify: intact, no invariant broken', v.line);
  return check.verdict('a window range outside its allocation');
}

if (isEntry('window-range-outside-allocation')) process.exitCode = main();
