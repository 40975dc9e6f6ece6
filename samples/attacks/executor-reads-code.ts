/**
 * Attack: JIT code loads from code (its own or another function's), e.g. to harvest gadgets or
 * leak constants and pointers embedded in the code (the "JIT-ROP" first step: read the code to
 * find what to jump to).
 *
 * Stopped by: execute-only code.  Instruction fetch ignores PKRU (SDM Vol.3A 4.6.2), so with
 * AD = 1 for the code key on every thread the code still runs but no data access can reach it.
 * The load faults with SEGV_PKUERR; the SDK diagnoses 'data read of execute-only code',
 * records a `fault` and throws PkeyFaultError.  (With sealMode 'read-execute' executors get
 * read rights on code and this read would succeed: execute-only is the default for this reason.)
 *
 * Run it alone with `node dist/samples/attacks/executor-reads-code.js` (after `npm run build`).
 */
import { qword, rax, rdi } from '../../jit/x64/index.js';
import { PkeyFaultError } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import { Checks, formatDiagnosis, isEntry, lab, mark, message, printRecords, publish, thrown, type Print } from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'JIT code loads from execute-only code: SEGV_PKUERR, PkeyFaultError, a fault record',
  contains: ["pitfall 'data read of execute-only code'", 'fault tid=', 'STOPPED: data read of execute-only code'],
};

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({}, instrument);
  const check = new Checks(print);
  // A victim function whose bytes the attacker wants, and the reader: f(p) = *(uint64_t *)p.
  const victim = publish(l, 'victim', (x) => x.mov(rax, 0x1122334455667788n).ret());
  const reader = publish(l, 'reader', (x) => x.mov(rax, qword(rdi)).ret());
  const key = l.sbx.keyOf(l.region);
  print(`victim ${victim.id} at 0x${victim.start.toString(16)} on key ${String(key)}; ${reader.id} loads 8 bytes from it on executor ${l.executor.tid}`);
  const from = mark(l);
  const err = thrown(() => l.sbx.enter(l.executor, reader, [victim.start]));
  print(`enter: ${message(err)}`);
  if (!(err instanceof PkeyFaultError)) return check.verdict('no PkeyFaultError: the code was readable');
  const d = err.diagnosis;
  print(formatDiagnosis(d));
  printRecords(l, from, print);
  check.that(d.pitfall === 'data read of execute-only code' && d.access === 'read' && d.alloc === victim.id,
    `PkeyFaultError: read of ${victim.id}, pitfall 'data read of execute-only code'`, d.pitfall);
  const fault = l.sink.records.slice(from).find((r) => r.kind === 'fault');
  check.that(fault?.detail?.['diagnosis'] === 'data read of execute-only code' && fault.detail['rights'] === 'none',
    "a fault record: the executor's rights on the code key are none (execute-only)");
  // The same code still runs: execution needs no PKRU right.
  const runner = l.sbx.spawn(l.sbx.owner, 'executor');
  const r = l.sbx.enter(runner, victim);
  check.that(r.rax === 0x1122334455667788n, `a fresh executor can still run ${victim.id} (fetch ignores PKRU): rax = 0x${r.rax.toString(16)}`);
  return check.verdict('data read of execute-only code');
}

if (isEntry('executor-reads-code')) process.exitCode = main();
