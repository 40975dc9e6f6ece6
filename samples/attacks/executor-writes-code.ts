/**
 * Attack: JIT code running on an executor stores into its own code (the first step of every
 * "JIT spray, then rewrite the JIT region" exploit).
 *
 * Stopped by: pkeys.  Code pages are R/W/X in the page table but tagged with the region's key,
 * and an executor's PKRU has AD = 1 for every code key (policy.ts: executor code rights
 * 'none').  The store faults with SEGV_PKUERR; the SDK's SIGSEGV handler diagnoses it
 * ('executor write to code'), records a `fault`, ends the thread, and enter() throws a
 * PkeyFaultError.  The code is unchanged: its integrity check still passes.
 *
 * Run it alone with `node dist/samples/attacks/executor-writes-code.js` (after `npm run build`).
 */
import { al, byte, rdi } from '../../jit/x64/index.js';
import { PkeyFaultError } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import { Checks, formatDiagnosis, isEntry, lab, mark, message, printRecords, publish, thrown, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'JIT code on an executor stores into its own code: SEGV_PKUERR, PkeyFaultError, a fault record',
  contains: ["pitfall 'executor write to code'", 'fault tid=', 'STOPPED: executor write to its own code'],
};

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({}, instrument);
  const check = new Checks(print);
  // f(p): *(uint8_t *)p = al; the attacker passes f's own address.
  const f = publish(l, 'self-modifying', (x) => x.mov(byte(rdi), al).ret());
  const key = l.sbx.keyOf(l.region);
  print(`code ${f.id} at 0x${f.start.toString(16)} on key ${String(key)}; executor ${l.executor.tid} enters it with rdi = its own address`);
  const from = mark(l);
  const err = thrown(() => l.sbx.enter(l.executor, f, [f.start]));
  print(`enter: ${message(err)}`);
  if (!(err instanceof PkeyFaultError)) return check.verdict('no PkeyFaultError: the store was not stopped');
  const d = err.diagnosis;
  print(formatDiagnosis(d));
  printRecords(l, from, print);
  check.that(d.pitfall === 'executor write to code' && d.access === 'write' && d.code === 'SEGV_PKUERR' && d.key === key,
    "PkeyFaultError: write, SEGV_PKUERR on the region's key, pitfall 'executor write to code'", d.pitfall);
  const fault = l.sink.records.slice(from).find((r) => r.kind === 'fault');
  check.that(fault?.tid === l.executor.tid && fault.detail?.['diagnosis'] === 'executor write to code',
    'a fault record on the executor with the same diagnosis');
  check.that(l.sbx.checkIntegrity(f), 'the code still holds its sealed bytes (integrity check passes)');
  check.that(!l.executor.ut.alive, 'the executor thread was ended by the SDK (it cannot resume after the fault)');
  return check.verdict('executor write to its own code');
}

if (isEntry('executor-writes-code')) process.exitCode = main();
