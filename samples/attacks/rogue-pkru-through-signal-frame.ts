/**
 * Attack: launder a rogue PKRU through a signal (issue 9, hole 4).  Linux enters a signal
 * handler with init_pkru_value and, at rt_sigreturn, restores the PKRU saved in the signal
 * frame's XSAVE area.  So the frame is a way to change PKRU: whatever the slot holds when the
 * handler returns is the thread's PKRU afterwards.  Two ways to get 0 (every key read/write,
 * code included) there, on an executor, with an embedder handler installed via sbx.sigaction:
 *  1. JIT code sets PKRU to 0 itself, then raises SIGTRAP (int3): the kernel saves 0 in the
 *     frame.  (Sealing keeps WRPKRU out of JIT code, so a runtime function stands in for the
 *     stray WRPKRU here.)
 *  2. JIT code raises SIGTRAP with a clean PKRU, and the frame's PKRU slot is rewritten to 0
 *     while the handler runs (here the handler does it; any write to the stack would).
 * If the SDK took the PKRU of the frame as the thread's new shadow, the thread would go on
 * with write rights on code that its own checks believe it does not have.
 *
 * Stopped by: the SDK's signal policy (sdk/signals.ts).  It wraps every handler: a frame slot
 * that differs from the shadow at signal entry is recorded as `pkru.unaudited`, and strict mode
 * ends the thread there, before the handler runs; a slot edited during the handler is found
 * on the way out and ends the thread before rt_sigreturn can load it (non-strict mode puts
 * the SDK's value back instead).  The shadow is never set from a frame.
 *
 * Run it alone with `node dist/samples/attacks/rogue-pkru-through-signal-frame.js` (after `npm run build`).
 */
import { eax, qword, rax } from '../../jit/x64/index.js';
import { SIGTRAP } from '../../mpk-hw/index.js';
import type { Allocation, SdkThread } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import { Checks, closeAndVerify, isEntry, lab, mark, message, printRecords, publish, thrown, type Lab, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'PKRU 0 in a signal frame (set before the signal, or edited in the handler): strict mode ends the thread; the shadow is never adopted',
  contains: ['where=before the signal signo=5 action=kill-thread', 'where=signal frame edited signo=5 action=kill-thread', 'the handler ran: false',
    'STOPPED: a rogue PKRU through a signal frame'],
};

/** Enters `a` on a fresh executor; prints and checks that the thread ended and its shadow stayed the SDK's; returns the thread. */
function trap(l: Lab, a: Allocation, ran: Set<number>, print: Print, check: Checks): SdkThread {
  const executor = l.sbx.spawn(l.sbx.owner, 'executor');
  const baseline = l.sbx.baseline('executor');
  const from = mark(l);
  const err = thrown(() => l.sbx.enter(executor, a));
  print(`  enter ${a.id}: ${message(err)}`);
  print(`  the handler ran: ${ran.has(executor.tid)}; thread alive: ${executor.ut.alive}; ` +
    `SDK shadow: 0x${executor.shadow.toString(16).padStart(8, '0')} (baseline 0x${baseline.toString(16).padStart(8, '0')})`);
  printRecords(l, from, print);
  const records = l.sink.records.slice(from);
  check.that(!executor.ut.alive, 'strict mode ended the thread');
  check.that(executor.shadow === baseline && !records.some((r) => r.kind === 'signal.return'),
    'the shadow stayed the baseline: no signal.return, the thread never ran on with the frame\'s PKRU');
  check.that(records.some((r) => r.kind === 'pkru.unaudited' && r.pkruAfter === '0x00000000' && r.detail?.['action'] === 'kill-thread'),
    'a pkru.unaudited record: PKRU 0 found in the frame, action kill-thread');
  return executor;
}

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({ strict: true }, instrument);
  const check = new Checks(print);
  const { sbx } = l;
  let editFrame = false;
  const ran = new Set<number>();
  sbx.sigaction(SIGTRAP, (ctx) => {
    ran.add(ctx.thread.tid);
    if (editFrame) ctx.thread.write32(ctx.pkruSlotAddr, 0);
  });
  sbx.runtime.define('rogue', (_args, caller) => {
    caller.ut.wrpkru(0); // the stray WRPKRU sealing keeps out of real JIT code
    return 0n;
  });
  const gate = sbx.runtime.install(l.compiler);
  const rogue = publish(l, 'rogue', (x) => x.movabs(rax, gate.table).call(qword(rax)).int3().mov(eax, 5).ret());
  const plain = publish(l, 'trap', (x) => x.int3().mov(eax, 5).ret());
  print('strict mode; an embedder SIGTRAP handler installed with sbx.sigaction');

  print(`1. ${rogue.id}: PKRU := 0 (through a runtime function), then int3`);
  const first = trap(l, rogue, ran, print, check);
  check.that(!ran.has(first.tid), 'the thread ended at signal entry, before the handler ran');

  print(`2. ${plain.id}: int3 with a clean PKRU; the handler writes 0 into the frame's PKRU slot`);
  editFrame = true;
  const second = trap(l, plain, ran, print, check);
  check.that(ran.has(second.tid), 'the handler ran, and the edited frame was found on its way out');

  // Thread `first` really ran with PKRU 0 (from the runtime call to the int3): the log shows it.
  const rogueSeq = l.sink.records.find((r) => r.kind === 'pkru.unaudited' && r.tid === first.tid)?.seq;
  const v = closeAndVerify(l);
  print(v.line);
  check.that(v.line.startsWith('audit verify: intact,') && v.violations.some((x) => x.invariant === 3 && x.seq === rogueSeq),
    `audit verify: the log is intact and flags thread ${first.tid}'s PKRU 0 (invariant 3)`, v.line);
  return check.verdict('a rogue PKRU through a signal frame');
}

if (isEntry('rogue-pkru-through-signal-frame')) process.exitCode = main();
