/**
 * Attack: a window left open by a non-local exit.  If the code between "open" and "close"
 * throws (a bug, or an attacker-triggered error in the compiler), or returns a promise so that
 * the writing continues after an `await`, a naive open/close pair leaves the code writable on
 * that thread indefinitely (Apple forbids throwing out of its JIT write callback for this
 * reason; spec section 9, lesson 6).
 *
 * Stopped by: the window's lifetime.  withWindow() closes the window in `finally`: the thread's
 * PKRU is restored exactly (the value before the window, not a recomputed baseline) and a
 * `window.close` is recorded.  A callback that returns a promise is refused (WINDOW_ASYNC),
 * and the window is closed before the error reaches the caller; writes through it after that
 * are refused (WINDOW_CLOSED), as the continuation after an `await` would find.
 *
 * Run it alone with `node dist/samples/attacks/window-left-open-by-exception.js` (after `npm run build`).
 */
import { SdkError, type WriteWindow } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import { Checks, closeAndVerify, isEntry, lab, mark, message, printRecords, thrown, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'a withWindow callback that throws, and one that returns a promise: the window is closed and PKRU restored',
  contains: ['compiler bug in the middle of emitting', 'WINDOW_ASYNC', 'WINDOW_CLOSED', 'window.close tid=',
    'STOPPED: a window left open by an exception or a promise'],
};

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({}, instrument);
  const check = new Checks(print);
  const { sbx, compiler } = l;
  const a = sbx.reserve(l.region, 32, 'function');
  const hex = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;
  const before = compiler.ut.rdpkru();
  print(`compiler ${compiler.tid} PKRU before: ${hex(before)}`);

  let from = mark(l);
  const err = thrown(() => sbx.withWindow(compiler, a, { reason: 'emit, then throw' }, (w) => {
    w.write(0, Uint8Array.of(0x90, 0x90));
    throw new Error('compiler bug in the middle of emitting');
  }));
  print(`withWindow (callback throws): ${message(err)}`);
  print(`compiler PKRU after: ${hex(compiler.ut.rdpkru())}, open windows: [${compiler.openWindows.join(', ')}]`);
  printRecords(l, from, print, new Set(['window.open', 'window.close', 'pkru']));
  check.that(err instanceof Error && err.message === 'compiler bug in the middle of emitting', "the callback's own error reaches the caller");
  check.that(compiler.ut.rdpkru() === before && compiler.shadow === before, 'PKRU restored exactly, register and shadow');
  check.that(compiler.openWindows.length === 0 && sbx.openWindowsOn(a).length === 0, 'no window is left open');
  check.that(l.sink.records.slice(from).some((r) => r.kind === 'window.close' && r.tid === compiler.tid), 'window.close recorded');

  from = mark(l);
  let escaped: WriteWindow | null = null;
  const refused = thrown(() => sbx.withWindow(compiler, a, { reason: 'emit asynchronously' }, (w) => {
    escaped = w;
    w.write(2, Uint8Array.of(0x90));
    return Promise.resolve('more writes after an await');
  }));
  print(`withWindow (callback returns a promise): ${message(refused)}`);
  const late = thrown(() => (escaped as WriteWindow | null)?.write(3, Uint8Array.of(0xcc)));
  print(`a write after the await: ${message(late)}`);
  printRecords(l, from, print, new Set(['window.open', 'window.close', 'pkru']));
  check.that(refused instanceof SdkError && refused.code === 'WINDOW_ASYNC', 'a promise-returning callback is refused (WINDOW_ASYNC)');
  check.that(late instanceof SdkError && late.code === 'WINDOW_CLOSED', 'the window is closed: later writes are refused (WINDOW_CLOSED)');
  check.that(compiler.ut.rdpkru() === before, 'PKRU restored exactly again');

  const v = closeAndVerify(l);
  print(v.line);
  check.that(v.ok, 'audit verify: every window that opened closed (invariant 1)');
  return check.verdict('a window left open by an exception or a promise');
}

if (isEntry('window-left-open-by-exception')) process.exitCode = main();
